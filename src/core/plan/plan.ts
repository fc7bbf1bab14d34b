import type { Diagnostic } from "../diagnostics/index.js";
import type { DesiredState } from "../model/desired.js";
import { internalTopicOwner } from "../model/internal-topics.js";
import type { ObservedCluster } from "../model/observed.js";
import { diffExistingTopic, diffNewTopic, observedReplicationFactor, type DiffContext } from "./diff.js";
import { desiredFingerprint, observedFingerprint } from "./fingerprint.js";
import { LoadTracker } from "./placement.js";
import { topicDeleteRisks } from "./risks.js";
import { compareNames, inDeletionScope } from "./scope.js";
import {
  ACTION_PHASES,
  PLAN_FORMAT_VERSION,
  type Plan,
  type PlannedAction,
  type PlanOptions,
  type PlanSummary,
} from "./types.js";

function internalTopicDiagnostic(name: string, owner: string, desired: DesiredState): Diagnostic {
  const topic = desired.topics.get(name);
  return {
    code: "topic/internal-topic",
    severity: "error",
    message: `\`${name}\` is an internal topic of ${owner}; kgov does not plan it`,
    why: "kgov never manages internal topics; changing them can break the cluster or the framework.",
    fix: "Remove it from the desired state.",
    ...(topic ? { source: topic.source } : {}),
    path: `topics.${name}`,
  };
}

/** Phase order first, then topic name: the order `apply` runs the actions in. */
export function compareActions(a: PlannedAction, b: PlannedAction): number {
  const phase = ACTION_PHASES.indexOf(a.type) - ACTION_PHASES.indexOf(b.type);
  return phase !== 0 ? phase : compareNames(a.topic, b.topic);
}

export function summarise(actions: readonly PlannedAction[]): PlanSummary {
  const updated = new Set<string>();
  let create = 0;
  let remove = 0;
  let blocked = 0;
  for (const action of actions) {
    switch (action.type) {
      case "topic.create":
        create++;
        break;
      case "topic.delete":
        if (action.allowed) remove++;
        else blocked++;
        break;
      case "topic.alter-config":
      case "topic.add-partitions":
      case "topic.change-replication":
        updated.add(action.topic);
        break;
    }
  }
  return { create, update: updated.size, delete: remove, blocked };
}

/**
 * The plan for topics: what to do so the cluster matches the desired state. Pure and deterministic: the same inputs
 * give the same plan, byte for byte once serialised.
 *
 * - Internal topics (internalTopicOwner) are never planned; declaring one is an error diagnostic.
 * - Live topics that are not desired are deleted only inside settings.scope.topicPrefixes (no scope: never), and only
 *   with `allowDelete`; otherwise they appear as blocked deletions (`allowed: false`). Live topics outside the scope
 *   are listed in `unmanaged`.
 * - Impossible changes (fewer partitions, a replication factor above the broker count, min.insync.replicas above the
 *   replication factor, a topic without sizes) are error diagnostics and produce no action.
 */
export function planTopics(desired: DesiredState, observed: ObservedCluster, options: PlanOptions): Plan {
  const ctx: DiffContext = { brokers: observed.brokers, clusterLoad: LoadTracker.fromCluster(observed) };
  const actions: PlannedAction[] = [];
  const diagnostics: Diagnostic[] = [];

  const desiredNames = [...desired.topics.keys()].sort(compareNames);
  for (const name of desiredNames) {
    const topic = desired.topics.get(name);
    if (!topic) continue;
    const owner = internalTopicOwner(name);
    if (owner !== undefined) {
      diagnostics.push(internalTopicDiagnostic(name, owner, desired));
      continue;
    }
    const live = observed.topics.get(name);
    const diff = live ? diffExistingTopic(topic, live, observed.reassigning.has(name), ctx) : diffNewTopic(topic, ctx);
    actions.push(...diff.actions);
    diagnostics.push(...diff.diagnostics);
  }

  const unmanaged: string[] = [];
  for (const name of [...observed.topics.keys()].sort(compareNames)) {
    if (desired.topics.has(name) || internalTopicOwner(name) !== undefined) continue;
    const live = observed.topics.get(name);
    if (!live) continue;
    if (!inDeletionScope(name, desired)) {
      unmanaged.push(name);
      continue;
    }
    actions.push({
      type: "topic.delete",
      topic: name,
      partitions: live.partitions.length,
      replicationFactor: observedReplicationFactor(live),
      allowed: options.allowDelete,
      risks: topicDeleteRisks(live.partitions.length),
    });
  }

  actions.sort(compareActions);
  return {
    formatVersion: PLAN_FORMAT_VERSION,
    target: { clusterId: observed.clusterId, brokers: observed.brokers.length },
    fingerprints: { observed: observedFingerprint(desired, observed), desired: desiredFingerprint(desired) },
    actions,
    unmanaged,
    diagnostics,
    summary: summarise(actions),
  };
}
