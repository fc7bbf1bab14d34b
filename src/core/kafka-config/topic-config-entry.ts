import { compareKafkaVersions, type KafkaVersion } from "./kafka-version.js";

/** The value types of Kafka's ConfigDef, as DescribeConfigs reports them. */
export type KafkaConfigType = "boolean" | "int" | "long" | "double" | "string" | "list" | "class" | "password";

/** What a value must look like; the integer width comes from the entry's type (int: 32-bit, long: 64-bit). */
export type ValueRule =
  | { readonly kind: "boolean" }
  /** Inclusive bounds; `alsoAllowed` are single values outside them that still mean something (gzip level -1). */
  | { readonly kind: "integer"; readonly min?: bigint; readonly max?: bigint; readonly alsoAllowed?: readonly bigint[] }
  | { readonly kind: "decimal"; readonly min: number; readonly max: number }
  /** `aliases` are values people write by mistake, with the choice they mean ("none" → "uncompressed"). */
  | {
      readonly kind: "choice";
      readonly choices: readonly string[];
      readonly aliases?: readonly (readonly [written: string, meant: string])[];
    }
  /** A comma-separated list whose items come from `choices`; Kafka compares them case-sensitively. */
  | { readonly kind: "choice-list"; readonly choices: readonly string[] }
  /** `*`, or `partitionId:brokerId` pairs separated by commas. */
  | { readonly kind: "replica-list" }
  /** An old message format / inter-broker protocol version such as `2.8` or `3.0-IV1`. */
  | { readonly kind: "format-version" };

export type ConfigUnit = "milliseconds" | "bytes" | "messages";

/** A later release changed the default or the lower bound. */
export interface ConfigChange {
  readonly since: KafkaVersion;
  readonly defaultValue?: string;
  readonly min?: bigint;
}

export interface TopicConfigEntry {
  readonly key: string;
  readonly type: KafkaConfigType;
  /**
   * The default as DescribeConfigs shows it, in the oldest supported release that has the key (`changes` says what
   * moved later). It is the broker's built-in default; a cluster can override it with the broker-level synonym.
   */
  readonly defaultValue: string;
  readonly rule: ValueRule;
  readonly unit?: ConfigUnit;
  /** Values with a special meaning, e.g. retention.ms -1 = keep forever. */
  readonly meanings?: readonly (readonly [value: string, meaning: string])[];
  /** Broker-level names that set the cluster-wide default; the first is the "Server Default Property". */
  readonly brokerKeys: readonly string[];
  /** First release with the key; absent when it is older than any release kgov supports. */
  readonly since?: KafkaVersion;
  /** First release whose brokers reject the key as unknown. */
  readonly removedIn?: KafkaVersion;
  /** Why it should no longer be set, when Kafka has deprecated it. */
  readonly deprecated?: string;
  /** What to set instead once it is removed. */
  readonly replacedBy?: readonly string[];
  /** Whether Kafka treats the value as a secret (never shown by DescribeConfigs). No topic config is, today. */
  readonly sensitive: boolean;
  readonly note?: string;
  readonly changes?: readonly ConfigChange[];
}

export type TopicConfigAvailability =
  | { readonly status: "available" }
  | { readonly status: "deprecated"; readonly reason: string }
  | { readonly status: "removed"; readonly removedIn: KafkaVersion; readonly replacedBy: readonly string[] }
  | { readonly status: "not-yet-available"; readonly since: KafkaVersion };

/** Whether brokers of `version` know the key, so a removed key can be a warning rather than "unknown". */
export function availabilityIn(entry: TopicConfigEntry, version: KafkaVersion): TopicConfigAvailability {
  if (entry.removedIn && compareKafkaVersions(version, entry.removedIn) >= 0) {
    return { status: "removed", removedIn: entry.removedIn, replacedBy: entry.replacedBy ?? [] };
  }
  if (entry.since && compareKafkaVersions(version, entry.since) < 0)
    return { status: "not-yet-available", since: entry.since };
  return entry.deprecated ? { status: "deprecated", reason: entry.deprecated } : { status: "available" };
}

function changesUpTo(entry: TopicConfigEntry, version: KafkaVersion | undefined): readonly ConfigChange[] {
  const changes = entry.changes ?? [];
  return version === undefined ? changes : changes.filter((c) => compareKafkaVersions(c.since, version) <= 0);
}

/** The default brokers of `version` report; without a version, the newest release's. */
export function defaultValueIn(entry: TopicConfigEntry, version?: KafkaVersion): string {
  let value = entry.defaultValue;
  for (const change of changesUpTo(entry, version)) value = change.defaultValue ?? value;
  return value;
}

/**
 * The rule brokers of `version` apply. Without a version the most permissive bound of every supported release is
 * used, so an offline check never rejects a value some target cluster would accept.
 */
export function ruleIn(entry: TopicConfigEntry, version?: KafkaVersion): ValueRule {
  const rule = entry.rule;
  if (rule.kind !== "integer") return rule;
  let min = rule.min;
  for (const change of changesUpTo(entry, version)) {
    if (change.min === undefined) continue;
    min = version === undefined && min !== undefined && min < change.min ? min : change.min;
  }
  return min === undefined ? rule : { ...rule, min };
}
