import type { TopicConfigEntry, ValueRule } from "./topic-config-entry.js";

/*
 * The "expected …" half of a value problem, in words a person reads once and knows what to write:
 * "a whole number ≥ -1 (milliseconds; -1 means keep forever)".
 */

function quoted(values: readonly string[]): string {
  return values.map((v) => `"${v}"`).join(", ");
}

function wholeNumberPhrase(min: bigint | undefined, max: bigint | undefined): string {
  if (min !== undefined && max !== undefined) return `a whole number from ${min} to ${max}`;
  if (min !== undefined) return `a whole number ≥ ${min}`;
  if (max !== undefined) return `a whole number ≤ ${max}`;
  return "a whole number";
}

function rulePhrase(rule: ValueRule): string {
  switch (rule.kind) {
    case "boolean":
      return "true or false";
    case "integer": {
      const base = wholeNumberPhrase(rule.min, rule.max);
      return rule.alsoAllowed?.length ? `${base}, or ${rule.alsoAllowed.join(" or ")}` : base;
    }
    case "decimal":
      return `a number from ${rule.min} to ${rule.max}`;
    case "choice":
      return `one of ${quoted(rule.choices)}`;
    case "choice-list":
      return `a comma-separated list of ${quoted(rule.choices)}`;
    case "replica-list":
      return '"*" or a comma-separated list of partitionId:brokerId pairs such as "0:101,1:102"';
    case "format-version":
      return 'a message format version such as "2.8" or "3.0-IV1"';
  }
}

/** Unit and special values, e.g. "(milliseconds; -1 means keep forever)", or "" when there is nothing to add. */
function details(entry: TopicConfigEntry): string {
  const parts = [...(entry.unit ? [entry.unit] : []), ...(entry.meanings ?? []).map(([v, m]) => `${v} means ${m}`)];
  return parts.length > 0 ? ` (${parts.join("; ")})` : "";
}

/** What a valid value looks like. `rule` is the entry's rule for the target version, possibly with a tighter bound. */
export function describeExpected(entry: TopicConfigEntry, rule: ValueRule): string {
  return `${rulePhrase(rule)}${details(entry)}`;
}
