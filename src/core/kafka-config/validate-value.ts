import { closestMatches } from "../text/did-you-mean.js";
import { describeExpected } from "./describe-rule.js";
import type { KafkaVersion } from "./kafka-version.js";
import { ruleIn, type TopicConfigEntry, type ValueRule } from "./topic-config-entry.js";
import { lookupTopicConfig } from "./topic-configs.js";
import { plainNumberHint } from "./unit-hints.js";

/** A config value as YAML gives it: scalars, big integers kept exact (as text or bigint), or a list of items. */
export type ConfigValueInput = string | number | boolean | bigint | readonly (string | number)[];

export type ConfigProblemKind = "unknown-key" | "wrong-type" | "out-of-range" | "invalid-choice";

export interface ConfigValueProblem {
  readonly kind: ConfigProblemKind;
  /** One line: the key, what it must be, and what was given. */
  readonly message: string;
  /** What a valid value looks like, e.g. "a whole number ≥ -1 (milliseconds; -1 means keep forever)". */
  readonly expected: string;
  /** The value probably meant, when it can be guessed: "7d is 604800000 milliseconds". */
  readonly hint?: string;
}

/** Either the value exactly as kgov should send it to Kafka, or why Kafka would reject it. */
export type ConfigValueCheck =
  { readonly ok: true; readonly value: string } | { readonly ok: false; readonly problem: ConfigValueProblem };

export interface CheckOptions {
  /** Apply that release's bounds; without it, a value passes if any supported release accepts it. */
  readonly kafkaVersion?: KafkaVersion;
}

const INTEGER_WIDTH = {
  int: { min: -(2n ** 31n), max: 2n ** 31n - 1n },
  long: { min: -(2n ** 63n), max: 2n ** 63n - 1n },
} as const;

type Outcome =
  | { ok: true; value: string }
  | { ok: false; kind: Exclude<ConfigProblemKind, "unknown-key">; hint?: string; expected?: string };

const wrongType = (hint?: string): Outcome => ({ ok: false, kind: "wrong-type", ...(hint ? { hint } : {}) });

function describeInput(value: ConfigValueInput): string {
  return typeof value === "string" || Array.isArray(value) ? JSON.stringify(value) : String(value);
}

/** Scalars as the text Kafka would parse; lists and booleans only where the rule allows them. */
function scalarText(value: ConfigValueInput): string | undefined {
  if (typeof value === "string") return value.trim();
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  return undefined;
}

function listItems(value: ConfigValueInput): string[] | undefined {
  if (Array.isArray(value)) return value.map((item) => String(item).trim());
  const text = scalarText(value);
  if (text === undefined) return undefined;
  return text === "" ? [] : text.split(",").map((item) => item.trim());
}

function checkBoolean(value: ConfigValueInput): Outcome {
  if (typeof value === "boolean") return { ok: true, value: String(value) };
  const text = typeof value === "string" ? value.trim().toLowerCase() : undefined;
  if (text === "true" || text === "false") return { ok: true, value: text };
  return wrongType();
}

function checkInteger(
  entry: TopicConfigEntry,
  rule: Extract<ValueRule, { kind: "integer" }>,
  value: ConfigValueInput,
): Outcome {
  let n: bigint;
  if (typeof value === "bigint") n = value;
  else if (typeof value === "number") {
    if (!Number.isInteger(value)) return wrongType();
    // YAML already rounded it: the digits the user wrote are gone.
    if (!Number.isSafeInteger(value))
      return wrongType("numbers above 2^53 lose digits in YAML; quote the value to keep it exact");
    n = BigInt(value);
  } else if (typeof value === "string" && /^[+-]?\d+$/.test(value.trim())) n = BigInt(value.trim());
  else return wrongType(typeof value === "string" ? plainNumberHint(value, entry.unit) : undefined);

  const width = INTEGER_WIDTH[entry.type === "int" ? "int" : "long"];
  if (n < width.min || n > width.max) {
    const capped = { ...rule, min: rule.min ?? width.min, max: rule.max ?? width.max };
    return {
      ok: false,
      kind: "out-of-range",
      expected: describeExpected(entry, capped),
      hint: `Kafka stores ${entry.key} as a ${entry.type === "int" ? "32" : "64"}-bit ${entry.type}`,
    };
  }
  const inRange = (rule.min === undefined || n >= rule.min) && (rule.max === undefined || n <= rule.max);
  if (!inRange && !rule.alsoAllowed?.includes(n)) return { ok: false, kind: "out-of-range" };
  return { ok: true, value: n.toString() };
}

function checkDecimal(rule: Extract<ValueRule, { kind: "decimal" }>, value: ConfigValueInput): Outcome {
  const text = scalarText(value);
  if (text === undefined || !/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) return wrongType();
  const n = Number(text);
  if (!Number.isFinite(n)) return wrongType();
  if (n < rule.min || n > rule.max) return { ok: false, kind: "out-of-range" };
  return { ok: true, value: String(n) };
}

