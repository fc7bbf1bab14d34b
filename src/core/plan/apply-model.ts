import { defaultValueIn, lookupTopicConfig, TOPIC_CONFIGS } from "../kafka-config/index.js";
import { bindingKey, type AclBinding } from "../model/acl.js";
import type { ObservedCluster, ObservedConfigEntry, ObservedPartition, ObservedTopic } from "../model/observed.js";
import { isTopicAction, type PartitionAssignment, type Plan, type TopicAction } from "./types.js";

/**
 * An in-memory model of what a Kafka cluster does with each action, for tests (convergence: plan → apply → plan
 * is empty) and for previews. The semantics follow the broker:
 * - create: every desired config becomes a topic override (source `topic`); the rest report Kafka's defaults (source
 *   `default`). Replicas are placed round-robin over the brokers by id, like the broker's rack-unaware assignment.
 * - alter-config: SET writes an override; DELETE removes it, so the key reports the default again (this model has
 *   no broker-level overrides). A sensitive key reports `value: null`, as DescribeConfigs does.
 * - add-partitions: the given assignments, or round-robin with partition 0's replica count, as the broker does.
 * - change-replication: each move's replicas; the ISR becomes the new replica set (the reassignment completed); the
 *   leader stays if it is still a replica, else the new preferred leader takes over.
 * - delete: the topic disappears. Blocked deletions (allowed: false) are not executed.
 * - acl.create adds the binding (creating an existing one is a no-op, as on the broker); acl.delete removes exactly
 *   that binding (an exact filter), if allowed.
 * Subject actions concern the registry and leave the cluster as it is. Actions are applied in plan order. The input is
 * not modified.
 */
export function applyPlanToModel(observed: ObservedCluster, plan: Pick<Plan, "actions">): ObservedCluster {
  const topics = new Map(observed.topics);
  const acls = new Map<string, AclBinding>(observed.acls.map((b) => [bindingKey(b), b]));
  const brokerIds = [...observed.brokers].map((b) => b.id).sort((a, b) => a - b);
  for (const action of plan.actions) {
    if (action.type === "acl.create") acls.set(bindingKey(action.binding), action.binding);
    else if (action.type === "acl.delete") {
      if (action.allowed) acls.delete(bindingKey(action.binding));
    } else if (isTopicAction(action)) applyAction(topics, brokerIds, action);
  }
  return {
    clusterId: observed.clusterId,
    brokers: observed.brokers,
    topics,
    reassigning: observed.reassigning,
    acls: [...acls.values()],
    unrecognisedAcls: observed.unrecognisedAcls,
  };
}

function roundRobin(brokerIds: readonly number[], partition: number, replicationFactor: number): number[] {
  const n = brokerIds.length;
  const count = Math.min(replicationFactor, n);
  return Array.from({ length: count }, (_, i) => brokerIds[(partition + i) % n] as number);
}

function partitionOf(id: number, replicas: readonly number[]): ObservedPartition {
  return { id, replicas: [...replicas], isr: [...replicas], leader: replicas[0] ?? -1 };
}

function defaultEntry(key: string): ObservedConfigEntry | undefined {
  const entry = lookupTopicConfig(key);
  if (!entry) return undefined;
  return { value: entry.sensitive ? null : defaultValueIn(entry), source: "default", sensitive: entry.sensitive };
}

function overrideEntry(key: string, value: string, sensitive: boolean): ObservedConfigEntry {
  const hidden = sensitive || (lookupTopicConfig(key)?.sensitive ?? false);
  return { value: hidden ? null : value, source: "topic", sensitive: hidden };
}

function applyAction(topics: Map<string, ObservedTopic>, brokerIds: readonly number[], action: TopicAction): void {
  switch (action.type) {
    case "topic.create": {
      const config: Record<string, ObservedConfigEntry> = {};
      for (const entry of TOPIC_CONFIGS) {
        if (entry.removedIn) continue;
        const d = defaultEntry(entry.key);
        if (d) config[entry.key] = d;
      }
      for (const [key, value] of Object.entries(action.config)) config[key] = overrideEntry(key, value, false);
      const partitions = Array.from({ length: action.partitions }, (_, p) =>
        partitionOf(p, roundRobin(brokerIds, p, action.replicationFactor)),
      );
      topics.set(action.topic, { name: action.topic, partitions, config });
      return;
    }
    case "topic.alter-config": {
      const topic = topics.get(action.topic);
      if (!topic) return;
      const config: Record<string, ObservedConfigEntry> = { ...topic.config };
      for (const s of action.set) config[s.key] = overrideEntry(s.key, s.to, s.sensitive);
      for (const d of action.delete) {
        const fallback = defaultEntry(d.key);
        if (fallback) config[d.key] = fallback;
        else delete config[d.key];
      }
      topics.set(action.topic, { ...topic, config });
      return;
    }
    case "topic.add-partitions": {
      const topic = topics.get(action.topic);
      if (!topic) return;
      const rf = topic.partitions.find((p) => p.id === 0)?.replicas.length ?? 1;
      const given = new Map((action.assignments ?? []).map((a: PartitionAssignment) => [a.partition, a.replicas]));
      const added: ObservedPartition[] = [];
      for (let p = topic.partitions.length; p < action.to; p++) {
        added.push(partitionOf(p, given.get(p) ?? roundRobin(brokerIds, p, rf)));
      }
      topics.set(action.topic, { ...topic, partitions: [...topic.partitions, ...added] });
      return;
    }
    case "topic.change-replication": {
      const topic = topics.get(action.topic);
      if (!topic) return;
      const moves = new Map(action.moves.map((m) => [m.partition, m.to]));
      const partitions = topic.partitions.map((p): ObservedPartition => {
        const to = moves.get(p.id);
        if (!to) return p;
        return { id: p.id, replicas: [...to], isr: [...to], leader: to.includes(p.leader) ? p.leader : (to[0] ?? -1) };
      });
      topics.set(action.topic, { ...topic, partitions });
      return;
    }
    case "topic.delete":
      if (action.allowed) topics.delete(action.topic);
      return;
  }
}
