import type { ConnectionSettings } from "../core/connection/index.js";
import type { Diagnostic } from "../core/diagnostics/index.js";
import type { AclBinding } from "../core/model/acl.js";
import type { GroupUsage, ObservedAcls, ObservedCluster, UsageQuery } from "../core/model/observed.js";

export interface NewTopic {
  readonly name: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  /** Only the keys the desired state sets (normalised strings). */
  readonly config: Readonly<Record<string, string>>;
}

export interface PartitionsIncrease {
  readonly topic: string;
  readonly totalCount: number;
  /** Replicas of each new partition, in partition order (one entry per new partition); absent: the broker chooses. */
  readonly assignments?: readonly (readonly number[])[];
}

export interface TopicConfigChange {
  readonly topic: string;
  readonly set: Readonly<Record<string, string>>;
  readonly delete: readonly string[];
}

/** What happened to one topic in a batched call; `diagnostic` explains a failure (e.g. missing ALTER_CONFIGS). */
export interface TopicOutcome {
  readonly topic: string;
  readonly ok: boolean;
  readonly diagnostic?: Diagnostic;
}

/** What happened to one binding of a batched CreateAcls or DeleteAcls, in input order. */
export interface AclOutcome {
  readonly binding: AclBinding;
  readonly ok: boolean;
  /** DeleteAcls only: how many bindings the exact filter matched (1 when the binding existed, 0 when it was gone). */
  readonly matched?: number;
  readonly diagnostic?: Diagnostic;
}

/**
 * kgov's view of a Kafka cluster. Deliberately narrow: each method is one thing kgov needs, in kgov's own types, so
 * the client library stays swappable and tests can use an in-memory fake. Later work adds topics, configs,
 * reassignments and ACLs here.
 *
 * Failures are thrown as KafkaPortError, whose diagnostic is already classified (kafka/unreachable,
 * kafka/authentication-failed, kafka/authorization-failed, kafka/tls-failed, ...) and never contains a secret.
 */
export interface KafkaClusterPort {
  describeCluster(): Promise<ClusterInfo>;
  /**
   * Reads brokers, topics (partitions, replicas, ISR) and every topic's configs with their sources in a fixed number of
   * round trips: one Metadata request, one batched DescribeConfigs for all topics, one ListPartitionReassignments.
   * Internal topics are included; the planner decides what to ignore. Topics the principal may not DESCRIBE are
   * invisible; missing DESCRIBE_CONFIGS on a visible topic, or DESCRIBE on the cluster, throws.
   */
  observeTopics(): Promise<Omit<ObservedCluster, "acls" | "unrecognisedAcls">>;
  /**
   * Every ACL binding on the cluster in one DescribeAcls request (ANY filter). Needs DESCRIBE on the cluster. A cluster
   * without an authorizer (SECURITY_DISABLED) has no bindings: that throws `acl/authorizer-disabled`, which the caller
   * ignores when the desired state declares no ACL.
   */
  observeAcls(): Promise<ObservedAcls>;
  /**
   * One CreateAcls request per 10,000 bindings (the KRaft controller's batch bound); needs ALTER on the cluster. A
   * binding the broker refuses is its outcome's diagnostic, naming the binding.
   */
  createAcls(bindings: readonly AclBinding[]): Promise<AclOutcome[]>;
  /**
   * One DeleteAcls request per 10,000 bindings, one exact filter per binding (every field given, pattern LITERAL or
   * PREFIXED, never ANY or MATCH), so a filter can only ever match the binding it names. `matched` says how many it
   * removed. Needs ALTER on the cluster.
   */
  deleteAcls(bindings: readonly AclBinding[]): Promise<AclOutcome[]>;
  /**
   * The consumer groups a narrowing or deleting plan touches: ListGroups on every broker (each lists the groups it
   * coordinates), then one DescribeGroups and one OffsetFetch per coordinator that has a candidate group. Groups
   * matching `query.groups`, and groups with committed offsets on a topic matching `query.topics`, are returned.
   * Needs DESCRIBE on the groups (groups the principal may not see are left out).
   */
  describeGroupUsage(query: UsageQuery): Promise<GroupUsage[]>;
  /**
   * Batched calls below: one request for all topics; outcomes come back one per distinct topic, in input order. A
   * topic's own failure (already exists, invalid config, missing ACL on that topic, ...) is its outcome's diagnostic,
   * naming the missing permission for authorization failures; only a failure of the whole request (unreachable,
   * timeout, a cluster-level ACL) throws KafkaPortError. Empty input sends nothing.
   *
   * One CreateTopics request per 10,000 metadata records (the KRaft controller refuses larger ones), configs included (needs CREATE on each topic or on the cluster).
   */
  createTopics(topics: readonly NewTopic[]): Promise<TopicOutcome[]>;
  /** One IncrementalAlterConfigs request (SET / DELETE per key) for all topics; needs ALTER_CONFIGS on each topic. */
  alterTopicConfigs(changes: readonly TopicConfigChange[]): Promise<TopicOutcome[]>;
  /**
   * One CreatePartitions request (new total per topic); needs ALTER on each topic. `assignments`, when given, lists the
   * replicas (first = preferred leader) of each new partition in partition order; without it the broker places them.
   */
  addPartitions(changes: readonly PartitionsIncrease[]): Promise<TopicOutcome[]>;
  /**
   * One AlterPartitionReassignments request; the replica lists may change the replication factor. Returns once the
   * controller accepted the move; data moves afterwards (poll listReassignments). Needs ALTER on the cluster, whose
   * absence throws. A topic's outcome fails if any of its partitions was refused.
   */
  reassignPartitions(
    moves: readonly { topic: string; partition: number; replicas: readonly number[] }[],
  ): Promise<TopicOutcome[]>;
  /** Topics with a reassignment still in progress (one ListPartitionReassignments; needs DESCRIBE on the cluster). */
  listReassignments(): Promise<ReadonlySet<string>>;
  /** One DeleteTopics request; needs DELETE on each topic. */
  deleteTopics(topics: readonly string[]): Promise<TopicOutcome[]>;
  /** Closes every connection; safe to call more than once and after a failure. */
  close(): Promise<void>;
}

