import type { Diagnostic, SourceRange } from "../diagnostics/index.js";
import { lookupTopicConfig, normaliseConfigValue } from "../kafka-config/index.js";
import type { DesiredTopic } from "../model/desired.js";
import type { ObservedBroker, ObservedConfigEntry, ObservedTopic } from "../model/observed.js";
import { compareNames } from "./scope.js";
import { assignNewPartitions, planReplicaMoves, type LoadTracker } from "./placement.js";
import { configDeleteRisks, configSetRisks, partitionIncreaseRisk } from "./risks.js";
import type { ConfigDelete, ConfigSet, PlannedAction, ReplicaMove, Risk, TopicAlterConfig } from "./types.js";

/**
 * Per-topic diff of a desired topic against the live one. The rules, chosen so that applying a plan and planning
 * again always gives "No changes" (no perpetual diffs):
 *
 * Config
 * - A desired key is unchanged when its normalised value equals the topic's effective value, whatever the source:
 *   a value that is merely inherited (broker or Kafka default) already has the desired effect, so no override is
 *   written. Otherwise the key is SET (an override is written).
 * - An override (source `topic`) for a key the desired state does not mention is DELETEd: the key reverts to its
 *   inherited value. This holds even when the override equals the default, because the inherited value is not
 *   observable; after the DELETE the key is no longer an override, so the next plan is clean.
 * - Sensitive values (`value: null`) cannot be compared. If the topic has an override for the key, kgov leaves it
 *   unchanged and says so (info `plan/sensitive-config-unknown`); if not, kgov SETs it (`from: null`). Renderers show
 *   "(sensitive)" instead of either value.
 *
 * Partitions: more → `topic.add-partitions` (ordering risk); fewer → error `plan/partition-decrease`, no action.
 * Replication: a different factor → `topic.change-replication` with per-partition moves (see placement.ts); a factor
 * above the broker count → error, no action; a topic being reassigned → warning, no partition or replication change.
 * An undefined `partitions` / `replicationFactor` on an existing topic means "not managed".
 */

export interface DiffContext {
  readonly brokers: readonly ObservedBroker[];
  readonly clusterLoad: LoadTracker;
}

export interface TopicDiff {
  readonly actions: PlannedAction[];
  readonly diagnostics: Diagnostic[];
}

const MIN_ISR = "min.insync.replicas";

function at(topic: DesiredTopic, key: string): SourceRange {
  return topic.sources[key] ?? topic.source;
}

/** The smallest replica count among the partitions (0 for a topic without partitions). */
export function observedReplicationFactor(topic: ObservedTopic): number {
  if (topic.partitions.length === 0) return 0;
  return Math.min(...topic.partitions.map((p) => p.replicas.length));
}

function normalisedDesiredConfig(topic: DesiredTopic): [string, string][] {
  return Object.entries(topic.config)
    .map(([key, value]): [string, string] => [key, normaliseConfigValue(key, value)])
    .sort(([a], [b]) => compareNames(a, b));
}

function wholeNumber(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value.trim());
}

function minIsrAboveRf(topic: DesiredTopic, minIsr: number, rf: number): Diagnostic {
  return {
    code: "topic/min-isr-above-rf",
    severity: "error",
    message: `min.insync.replicas (${minIsr}) is greater than the replication factor (${rf}) of \`${topic.name}\``,
    why: "A write with acks=all needs that many in-sync replicas, which can never exist: every such write fails.",
    fix: `Lower min.insync.replicas to at most ${rf}, or raise the replication factor.`,
    source: at(topic, `config.${MIN_ISR}`),
    path: `topics.${topic.name}.config.${MIN_ISR}`,
  };
}

function rfExceedsBrokers(topic: DesiredTopic, rf: number, brokers: number): Diagnostic {
  return {
    code: "plan/replication-factor-exceeds-brokers",
    severity: "error",
    message: `replication factor ${rf} of \`${topic.name}\` is greater than the ${brokers} broker${brokers === 1 ? "" : "s"} of the cluster`,
    why: "Each replica of a partition must live on a different broker.",
    fix: `Lower replicationFactor to at most ${brokers}, or add brokers first.`,
    source: at(topic, "replicationFactor"),
    path: `topics.${topic.name}.replicationFactor`,
  };
}

/**
 * The min.insync.replicas the desired state asks for, checked against the replication factor the topic will have.
 * Returns the diagnostic when it is impossible; the key is then left out of the plan.
 */
function checkMinIsr(topic: DesiredTopic, config: readonly [string, string][], rf: number): Diagnostic | undefined {
  const minIsr = wholeNumber(config.find(([k]) => k === MIN_ISR)?.[1]);
  return minIsr !== undefined && rf > 0 && minIsr > rf ? minIsrAboveRf(topic, minIsr, rf) : undefined;
}

