import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCli } from "../../helpers/cli.js";

const pkg = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as { version: string };

describe("kgov main(argv, io)", () => {
  it("prints the package version and exits 0", async () => {
    const run = await runCli(["--version"]);
    expect(run).toEqual({ exitCode: 0, stdout: `${pkg.version}\n`, stderr: "" });
  });

  it("prints help with the exit-code table on stdout", async () => {
    const run = await runCli(["--help"]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("Usage: kgov");
    expect(run.stdout).toMatch(/^\s+3\s+findings/m);
    expect(run.stdout).toMatch(/^\s+130\s+interrupted/m);
    expect(run.stderr).toBe("");
  });

  it("treats an unknown flag as a tool failure (exit 1) with a message on stderr", async () => {
    const run = await runCli(["--definitely-not-a-flag"]);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("unknown option '--definitely-not-a-flag'");
  });

  it("tells the process when a command starts, but not for --help or --version", async () => {
    let starts = 0;
    const commandStarting = () => void starts++;
    await runCli(["--help"], { commandStarting });
    await runCli(["--version"], { commandStarting });
    await runCli(["validate", "--help"], { commandStarting });
    expect(starts).toBe(0);
    await runCli(["validate", "-f", "does-not-exist.yaml"], { commandStarting });
    expect(starts).toBe(1);
  });

  it("rejects an output format outside the documented choices", async () => {
    const run = await runCli(["--output", "yaml", "--version"]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain("yaml");
  });
});

describe("usage errors never echo a value", () => {
  it("redacts the value of a mistyped --flag=value", async () => {
    const run = await runCli(["cluster", "check", "--sasl-pasword=hunter2"]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain("--sasl-pasword=<redacted>");
    expect(run.stderr).not.toContain("hunter2");
  });
});