export interface BrokerInfo {
  readonly id: number;
  readonly host: string;
  readonly port: number;
  /** null when the broker has no `broker.rack`. */
  readonly rack: string | null;
}

export interface ClusterInfo {
  readonly clusterId: string;
  /**
   * The broker the cluster names as controller. On KRaft clusters brokers report an arbitrary live broker here, not
   * the active quorum controller, so treat it as informational only.
   */
  readonly controllerId: number;
  /** Sorted by id. */
  readonly brokers: readonly BrokerInfo[];
  /**
   * Cluster-level ACL operations the connected principal may perform (e.g. DESCRIBE, ALTER, DESCRIBE_CONFIGS), as
   * reported by the broker; undefined when the broker did not say.
   */
  readonly authorizedOperations?: readonly string[];
}

/** Builds a port for one cluster. Creating it does not connect; the first call does, within connectTimeoutMs. */
export type KafkaClusterFactory = (settings: ConnectionSettings, options: KafkaClusterOptions) => KafkaClusterPort;

export interface KafkaClusterOptions {
  /** Directory that relative TLS file paths are resolved against. */
  readonly cwd: string;
  /** Aborting closes the connections and fails the pending call. */
  readonly signal?: AbortSignal;
}

/**
 * A classified failure of a port call. `diagnostics` has at least one entry (several when, say, two TLS files are
 * unreadable); `cause` keeps the library error for debugging and is never rendered. `outcomeUnknown`: the request may
 * have reached the cluster before the failure (the connection was lost, or no answer came in time), so a change it
 * asked for may have been made; false when it certainly was not sent or the broker answered.
 */
export class KafkaPortError extends Error {
  readonly diagnostics: readonly [Diagnostic, ...Diagnostic[]];
  readonly outcomeUnknown: boolean;

  constructor(
    diagnostics: Diagnostic | readonly [Diagnostic, ...Diagnostic[]],
    options?: { cause?: unknown; outcomeUnknown?: boolean },
  ) {
    const list: readonly [Diagnostic, ...Diagnostic[]] = Array.isArray(diagnostics)
      ? (diagnostics as readonly [Diagnostic, ...Diagnostic[]])
      : [diagnostics as Diagnostic];
    super(list.map((d) => d.message).join("; "), options?.cause !== undefined ? { cause: options.cause } : undefined);
    this.name = "KafkaPortError";
    this.diagnostics = list;
    this.outcomeUnknown = options?.outcomeUnknown ?? false;
  }

  get diagnostic(): Diagnostic {
    return this.diagnostics[0];
  }
}