export function diffNewTopic(topic: DesiredTopic, ctx: DiffContext): TopicDiff {
  const diagnostics: Diagnostic[] = [];
  if (topic.partitions === undefined) {
    diagnostics.push({
      code: "topic/missing-partitions",
      severity: "error",
      message: `topic \`${topic.name}\` has no partition count, so it cannot be created`,
      fix: "Set `partitions:` on the topic, or a default in `settings.defaults.topic.partitions`.",
      source: topic.source,
      path: `topics.${topic.name}.partitions`,
    });
  }
  if (topic.replicationFactor === undefined) {
    diagnostics.push({
      code: "topic/missing-replication-factor",
      severity: "error",
      message: `topic \`${topic.name}\` has no replication factor, so it cannot be created`,
      fix: "Set `replicationFactor:` on the topic, or a default in `settings.defaults.topic.replicationFactor`.",
      source: topic.source,
      path: `topics.${topic.name}.replicationFactor`,
    });
  } else if (topic.replicationFactor > ctx.brokers.length) {
    diagnostics.push(rfExceedsBrokers(topic, topic.replicationFactor, ctx.brokers.length));
  }
  if (diagnostics.length > 0 || topic.partitions === undefined || topic.replicationFactor === undefined) {
    return { actions: [], diagnostics };
  }
  let config = normalisedDesiredConfig(topic);
  const minIsrProblem = checkMinIsr(topic, config, topic.replicationFactor);
  if (minIsrProblem) {
    diagnostics.push(minIsrProblem);
    config = config.filter(([k]) => k !== MIN_ISR);
  }
  const action: PlannedAction = {
    type: "topic.create",
    topic: topic.name,
    partitions: topic.partitions,
    replicationFactor: topic.replicationFactor,
    config: Object.fromEntries(config),
    risks: [],
    source: topic.source,
  };
  return { actions: [action], diagnostics };
}

function isSensitive(key: string, entry: ObservedConfigEntry | undefined): boolean {
  return (entry?.sensitive ?? false) || (lookupTopicConfig(key)?.sensitive ?? false);
}

/** Risks of min.insync.replicas changes, which depend on the replication factor before and after the plan. */
function minIsrRisks(set: ConfigSet, currentRf: number, targetRf: number): Risk[] {
  const to = wholeNumber(set.to);
  if (to === undefined) return [];
  const risks: Risk[] = [];
  const from = wholeNumber(set.from);
  if (to === targetRf && targetRf > 1 && (from === undefined || from < to)) {
    risks.push({
      kind: "availability",
      reason: `min.insync.replicas ${to} equals the replication factor: acks=all writes fail whenever any replica is out of sync (a rolling restart is enough)`,
      key: MIN_ISR,
    });
  }
  if (to > currentRf && to <= targetRf) {
    risks.push({
      kind: "availability",
      reason: `min.insync.replicas ${to} is set before the replication factor grows from ${currentRf} to ${targetRf}: acks=all writes fail until the reassignment completes`,
      key: MIN_ISR,
    });
  }
  return risks;
}

function diffConfig(
  topic: DesiredTopic,
  observed: ObservedTopic,
  currentRf: number,
  targetRf: number,
): { action?: TopicAlterConfig; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  let desired = normalisedDesiredConfig(topic);
  const minIsrProblem = checkMinIsr(topic, desired, targetRf);
  if (minIsrProblem) {
    diagnostics.push(minIsrProblem);
    desired = desired.filter(([k]) => k !== MIN_ISR);
  }
  const set: ConfigSet[] = [];
  const risks: Risk[] = [];
  let unchangedCount = 0;
  for (const [key, to] of desired) {
    const entry = observed.config[key];
    const sensitive = isSensitive(key, entry);
    let change: ConfigSet;
    if (entry === undefined) {
      change = { key, to, sensitive };
    } else if (entry.value === null) {
      if (entry.source === "topic") {
        unchangedCount++;
        diagnostics.push({
          code: "plan/sensitive-config-unknown",
          severity: "info",
          message: `\`${key}\` of \`${topic.name}\` is set on the topic, but its value is hidden, so kgov leaves it unchanged`,
          fix: "To force the desired value, delete the override (kafka-configs.sh --alter --delete-config) and plan again.",
          source: at(topic, `config.${key}`),
          path: `topics.${topic.name}.config.${key}`,
        });
        continue;
      }
      change = { key, from: null, fromSource: entry.source, to, sensitive: true };
    } else if (normaliseConfigValue(key, entry.value) === to) {
      unchangedCount++;
      continue;
    } else {
      change = { key, from: entry.value, fromSource: entry.source, to, sensitive };
    }
    set.push(change);
    const from = change.from === undefined ? (lookupTopicConfig(key)?.defaultValue ?? null) : change.from;
    risks.push(...configSetRisks(key, from, to));
    if (key === MIN_ISR) risks.push(...minIsrRisks(change, currentRf, targetRf));
  }
  const wanted = new Set(desired.map(([k]) => k));
  const removed: ConfigDelete[] = [];
  for (const key of Object.keys(observed.config).sort(compareNames)) {
    const entry = observed.config[key];
    if (entry?.source !== "topic" || wanted.has(key)) continue;
    // an impossible min.insync.replicas was dropped above: leave the live override alone rather than delete it
    if (key === MIN_ISR && minIsrProblem) continue;
    removed.push({ key, from: entry.value, sensitive: isSensitive(key, entry) });
    risks.push(...configDeleteRisks(key, entry.value));
  }
  if (set.length === 0 && removed.length === 0) return { diagnostics };
  const action: TopicAlterConfig = {
    type: "topic.alter-config",
    topic: topic.name,
    set,
    delete: removed,
    unchangedCount,
    risks,
    source: topic.source,
  };
  return { action, diagnostics };
}

