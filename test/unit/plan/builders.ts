import { defaultValueIn, TOPIC_CONFIGS } from "../../../src/core/kafka-config/index.js";
import type { DesiredState, DesiredTopic } from "../../../src/core/model/desired.js";
import { internalTopicOwner } from "../../../src/core/model/internal-topics.js";
import type {
  ConfigSource,
  ObservedBroker,
  ObservedCluster,
  ObservedConfigEntry,
  ObservedPartition,
  ObservedTopic,
} from "../../../src/core/model/observed.js";

/** Small builders for planner tests: DesiredState and ObservedCluster values without YAML or a broker. */

const at = (line: number) => ({ file: "kgov.yaml", start: { line, column: 5 } });

export interface TopicSpec {
  readonly partitions?: number;
  readonly replicationFactor?: number;
  readonly config?: Readonly<Record<string, string | number | boolean>>;
  /** Line of the topic in the fake kgov.yaml (sources point there); default 1. */
  readonly line?: number;
}

export function desiredTopic(name: string, spec: TopicSpec = {}): DesiredTopic {
  const line = spec.line ?? 1;
  const config = spec.config ?? {};
  const sources: Record<string, ReturnType<typeof at>> = {};
  if (spec.partitions !== undefined) sources.partitions = at(line + 1);
  if (spec.replicationFactor !== undefined) sources.replicationFactor = at(line + 2);
  Object.keys(config).forEach((key, i) => (sources[`config.${key}`] = at(line + 4 + i)));
  return {
    name,
    ...(spec.partitions !== undefined ? { partitions: spec.partitions } : {}),
    ...(spec.replicationFactor !== undefined ? { replicationFactor: spec.replicationFactor } : {}),
    config,
    schemas: [],
    source: { file: "kgov.yaml", start: { line, column: 3 } },
    sources,
    configKeySources: {},
    fromEnvironment: [],
  };
}

export function desiredState(
  topics: Readonly<Record<string, TopicSpec>> | readonly DesiredTopic[],
  scope: { topicPrefixes?: readonly string[] } = {},
): DesiredState {
  const list = Array.isArray(topics)
    ? (topics as readonly DesiredTopic[])
    : Object.entries(topics as Record<string, TopicSpec>).map(([name, spec]) => desiredTopic(name, spec));
  return {
    topics: new Map(list.map((t) => [t.name, t])),
    services: new Map(),
    acls: [],
    settings: { scope: scope.topicPrefixes ? { topicPrefixes: scope.topicPrefixes } : {}, policies: {} },
    environments: new Map(),
  };
}

/** Every non-removed catalog key at Kafka's default, as DescribeConfigs reports a topic without overrides. */
export function defaultConfig(): Record<string, ObservedConfigEntry> {
  const out: Record<string, ObservedConfigEntry> = {};
  for (const entry of TOPIC_CONFIGS) {
    if (entry.removedIn) continue;
    out[entry.key] = { value: entry.sensitive ? null : defaultValueIn(entry), source: "default", sensitive: false };
  }
  return out;
}

/** A config value as a test writes it: a string is a topic override; an object gives value and source. */
export type ConfigSpec =
  string | { readonly value: string | null; readonly source?: ConfigSource; readonly sensitive?: boolean };

export interface ObservedTopicSpec {
  /** Replicas per partition (index = partition id); ISR = replicas and leader = first unless given. */
  readonly partitions: readonly (readonly number[])[];
  readonly config?: Readonly<Record<string, ConfigSpec>>;
  readonly leaders?: readonly number[];
  readonly isr?: readonly (readonly number[])[];
  /** Leave out the catalog defaults (only the given entries). */
  readonly bare?: boolean;
}

export function observedTopic(name: string, spec: ObservedTopicSpec): ObservedTopic {
  const config: Record<string, ObservedConfigEntry> = spec.bare ? {} : defaultConfig();
  for (const [key, c] of Object.entries(spec.config ?? {})) {
    config[key] =
      typeof c === "string"
        ? { value: c, source: "topic", sensitive: false }
        : { value: c.value, source: c.source ?? "topic", sensitive: c.sensitive ?? c.value === null };
  }
  const partitions: ObservedPartition[] = spec.partitions.map((replicas, id) => ({
    id,
    replicas: [...replicas],
    isr: [...(spec.isr?.[id] ?? replicas)],
    leader: spec.leaders?.[id] ?? replicas[0] ?? -1,
  }));
  return { name, partitions, config };
}

export interface ClusterSpec {
  readonly clusterId?: string;
  /** Broker count (ids 1..n, no racks) or explicit brokers. */
  readonly brokers: number | readonly ObservedBroker[];
  readonly topics?: Readonly<Record<string, ObservedTopicSpec>>;
  readonly reassigning?: readonly string[];
}

export function cluster(spec: ClusterSpec): ObservedCluster {
  const brokers =
    typeof spec.brokers === "number"
      ? Array.from({ length: spec.brokers }, (_, i) => ({ id: i + 1, rack: null }))
      : [...spec.brokers];
  return {
    clusterId: spec.clusterId ?? "test-cluster",
    brokers,
    topics: new Map(Object.entries(spec.topics ?? {}).map(([name, t]) => [name, observedTopic(name, t)])),
    reassigning: new Set(spec.reassigning ?? []),
  };
}

/** The desired state that describes `observed` exactly (internal topics aside): sizes, and every override as config. */
export function desiredFromObserved(observed: ObservedCluster, scope: { topicPrefixes?: readonly string[] } = {}) {
  const topics: DesiredTopic[] = [];
  for (const t of observed.topics.values()) {
    if (internalTopicOwner(t.name) !== undefined) continue;
    const config: Record<string, string> = {};
    for (const [key, e] of Object.entries(t.config)) if (e.source === "topic") config[key] = e.value ?? "secret";
    const rf = t.partitions[0]?.replicas.length;
    topics.push(
      desiredTopic(t.name, {
        partitions: t.partitions.length,
        ...(rf !== undefined ? { replicationFactor: rf } : {}),
        config,
      }),
    );
  }
  return desiredState(topics, scope);
}

/** observed.json of a golden case: compact partitions and config, catalog defaults filled in. */
export interface ObservedJson {
  readonly clusterId: string;
  readonly brokers: readonly ObservedBroker[];
  readonly reassigning?: readonly string[];
  readonly topics: Readonly<Record<string, ObservedTopicSpec>>;
}

export function clusterFromJson(json: ObservedJson): ObservedCluster {
  return cluster({
    clusterId: json.clusterId,
    brokers: json.brokers,
    topics: json.topics,
    reassigning: json.reassigning ?? [],
  });
}
