import { defaultValueIn, lookupTopicConfig } from "../kafka-config/index.js";
import type { Risk } from "./types.js";

/** `604800000` → `7d`, `-1` → `unlimited`; anything that is not a whole number is returned as written. */
export function formatMilliseconds(value: string): string {
  if (!/^-?\d+$/.test(value)) return value;
  const n = BigInt(value);
  if (n < 0n) return "unlimited";
  const units: readonly (readonly [bigint, string])[] = [
    [86_400_000n, "d"],
    [3_600_000n, "h"],
    [60_000n, "min"],
    [1_000n, "s"],
  ];
  for (const [size, suffix] of units) if (n > 0n && n % size === 0n) return `${n / size}${suffix}`;
  return `${n}ms`;
}

/** `1073741824` → `1 GiB`, `-1` → `unlimited`. */
export function formatBytes(value: string): string {
  if (!/^-?\d+$/.test(value)) return value;
  const n = BigInt(value);
  if (n < 0n) return "unlimited";
  const units: readonly (readonly [bigint, string])[] = [
    [1n << 40n, "TiB"],
    [1n << 30n, "GiB"],
    [1n << 20n, "MiB"],
    [1n << 10n, "KiB"],
  ];
  for (const [size, suffix] of units) if (n > 0n && n % size === 0n) return `${n / size} ${suffix}`;
  return `${n} bytes`;
}

/** Retention limits: a negative value (-1) means no limit. */
function limit(value: string): bigint | "unlimited" | undefined {
  if (!/^-?\d+$/.test(value.trim())) return undefined;
  const n = BigInt(value.trim());
  return n < 0n ? "unlimited" : n;
}

/** How a removed override is described: its replacement is the inherited value, which kgov can only estimate. */
function revertNote(key: string): string {
  const entry = lookupTopicConfig(key);
  if (!entry) return "reverts to the inherited value";
  const broker = entry.brokerKeys[0];
  const shown =
    key === "retention.bytes" ? formatBytes : key === "retention.ms" ? formatMilliseconds : (v: string) => v;
  return `reverts to the inherited value (Kafka's default ${shown(defaultValueIn(entry))}${broker ? ` unless the brokers set ${broker}` : ""})`;
}

/**
 * Whether lowering a retention limit deletes data. `from` undefined or null means the current value is unknown, which
 * is reported as a possible shortening rather than silently ignored.
 */
function retentionRisk(
  key: "retention.ms" | "retention.bytes",
  from: string | null,
  to: string,
  reverting: boolean,
): Risk[] {
  const format = key === "retention.ms" ? formatMilliseconds : formatBytes;
  const what = key === "retention.ms" ? "retention" : "the size limit per partition";
  const dropped = key === "retention.ms" ? "older records are deleted" : "the oldest segments beyond it are deleted";
  const target = limit(to);
  if (target === undefined || target === "unlimited") return [];
  const suffix = reverting ? `; ${revertNote(key)}` : "";
  if (from === null) {
    return [
      {
        kind: "data-loss",
        reason: `may shorten ${what} to ${format(to)} (the current value is unknown); ${dropped}${suffix}`,
        key,
      },
    ];
  }
  const current = limit(from);
  if (current === undefined) return [];
  if (current === "unlimited") {
    return [{ kind: "data-loss", reason: `limits ${what} to ${format(to)} (was unlimited); ${dropped}${suffix}`, key }];
  }
  if (target >= current) return [];
  const verb = key === "retention.ms" ? "shortens" : "lowers";
  return [
    { kind: "data-loss", reason: `${verb} ${what} from ${format(from)} to ${format(to)}; ${dropped}${suffix}`, key },
  ];
}

function policies(value: string): Set<string> {
  return new Set(
    value
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s !== ""),
  );
}

/**
 * A cleanup.policy change loses data when it adds a mechanism that removes records: `compact` (older records of a
 * key) or `delete` (records past retention, including the latest of each key). Dropping one, or the empty policy
 * (no cleanup at all), removes nothing.
 */
function cleanupPolicyRisk(from: string | null, to: string, reverting: boolean): Risk[] {
  const key = "cleanup.policy";
  const suffix = reverting ? `; ${revertNote(key)}` : "";
  const next = policies(to);
  if (next.size === 0) return [];
  if (from === null) {
    return [
      { kind: "data-loss", reason: `sets cleanup.policy to "${to}" (the current policy is unknown)${suffix}`, key },
    ];
  }
  const before = policies(from);
  const reasons: string[] = [];
  if (next.has("compact") && !before.has("compact"))
    reasons.push("compaction removes every record of a key except the latest");
  if (next.has("delete") && !before.has("delete"))
    reasons.push("records past retention.ms / retention.bytes are deleted, including the latest of each key");
  if (reasons.length === 0) return [];
  return [
    {
      kind: "data-loss",
      reason: `changes cleanup.policy from "${from}" to "${to}": ${reasons.join("; ")}${suffix}`,
      key,
    },
  ];
}

/** Risks of setting `key` from `from` (null: unknown) to `to`. min.insync.replicas needs the replication factor: see diff.ts. */
export function configSetRisks(key: string, from: string | null, to: string): Risk[] {
  if (key === "retention.ms" || key === "retention.bytes") return retentionRisk(key, from, to, false);
  if (key === "cleanup.policy") return cleanupPolicyRisk(from, to, false);
  return [];
}

/**
 * Risks of removing an override. The inherited value it falls back to is not observed (DescribeConfigs shows only the
 * winning value), so Kafka's built-in default stands in for it and the reason says so.
 */
export function configDeleteRisks(key: string, from: string | null): Risk[] {
  const entry = lookupTopicConfig(key);
  if (!entry) return [];
  const fallback = defaultValueIn(entry);
  if (key === "retention.ms" || key === "retention.bytes") return retentionRisk(key, from, fallback, true);
  if (key === "cleanup.policy") return cleanupPolicyRisk(from, fallback, true);
  return [];
}

export function partitionIncreaseRisk(from: number, to: number): Risk {
  return {
    kind: "ordering",
    reason: `${from} → ${to} partitions changes which partition a key maps to; per-key ordering breaks for keyed data`,
    key: "partitions",
  };
}

export function topicDeleteRisks(partitions: number): Risk[] {
  return [
    {
      kind: "destructive",
      reason: `deletes the topic and its ${partitions} partition${partitions === 1 ? "" : "s"}`,
    },
    { kind: "data-loss", reason: "every record in the topic is lost; this cannot be undone" },
  ];
}
