import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseFleetArgs } from "../../../src/cli/fleet-args.js";
import { fleetExitCode, type FleetPlan } from "../../../src/core/plan/fleet.js";
import { runCli } from "../../helpers/cli.js";

describe("fleet arguments", () => {
  it("recognises an environment list or --all-envs on plan, apply and drift, and nothing else", () => {
    expect(parseFleetArgs(["plan", "--env", "dev,prod", "-f", "x", "--out", "p.json", "-o", "json"])).toEqual({
      command: "plan",
      environments: ["dev", "prod"],
      rest: ["-f", "x"],
      output: "json",
      out: "p.json",
      files: ["x"],
    });
    expect(parseFleetArgs(["-o", "markdown", "plan", "--all-envs"])).toMatchObject({
      environments: "all",
      output: "markdown",
    });
    expect(parseFleetArgs(["plan", "--env=dev,staging"])).toMatchObject({ environments: ["dev", "staging"] });
    expect(parseFleetArgs(["plan", "--env", "dev"])).toBeUndefined();
    // drift has no --out: it stays in rest, for drift itself to refuse
    expect(parseFleetArgs(["drift", "--env", "a,b", "--out", "d.json"])).toMatchObject({
      command: "drift",
      environments: ["a", "b"],
      rest: ["--out", "d.json"],
    });
    expect(parseFleetArgs(["drift", "--env", "a"])).toBeUndefined();
    expect(parseFleetArgs(["validate", "--env", "dev,prod"])).toBeUndefined();
    // The value of -f named "plan" is not the command; apply keeps --out-less flags in rest.
    expect(parseFleetArgs(["validate", "-f", "plan"])).toBeUndefined();
  });

  it("leaves apply of a plan file to apply, which tells it the file held a fleet plan; an option's value is no file", () => {
    // apply reads the file once and recognises a fleet plan itself
    expect(parseFleetArgs(["apply", "--env", "dev", "fleet.json", "--auto-approve"])).toBeUndefined();
    expect(
      parseFleetArgs(["apply", "--env", "dev", "fleet.json", "--auto-approve"], { savedFleet: true }),
    ).toMatchObject({ planFile: "fleet.json", environments: ["dev"], rest: ["fleet.json", "--auto-approve"] });
    expect(parseFleetArgs(["apply", "--env", "dev,prod", "fleet.json"])).toMatchObject({ planFile: "fleet.json" });
    expect(parseFleetArgs(["apply", "--timeout", "30", "--env", "dev"], { savedFleet: true })).toBeUndefined();
  });

  it("combines exit codes: failure over findings over changes", () => {
    const fleet = (codes: number[]): FleetPlan => ({
      formatVersion: 1,
      kind: "fleet-plan",
      environments: codes.map((exitCode, i) => ({ environment: `e${i}`, exitCode, diagnostics: [] })),
    });
    expect(fleetExitCode(fleet([0, 3, 1]), false)).toBe(1);
    expect(fleetExitCode(fleet([0, 3]), true)).toBe(3);
    expect(fleetExitCode(fleet([0, 0]), true)).toBe(0);
  });
});

describe("kgov apply of a saved plan file, by what the file holds", () => {
  const withFile = async (name: string, text: string, run: (dir: string) => Promise<void>) => {
    const dir = await mkdtemp(join(tmpdir(), "kgov-fleet-file-"));
    try {
      await writeFile(join(dir, name), text);
      await run(dir);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };

  it("refuses a single environment's plan given an environment list, naming the file", async () => {
    await withFile("plan.json", JSON.stringify({ formatVersion: 2, actions: [] }), async (dir) => {
      const run = await runCli(["apply", "plan.json", "--env", "dev,prod"], { cwd: dir });
      expect(run.exitCode).toBe(1);
      expect(run.stderr).toContain("plan.json is not a fleet plan, so it cannot be applied to several environments");
    });
  });

  it("hands a fleet plan from apply to the fleet, which reports an environment that could not be planned", async () => {
    const fleet: FleetPlan = {
      formatVersion: 1,
      kind: "fleet-plan",
      environments: [{ environment: "dev", exitCode: 1, diagnostics: [] }],
    };
    await withFile("fleet.json", JSON.stringify(fleet), async (dir) => {
      const run = await runCli(["apply", "fleet.json"], { cwd: dir });
      expect(run.exitCode).toBe(1);
      expect(run.stderr).toContain("Environment dev has no plan in fleet.json (it could not be planned).");
      expect(run.stdout).toContain("Stopped at environment dev (exit 1).");
    });
  });
});
