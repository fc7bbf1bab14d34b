import type { Diagnostic } from "../diagnostics/index.js";
import { hasChanges, type Plan } from "./types.js";

/**
 * `kgov plan --env dev,staging,prod` (or `--all-envs`): one plan per environment, read concurrently, in one
 * versioned document. `kgov apply <file>` of it applies the environments in order and stops at the first failure.
 */
export const FLEET_FORMAT_VERSION = 1;

export interface FleetPlan {
  readonly formatVersion: typeof FLEET_FORMAT_VERSION;
  readonly kind: "fleet-plan";
  readonly environments: readonly FleetEntry[];
}

export interface FleetEntry {
  readonly environment: string;
  /** The exit code `kgov plan --env <environment>` gave on its own (0, 2 with --detailed-exitcode, 3, 1). */
  readonly exitCode: number;
  /** Absent when the environment could not be planned (unreachable cluster, invalid files): see diagnostics. */
  readonly plan?: Plan;
  readonly diagnostics: readonly Diagnostic[];
}

/** The fleet's exit code: a failure (1) wins over findings (3), findings over changes (2, when asked for). */
export function fleetExitCode(fleet: FleetPlan, detailed: boolean): number {
  const codes = fleet.environments.map((e) => e.exitCode);
  if (codes.includes(1)) return 1;
  if (codes.includes(3)) return 3;
  if (detailed && fleet.environments.some((e) => e.plan !== undefined && hasChanges(e.plan))) return 2;
  return 0;
}

/** Whether a parsed JSON document is a fleet plan (as opposed to a single environment's plan). */
export function isFleetPlan(value: unknown): value is FleetPlan {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { kind?: unknown }).kind === "fleet-plan" &&
    Array.isArray((value as { environments?: unknown }).environments)
  );
}
