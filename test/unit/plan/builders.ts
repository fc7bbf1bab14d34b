import { defaultValueIn, TOPIC_CONFIGS } from "../../../src/core/kafka-config/index.js";
import type { AclBinding } from "../../../src/core/model/acl.js";
import type {
  DesiredAcl,
  DesiredService,
  DesiredState,
  DesiredTopic,
  Reference,
} from "../../../src/core/model/desired.js";
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
  readonly acls?: readonly AclBinding[];
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
    acls: spec.acls ?? [],
    unrecognisedAcls: 0,
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
  readonly acls?: readonly AclBinding[];
}

export function clusterFromJson(json: ObservedJson): ObservedCluster {
  return cluster({
    clusterId: json.clusterId,
    brokers: json.brokers,
    topics: json.topics,
    reassigning: json.reassigning ?? [],
    ...(json.acls ? { acls: json.acls } : {}),
  });
}

/** A service for ACL tests: names as strings (literal) or `{ prefix }` objects, sources pointing at line 1. */
export interface ServiceSpec {
  readonly principal: string;
  readonly produces?: readonly RefSpec[];
  readonly consumes?: readonly RefSpec[];
  readonly groups?: readonly RefSpec[];
  readonly transactionalIds?: readonly RefSpec[];
  readonly streams?: { readonly applicationId: string; readonly exactlyOnce?: boolean };
  readonly connect?: {
    readonly groupId: string;
    readonly configStorageTopic: string;
    readonly offsetStorageTopic: string;
    readonly statusStorageTopic: string;
  };
}
export type RefSpec = string | { readonly prefix: string };

const ref = (r: RefSpec): Reference =>
  typeof r === "string"
    ? { name: r, pattern: "literal", source: at(1) }
    : { name: r.prefix, pattern: "prefixed", source: at(1) };

export function desiredService(name: string, spec: ServiceSpec): DesiredService {
  return {
    name,
    principal: spec.principal,
    produces: (spec.produces ?? []).map(ref),
    consumes: (spec.consumes ?? []).map(ref),
    groups: (spec.groups ?? []).map(ref),
    transactionalIds: (spec.transactionalIds ?? []).map(ref),
    ...(spec.streams
      ? {
          streams: {
            applicationId: spec.streams.applicationId,
            exactlyOnce: spec.streams.exactlyOnce ?? false,
            source: at(1),
          },
        }
      : {}),
    ...(spec.connect
      ? {
          connect: {
            groupId: spec.connect.groupId,
            configStorageTopic: ref(spec.connect.configStorageTopic),
            offsetStorageTopic: ref(spec.connect.offsetStorageTopic),
            statusStorageTopic: ref(spec.connect.statusStorageTopic),
            source: at(1),
          },
        }
      : {}),
    source: at(1),
  };
}

/** A raw `acls` entry; `line` feeds its source (default 1). */
export function desiredAcl(
  spec: Omit<DesiredAcl, "source" | "operationSource" | "host" | "permission" | "patternType"> &
    Partial<Pick<DesiredAcl, "host" | "permission" | "patternType">> & { readonly line?: number },
): DesiredAcl {
  const { line, ...rest } = spec;
  return {
    host: "*",
    permission: "allow",
    patternType: "literal",
    ...rest,
    source: { file: "acls.yaml", start: { line: line ?? 1, column: 5 } },
    operationSource: () => at(line ?? 1),
  };
}

/** A desired state with ACLs: services, raw entries and the principal scope, on top of topics. */
export function withAcls(
  base: DesiredState,
  acl: {
    readonly services?: Readonly<Record<string, ServiceSpec>>;
    readonly acls?: readonly DesiredAcl[];
    readonly principals?: readonly string[];
  },
): DesiredState {
  return {
    ...base,
    services: new Map(Object.entries(acl.services ?? {}).map(([n, s]) => [n, desiredService(n, s)])),
    acls: acl.acls ?? [],
    settings: {
      ...base.settings,
      scope: { ...base.settings.scope, ...(acl.principals ? { principals: acl.principals } : {}) },
    },
  };
}

/** A binding with `allow`, host `*` and literal pattern unless given. */
export function binding(
  principal: string,
  operation: AclBinding["operation"],
  resourceType: AclBinding["resourceType"],
  resourceName: string,
  more: Partial<Pick<AclBinding, "host" | "permission" | "patternType">> = {},
): AclBinding {
  return {
    principal,
    host: more.host ?? "*",
    resourceType,
    resourceName,
    patternType: more.patternType ?? "literal",
    operation,
    permission: more.permission ?? "allow",
  };
}