function reassigningWarning(topic: DesiredTopic): Diagnostic {
  return {
    code: "plan/reassignment-in-progress",
    severity: "warning",
    message: `partitions of \`${topic.name}\` are being reassigned, so its partition count and replication factor are not planned`,
    why: "During a reassignment the replica lists hold both the old and the new brokers, and Kafka refuses new partitions.",
    fix: "Wait for the reassignment to finish, then plan again.",
    source: topic.source,
    path: `topics.${topic.name}`,
  };
}

/** The effective min.insync.replicas after the plan: the desired value if any, else the live one. */
function effectiveMinIsr(topic: DesiredTopic, observed: ObservedTopic): number | undefined {
  const desired = topic.config[MIN_ISR];
  if (desired !== undefined) return wholeNumber(normaliseConfigValue(MIN_ISR, desired));
  return wholeNumber(observed.config[MIN_ISR]?.value);
}

function replicationRisks(topic: DesiredTopic, observed: ObservedTopic, from: number, to: number): Risk[] {
  if (to >= from) return [];
  const risks: Risk[] = [
    {
      kind: "availability",
      reason: `reduces each partition from ${from} to ${to} copies: the topic survives fewer broker failures`,
      key: "replication.factor",
    },
  ];
  const minIsr = effectiveMinIsr(topic, observed);
  if (minIsr !== undefined && minIsr === to && to > 1) {
    risks.push({
      kind: "availability",
      reason: `min.insync.replicas ${minIsr} will equal the replication factor: acks=all writes fail whenever any replica is out of sync`,
      key: "replication.factor",
    });
  }
  return risks;
}

export function diffExistingTopic(
  topic: DesiredTopic,
  observed: ObservedTopic,
  reassigning: boolean,
  ctx: DiffContext,
): TopicDiff {
  const diagnostics: Diagnostic[] = [];
  const actions: PlannedAction[] = [];
  const currentPartitions = observed.partitions.length;
  const currentRf = observedReplicationFactor(observed);
  const wantsPartitions = topic.partitions !== undefined && topic.partitions !== currentPartitions;
  const wantsRf =
    topic.replicationFactor !== undefined &&
    observed.partitions.some((p) => p.replicas.length !== topic.replicationFactor);

  let moves: ReplicaMove[] = [];
  let targetRf = topic.replicationFactor ?? currentRf;
  if (reassigning) {
    targetRf = currentRf;
    if (wantsPartitions || wantsRf) diagnostics.push(reassigningWarning(topic));
  } else if (wantsRf && topic.replicationFactor !== undefined) {
    if (topic.replicationFactor > ctx.brokers.length) {
      diagnostics.push(rfExceedsBrokers(topic, topic.replicationFactor, ctx.brokers.length));
      targetRf = currentRf;
    } else {
      moves = planReplicaMoves(observed.partitions, topic.replicationFactor, ctx.brokers, ctx.clusterLoad);
    }
  }

  const config = diffConfig(topic, observed, currentRf, targetRf);
  diagnostics.push(...config.diagnostics);
  if (config.action) actions.push(config.action);

  if (!reassigning && topic.partitions !== undefined && wantsPartitions) {
    if (topic.partitions < currentPartitions) {
      diagnostics.push({
        code: "plan/partition-decrease",
        severity: "error",
        message: `\`${topic.name}\` has ${currentPartitions} partitions; Kafka cannot reduce them to ${topic.partitions}`,
        why: "Partitions hold records and decide which partition a key maps to, so Kafka can only add them.",
        fix: `Keep partitions: ${currentPartitions}, or create a new topic with ${topic.partitions} partition${topic.partitions === 1 ? "" : "s"} and migrate to it.`,
        source: at(topic, "partitions"),
        path: `topics.${topic.name}.partitions`,
      });
    } else {
      const after = new Map(observed.partitions.map((p) => [p.id, p.replicas]));
      for (const m of moves) after.set(m.partition, m.to);
      const assignments =
        moves.length > 0
          ? assignNewPartitions(
              [...after.values()],
              currentPartitions,
              topic.partitions,
              targetRf,
              ctx.brokers,
              ctx.clusterLoad,
            )
          : null;
      actions.push({
        type: "topic.add-partitions",
        topic: topic.name,
        from: currentPartitions,
        to: topic.partitions,
        assignments,
        risks: [partitionIncreaseRisk(currentPartitions, topic.partitions)],
        source: at(topic, "partitions"),
      });
    }
  }

  if (moves.length > 0) {
    actions.push({
      type: "topic.change-replication",
      topic: topic.name,
      from: currentRf,
      to: targetRf,
      moves,
      risks: replicationRisks(topic, observed, currentRf, targetRf),
      source: at(topic, "replicationFactor"),
    });
  }
  return { actions, diagnostics };
}
