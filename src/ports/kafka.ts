import type { ConnectionSettings } from "../core/connection/index.js";
import type { Diagnostic } from "../core/diagnostics/index.js";

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
 * unreadable); `cause` keeps the library error for debugging and is never rendered.
 */
export class KafkaPortError extends Error {
  readonly diagnostics: readonly [Diagnostic, ...Diagnostic[]];

  constructor(diagnostics: Diagnostic | readonly [Diagnostic, ...Diagnostic[]], options?: { cause?: unknown }) {
    const list: readonly [Diagnostic, ...Diagnostic[]] = Array.isArray(diagnostics)
      ? (diagnostics as readonly [Diagnostic, ...Diagnostic[]])
      : [diagnostics as Diagnostic];
    super(list.map((d) => d.message).join("; "), options);
    this.name = "KafkaPortError";
    this.diagnostics = list;
  }

  get diagnostic(): Diagnostic {
    return this.diagnostics[0];
  }
}
