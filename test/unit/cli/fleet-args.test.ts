import { describe, expect, it } from "vitest";
import { parseFleetArgs } from "../../../src/cli/fleet-args.js";
import { fleetExitCode, type FleetPlan } from "../../../src/core/plan/fleet.js";

describe("fleet arguments", () => {
  it("recognises an environment list or --all-envs on plan and apply, and nothing else", () => {
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
    expect(parseFleetArgs(["validate", "--env", "dev,prod"])).toBeUndefined();
    // The value of -f named "plan" is not the command; apply keeps --out-less flags in rest.
    expect(parseFleetArgs(["validate", "-f", "plan"])).toBeUndefined();
  });

  it("treats apply's first positional as a possible fleet plan file, never an option's value", () => {
    expect(parseFleetArgs(["apply", "--env", "dev", "fleet.json", "--auto-approve"])).toMatchObject({
      planFile: "fleet.json",
      environments: ["dev"],
      rest: ["fleet.json", "--auto-approve"],
    });
    expect(parseFleetArgs(["apply", "--timeout", "30", "--env", "dev"])).toBeUndefined();
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
