import type { Diagnostic } from "../core/diagnostics/index.js";
import { isFleetPlan, type FleetPlan } from "../core/plan/fleet.js";
import { ACTION_PHASES, PLAN_FORMAT_VERSION, type Plan } from "../core/plan/index.js";

function invalid(label: string, detail: string): Diagnostic {
  return {
    code: "apply/invalid-plan-file",
    severity: "error",
    message: `${label} is not a kgov plan: ${detail}`,
    fix: "Write the plan with `kgov plan --out plan.json` and pass that file to `kgov apply`.",
    path: label,
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

const BINDING_FIELDS = ["principal", "host", "resourceType", "resourceName", "patternType", "operation", "permission"];

function isKnownAction(action: unknown): boolean {
  if (!isObject(action) || !ACTION_PHASES.includes(action.type as (typeof ACTION_PHASES)[number])) return false;
  if (action.type === "acl.create" || action.type === "acl.delete") {
    const binding = action.binding;
    return isObject(binding) && BINDING_FIELDS.every((f) => typeof binding[f] === "string");
  }
  if (typeof action.type === "string" && action.type.startsWith("subject.")) return typeof action.subject === "string";
  return typeof action.topic === "string";
}

/**
 * Parses the JSON a `kgov plan --out` wrote. Checks the envelope (format version, fingerprints, target, arrays and
 * each action's type and topic, binding or subject); the fingerprints then guarantee the content matches what planning
 * would produce. A fleet plan (`kgov plan --env a,b --out`) is returned as such when `acceptFleet`, refused otherwise.
 */
export function parseSavedPlan(
  text: string,
  label: string,
  { acceptFleet = false } = {},
): { plan?: Plan; fleet?: FleetPlan; diagnostics: Diagnostic[] } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return {
      diagnostics: [invalid(label, `invalid JSON (${error instanceof Error ? error.message : "parse error"})`)],
    };
  }
  if (!isObject(value)) return { diagnostics: [invalid(label, "the file does not hold a JSON object")] };
  if (isFleetPlan(value)) {
    if (acceptFleet) return { fleet: value, diagnostics: [] };
    return { diagnostics: [invalid(label, "it is a fleet plan (several environments), not one environment's plan")] };
  }
  if (value.formatVersion !== PLAN_FORMAT_VERSION) {
    return {
      diagnostics: [
        invalid(
          label,
          `formatVersion ${JSON.stringify(value.formatVersion)} is not supported (this kgov writes ${PLAN_FORMAT_VERSION})`,
        ),
      ],
    };
  }
  const fp = value.fingerprints;
  if (!isObject(fp) || typeof fp.observed !== "string" || typeof fp.desired !== "string") {
    return { diagnostics: [invalid(label, "fingerprints are missing")] };
  }
  const target = value.target;
  if (!isObject(target) || typeof target.clusterId !== "string") {
    return { diagnostics: [invalid(label, "target.clusterId is missing")] };
  }
  if (!Array.isArray(value.actions) || !Array.isArray(value.diagnostics) || !Array.isArray(value.unmanaged)) {
    return { diagnostics: [invalid(label, "actions, unmanaged or diagnostics is not a list")] };
  }
  for (const [i, action] of (value.actions as unknown[]).entries()) {
    if (!isKnownAction(action)) return { diagnostics: [invalid(label, `actions[${i}] is not a known action`)] };
  }
  if (value.appTopics !== undefined && !Array.isArray(value.appTopics)) {
    return { diagnostics: [invalid(label, "appTopics is not a list")] };
  }
  // appTopics is newer than formatVersion 2: a plan saved without it lists none.
  return { plan: { appTopics: [], ...value } as unknown as Plan, diagnostics: [] };
}
