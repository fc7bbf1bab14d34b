import type { DesiredState } from "../core/model/desired.js";
import type { ObservedAcls, ObservedCluster } from "../core/model/observed.js";
import { desiredBindings } from "../core/plan/index.js";
import { KafkaPortError, type KafkaClusterPort } from "../ports/kafka.js";

/** The cluster as read for a plan: topics and ACLs, read concurrently; ACLs may be unavailable (no authorizer). */
export interface ClusterReading {
  readonly topics: Omit<ObservedCluster, "acls" | "unrecognisedAcls">;
  readonly acls: ObservedAcls | KafkaPortError;
}

/**
 * The observe step of plan and apply: one topic read (Metadata, DescribeConfigs, ListPartitionReassignments) and one
 * DescribeAcls, sent concurrently. It can start before the desired state is known, so a cluster without an
 * authorizer is not an error yet: observedFor decides once the files say whether ACLs are managed.
 */
export async function readCluster(port: KafkaClusterPort): Promise<ClusterReading> {
  const acls = port.observeAcls().catch((error: unknown) => {
    if (error instanceof KafkaPortError && error.diagnostic.code === "acl/authorizer-disabled") return error;
    throw error;
  });
  // Both settle before either failure is reported, so no rejection is left unobserved.
  const [topics, bindings] = await Promise.allSettled([port.observeTopics(), acls]);
  if (topics.status === "rejected" && bindings.status === "rejected") throw rootCause(topics.reason, bindings.reason);
  if (topics.status === "rejected") throw topics.reason;
  if (bindings.status === "rejected") throw bindings.reason;
  return { topics: topics.value, acls: bindings.value };
}

/**
 * Of two failed reads, the one that explains the other: both share the client's connections, and when a broker stops
 * answering one read, the library closes the connection under the other, which then only says it was lost.
 */
function rootCause(first: unknown, second: unknown): unknown {
  const unreachable = (e: unknown) => e instanceof KafkaPortError && e.diagnostic.code === "kafka/unreachable";
  return !unreachable(first) && unreachable(second) ? second : first;
}

/**
 * The observed cluster for this desired state. Without an authorizer there are no bindings to read: fine when the
 * desired state manages no ACL (no binding, no service, no principal scope); otherwise the port's
 * `acl/authorizer-disabled` failure is thrown, since kgov could never enforce what the files declare.
 */
export function observedFor(reading: ClusterReading, desired: DesiredState): ObservedCluster {
  if (reading.acls instanceof KafkaPortError) {
    const managesAcls =
      desiredBindings(desired).size > 0 ||
      desired.services.size > 0 ||
      (desired.settings.scope.principals ?? []).length > 0;
    if (managesAcls) throw reading.acls;
    return { ...reading.topics, acls: [], unrecognisedAcls: 0 };
  }
  return { ...reading.topics, acls: reading.acls.bindings, unrecognisedAcls: reading.acls.unrecognised };
}