/** Why a word is not one of the choices: wrong case, a known mix-up, or a near miss. */
function choiceHint(
  word: string,
  choices: readonly string[],
  aliases: readonly (readonly [string, string])[] = [],
): string | undefined {
  const sameLetters = choices.find((c) => c.toLowerCase() === word.toLowerCase());
  if (sameLetters) return `values are case-sensitive: write "${sameLetters}"`;
  const meant =
    aliases.find(([written]) => written === word.toLowerCase())?.[1] ?? closestMatches(word, choices, { max: 1 })[0];
  return meant ? `did you mean "${meant}"?` : undefined;
}

function checkChoice(rule: Extract<ValueRule, { kind: "choice" }>, value: ConfigValueInput): Outcome {
  const text = scalarText(value);
  if (text === undefined) return wrongType();
  if (rule.choices.includes(text)) return { ok: true, value: text };
  const hint = choiceHint(text, rule.choices, rule.aliases);
  return { ok: false, kind: "invalid-choice", ...(hint ? { hint } : {}) };
}

function checkChoiceList(rule: Extract<ValueRule, { kind: "choice-list" }>, value: ConfigValueInput): Outcome {
  const items = listItems(value);
  if (items === undefined) return wrongType();
  const wrong = items.find((item) => !rule.choices.includes(item));
  if (wrong === "") return { ok: false, kind: "invalid-choice", hint: "remove the empty entry between the commas" };
  if (wrong !== undefined) {
    const hint = choiceHint(wrong, rule.choices);
    return { ok: false, kind: "invalid-choice", hint: `"${wrong}" is not allowed${hint ? `; ${hint}` : ""}` };
  }
  return { ok: true, value: [...new Set(items)].join(",") };
}

function isReplica(item: string): boolean {
  const match = /^(\d+):(\d+)$/.exec(item);
  return match !== null && match.slice(1).every((id) => BigInt(id) <= INTEGER_WIDTH.int.max);
}

function checkReplicaList(value: ConfigValueInput): Outcome {
  const items = listItems(value);
  if (items === undefined) return wrongType();
  if (items.length === 1 && items[0] === "*") return { ok: true, value: "*" };
  const wrong = items.find((item) => !isReplica(item));
  if (wrong === undefined) return { ok: true, value: items.join(",") };
  return wrongType(
    wrong === "" ? "remove the empty entry between the commas" : `"${wrong}" is not a partitionId:brokerId pair`,
  );
}

function checkFormatVersion(value: ConfigValueInput): Outcome {
  const text = scalarText(value);
  if (text === undefined) return wrongType();
  if (/^\d+\.\d+(\.\d+)?(-IV\d+)?$/.test(text)) return { ok: true, value: text };
  return {
    ok: false,
    kind: "invalid-choice",
    ...(typeof value === "number" ? { hint: 'quote the version ("3.0") so YAML keeps it as written' } : {}),
  };
}

function checkRule(entry: TopicConfigEntry, rule: ValueRule, value: ConfigValueInput): Outcome {
  switch (rule.kind) {
    case "boolean":
      return checkBoolean(value);
    case "integer":
      return checkInteger(entry, rule, value);
    case "decimal":
      return checkDecimal(rule, value);
    case "choice":
      return checkChoice(rule, value);
    case "choice-list":
      return checkChoiceList(rule, value);
    case "replica-list":
      return checkReplicaList(value);
    case "format-version":
      return checkFormatVersion(value);
  }
}

/**
 * Checks a topic config value the way the broker would, and gives back the exact text to send:
 * 604800000 → "604800000", true → "true", "compact, delete" → "compact,delete", "0.50" → "0.5".
 */
export function checkTopicConfigValue(
  key: string,
  value: ConfigValueInput,
  options: CheckOptions = {},
): ConfigValueCheck {
  const entry = lookupTopicConfig(key);
  if (!entry) {
    const expected = "a topic config key Kafka knows, such as retention.ms";
    return { ok: false, problem: { kind: "unknown-key", message: `${key} is not a Kafka topic config`, expected } };
  }
  const rule = ruleIn(entry, options.kafkaVersion);
  const outcome = checkRule(entry, rule, value);
  if (outcome.ok) return outcome;
  const expected = outcome.expected ?? describeExpected(entry, rule);
  const message = `${key} must be ${expected}, got ${describeInput(value)}`;
  return {
    ok: false,
    problem: { kind: outcome.kind, message, expected, ...(outcome.hint ? { hint: outcome.hint } : {}) },
  };
}

/**
 * A form of the value in which equal settings compare equal, for diffing desired against actual: numbers and booleans
 * canonical ("1.0" and "1" alike), lists trimmed, de-duplicated and sorted (Kafka treats them as sets). Values that
 * fail the check, and unknown keys, are only trimmed.
 */
export function normaliseConfigValue(key: string, value: ConfigValueInput): string {
  const checked = checkTopicConfigValue(key, value);
  const text = checked.ok ? checked.value : Array.isArray(value) ? value.join(",") : String(value).trim();
  const kind = lookupTopicConfig(key)?.rule.kind;
  if (kind !== "choice-list" && kind !== "replica-list") return text;
  const items = text
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
  return [...new Set(items)].sort().join(",");
}
