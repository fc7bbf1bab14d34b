import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { PRE_COMMIT_FILES, starterFiles } from "../../../src/core/init/starter.js";
import { KGOV_VERSION } from "../../../src/cli/version.js";
import { runCli } from "../../helpers/cli.js";

/** `kgov init` against the real file system, in a fresh temporary folder per test. */
describe("kgov init", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "kgov-init-"));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const read = (path: string) => readFileSync(join(dir, path), "utf8");

  it("writes kgov.yaml and schemas/GreetingSent.avsc, and says what to do next", async () => {
    const run = await runCli(["init"], { cwd: dir, env: {} });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toBe("");
    expect(run.stdout).toContain("created kgov.yaml\ncreated schemas/GreetingSent.avsc\n");
    expect(run.stdout).toContain("Next: kgov validate");
    expect(run.stdout).toContain("pre-commit");
    expect(run.stdout).toContain("id: kgov-validate");
    expect(run.stdout).toContain(PRE_COMMIT_FILES);
    for (const file of starterFiles(KGOV_VERSION)) expect(read(file.path)).toBe(file.text);
    expect(JSON.parse(read("schemas/GreetingSent.avsc"))).toMatchObject({ type: "record", name: "GreetingSent" });
  });

  it("starts kgov.yaml with the yaml-language-server schema comment for editors", async () => {
    await runCli(["init"], { cwd: dir, env: {} });
    const firstLine = read("kgov.yaml").split("\n")[0];
    expect(firstLine).toBe(
      `# yaml-language-server: $schema=https://unpkg.com/kgov@${KGOV_VERSION}/schemas/kgov.schema.json`,
    );
  });

  it("writes an estate that `kgov validate` accepts with no findings at all", async () => {
    expect((await runCli(["init"], { cwd: dir, env: {} })).exitCode).toBe(0);
    const text = await runCli(["validate"], { cwd: dir, env: {} });
    expect(text).toEqual({
      exitCode: 0,
      stderr: "",
      stdout: "✓ 1 file, 1 topic, 1 service, 0 ACL entries, 1 schema file: 0 errors, 0 warnings, 0 infos\n",
    });
    const json = await runCli(["validate", "--output", "json"], { cwd: dir, env: {} });
    expect(json.exitCode).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: true, diagnostics: [], summary: { files: 1, schemas: 1 } });
    // The starter's dev environment (one broker, RF 1) must also be clean despite the RF ≥ 3 policy.
    const dev = await runCli(["validate", "--env", "dev"], { cwd: dir, env: {} });
    expect(dev.exitCode).toBe(0);
    expect(dev.stderr).toBe("");
  });

  it("reports the files it created as JSON with --output json", async () => {
    const run = await runCli(["--output", "json", "init"], { cwd: dir, env: {} });
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ formatVersion: 1, created: ["kgov.yaml", "schemas/GreetingSent.avsc"] });
  });

  it("refuses to run twice (exit 1), names the existing file and leaves both files unchanged", async () => {
    await runCli(["init"], { cwd: dir, env: {} });
    const before = starterFiles(KGOV_VERSION).map((f) => read(f.path));
    const again = await runCli(["init"], { cwd: dir, env: {} });
    expect(again.exitCode).toBe(1);
    expect(again.stdout).toBe("");
    expect(again.stderr).toContain(
      "error[cli/file-exists]: kgov.yaml already exists; kgov init never overwrites files",
    );
    expect(again.stderr).toContain("schemas/GreetingSent.avsc already exists");
    expect(starterFiles(KGOV_VERSION).map((f) => read(f.path))).toEqual(before);
  });

  it("writes nothing at all when only one of its files exists already", async () => {
    writeFileSync(join(dir, "kgov.yaml"), "mine\n");
    const run = await runCli(["init"], { cwd: dir, env: {} });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain("kgov.yaml already exists");
    expect(run.stderr).not.toContain("GreetingSent.avsc already exists");
    expect(read("kgov.yaml")).toBe("mine\n");
    expect(() => read("schemas/GreetingSent.avsc")).toThrow(/ENOENT/);
  });
});

describe("the pre-commit file pattern", () => {
  it("PRE_COMMIT_FILES is the `files:` regex of the hook in .pre-commit-hooks.yaml", () => {
    const hooks = parse(readFileSync(new URL("../../../.pre-commit-hooks.yaml", import.meta.url), "utf8")) as {
      id: string;
      files: string;
    }[];
    const hook = hooks.find((h) => h.id === "kgov-validate");
    expect(hook?.files).toBe(PRE_COMMIT_FILES);
  });

  it.each([
    ["kgov.yaml", true],
    ["infra/kgov.yml", true],
    ["kgov.d/topics/orders.yaml", true],
    ["schemas/order.avsc", true],
    ["schemas/order.avdl", true],
    ["schemas/order.proto", true],
    ["schemas/order.json", true],
    ["README.md", false],
    ["other.yaml", false],
    ["mykgov.yaml", false],
  ])("%s → %s", (path, matches) => {
    // pre-commit applies `files` with Python's re.search; for this pattern JavaScript's RegExp agrees.
    expect(new RegExp(PRE_COMMIT_FILES).test(path)).toBe(matches);
  });
});
