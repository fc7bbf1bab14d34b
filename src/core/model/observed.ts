import type { AclBinding } from "./acl.js";

/**
 * The live cluster as kgov sees it, in kgov's own types (adapters translate the client library's shapes into these).
 * Only what planning needs: partition placement, and each topic config's value with its source.
 */
export type ConfigSource =
  /** Set on the topic itself (a dynamic topic override): the only source kgov treats as "set". */
  | "topic"
  /** Inherited from a dynamic broker or cluster-wide default. */
  | "dynamic-broker"
  /** Inherited from the broker's static server.properties. */
  | "static-broker"
  /** Kafka's built-in default. */
  | "default"
  | "unknown";

export interface ObservedConfigEntry {
  /** null when the broker hides the value (sensitive) — compared as "unknown", never as "different". */
  readonly value: string | null;
  readonly source: ConfigSource;
  readonly sensitive: boolean;
}

export interface ObservedPartition {
  readonly id: number;
  /** Broker ids in preference order; replicas[0] is the preferred leader. */
  readonly replicas: readonly number[];
  readonly isr: readonly number[];
  readonly leader: number;
}

export interface ObservedTopic {
  readonly name: string;
  readonly partitions: readonly ObservedPartition[];
  /** Every config the broker reports for the topic, keyed by name (includes inherited defaults). */
  readonly config: Readonly<Record<string, ObservedConfigEntry>>;
}

export interface ObservedBroker {
  readonly id: number;
  readonly rack: string | null;
}

export interface ObservedCluster {
  readonly clusterId: string;
  readonly brokers: readonly ObservedBroker[];
  /** Topics in the requested scope (internal topics are filtered out by the planner, not here). */
  readonly topics: ReadonlyMap<string, ObservedTopic>;
  /** Reassignments in progress, by topic. */
  readonly reassigning: ReadonlySet<string>;
  /** Every ACL binding on the cluster (one DescribeAcls with an ANY filter), of every principal. */
  readonly acls: readonly AclBinding[];
  /**
   * Bindings kgov cannot represent (an operation or resource type newer than kgov, e.g. TWO_PHASE_COMMIT): counted as
   * unmanaged and never changed.
   */
  readonly unrecognisedAcls: number;
}

export interface ObservedAcls {
  readonly bindings: readonly AclBinding[];
  readonly unrecognised: number;
}

/** What a consumer group is doing, as far as a plan that narrows access or deletes a topic needs to know. */
export interface GroupUsage {
  readonly group: string;
  /** The coordinator's state name (Stable, Empty, PreparingRebalance, Dead, …). */
  readonly state: string;
  /** Members currently in the group (0 for an empty group). */
  readonly members: number;
  /** Topics the group has committed offsets on, sorted. */
  readonly committedTopics: readonly string[];
}

/** A resource name with its pattern, as in an ACL binding. */
export interface ResourcePattern {
  readonly name: string;
  readonly pattern: "literal" | "prefixed";
}

/** Which groups a usage lookup is about: those matching `groups`, and those with offsets on a topic matching `topics`. */
export interface UsageQuery {
  readonly groups: readonly ResourcePattern[];
  readonly topics: readonly ResourcePattern[];
}
