import type { ConnectionSettings } from "../../core/connection/index.js";
import type { Diagnostic } from "../../core/diagnostics/index.js";
import type { ConfigSource, ObservedConfigEntry } from "../../core/model/observed.js";
import { principalOf, scrub, target } from "./errors.js";

/**
 * Pure helpers for the topic operations of the Kafka adapter: config-source mapping and the diagnostics of per-topic
 * failures. No library import here, so they are unit-tested from plain numbers and error names.
 */

/**
 * Kafka's DescribeConfigs config_source → kgov's ConfigSource. 1 DYNAMIC_TOPIC_CONFIG, 2 DYNAMIC_BROKER_CONFIG,
 * 3 DYNAMIC_DEFAULT_BROKER_CONFIG, 4 STATIC_BROKER_CONFIG, 5 DEFAULT_CONFIG (0 UNKNOWN, 6+ are other resource kinds).
 */
export function configSourceOf(source: number): ConfigSource {
  switch (source) {
    case 1:
      return "topic";
    case 2:
    case 3:
      return "dynamic-broker";
    case 4:
      return "static-broker";
    case 5:
      return "default";
    default:
      return "unknown";
  }
}

/**
 * One shared entry per distinct (name, value, source, sensitive): over thousands of topics most configs are the same
 * inherited default, and a plan over 10,000 topics would otherwise hold hundreds of thousands of equal entries.
 */
export function configEntryInterner(): (
  name: string,
  value: string | null,
  source: ConfigSource,
  sensitive: boolean,
) => ObservedConfigEntry {
  // By name, then value; the few entries that share both differ in source or sensitivity.
  const seen = new Map<string, Map<string | null, ObservedConfigEntry[]>>();
  return (name, value, source, sensitive) => {
    let byValue = seen.get(name);
    if (byValue === undefined) seen.set(name, (byValue = new Map()));
    let entries = byValue.get(value);
    if (entries === undefined) byValue.set(value, (entries = []));
    let entry = entries.find((e) => e.source === source && e.sensitive === sensitive);
    if (entry === undefined) entries.push((entry = Object.freeze({ value, source, sensitive })));
    return entry;
  };
}

/** A batched topic operation, and what the broker demands for it (Kafka's ACL operation on which resource). */
export type TopicAction = "create" | "alter-configs" | "add-partitions" | "reassign" | "delete" | "describe-configs";

interface ActionSpec {
  /** verb phrase, completed with the topic: "create topic "orders"" */
  readonly doing: (topic: string) => string;
  /** the ACL the broker checks, named as in kafka-acls.sh */
  readonly permission: (topic: string) => string;
  /** kafka-acls.sh arguments that grant it */
  readonly acl: (topic: string) => string;
}

const ACTIONS: Record<TopicAction, ActionSpec> = {
  create: {
    doing: (t) => `create topic "${t}"`,
    permission: (t) => `CREATE on topic "${t}" (or on the cluster)`,
    acl: (t) => `--operation Create --topic ${t}`,
  },
  "alter-configs": {
    doing: (t) => `alter the configs of topic "${t}"`,
    permission: (t) => `ALTER_CONFIGS on topic "${t}"`,
    acl: (t) => `--operation AlterConfigs --topic ${t}`,
  },
  "add-partitions": {
    doing: (t) => `add partitions to topic "${t}"`,
    permission: (t) => `ALTER on topic "${t}"`,
    acl: (t) => `--operation Alter --topic ${t}`,
  },
  reassign: {
    doing: (t) => `reassign the partitions of topic "${t}"`,
    permission: () => "ALTER on the cluster",
    acl: () => "--operation Alter --cluster",
  },
  delete: {
    doing: (t) => `delete topic "${t}"`,
    permission: (t) => `DELETE on topic "${t}"`,
    acl: (t) => `--operation Delete --topic ${t}`,
  },
  "describe-configs": {
    doing: (t) => `describe the configs of topic "${t}"`,
    permission: (t) => `DESCRIBE_CONFIGS on topic "${t}"`,
    acl: (t) => `--operation DescribeConfigs --topic ${t}`,
  },
};

/** The ACL an action needs on a topic, e.g. `ALTER_CONFIGS on topic "orders"`. */
export function requiredPermission(action: TopicAction, topic: string): string {
  return ACTIONS[action].permission(topic);
}

/** The verb phrase of an action, e.g. `create topic "orders"`. */
export function describeAction(action: TopicAction, topic: string): string {
  return ACTIONS[action].doing(topic);
}

export interface TopicFailure {
  readonly action: TopicAction;
  readonly topic: string;
  /** Kafka's error name, e.g. TOPIC_ALREADY_EXISTS (`error <code>` when the library does not know it). */
  readonly error: string;
  /** The broker's error_message, if any (scrubbed before use). */
  readonly brokerMessage?: string | null;
  /** For partition-level errors (reassignment). */
  readonly partition?: number;
}

const AUTHORIZATION_ERRORS = new Set(["TOPIC_AUTHORIZATION_FAILED", "CLUSTER_AUTHORIZATION_FAILED"]);

/** The diagnostic of one topic that failed inside a batched request. Never contains a secret. */
export function topicFailureDiagnostic(failure: TopicFailure, settings: ConnectionSettings): Diagnostic {
  const { action, topic, error } = failure;
  const said = failure.brokerMessage ? scrub(failure.brokerMessage, settings) : "";
  const brokerSaid = said ? ` The broker said: "${said}".` : "";
  const where = failure.partition === undefined ? "" : ` (partition ${failure.partition})`;
  const doing = ACTIONS[action].doing(topic);
  const path = `topics.${topic}`;
  const base = { severity: "error" as const, path };

  if (AUTHORIZATION_ERRORS.has(error)) {
    const principal = principalOf(settings);
    const needed = ACTIONS[action].permission(topic);
    const allow = principal.startsWith("User:") ? principal : "User:<DN>";
    return {
      ...base,
      code: "kafka/authorization-failed",
      message: `${principal} is not allowed to ${doing}: it needs ${needed}`,
      why: `The broker answered ${error}${where}: the cluster's authorizer has no ACL granting this to ${principal}.${brokerSaid}`,
      fix: `Ask a cluster administrator to grant ${needed} to ${principal} (e.g. kafka-acls.sh --bootstrap-server ${target(settings)} --command-config admin.properties --add --allow-principal ${allow} ${ACTIONS[action].acl(topic)}), or run kgov as a principal that has it.`,
    };
  }
  switch (error) {
    case "TOPIC_ALREADY_EXISTS":
      return {
        ...base,
        code: "kafka/topic-already-exists",
        message: `Cannot create topic "${topic}": it already exists`,
        why: `The broker answered TOPIC_ALREADY_EXISTS; another process may have created it since kgov read the cluster, or it is still being deleted.${brokerSaid}`,
        fix: "Re-run plan to compare against the topic as it now is.",
      };
    case "UNKNOWN_TOPIC_OR_PARTITION":
    case "UNKNOWN_TOPIC_ID":
      return {
        ...base,
        code: "kafka/topic-not-found",
        message: `Cannot ${doing}: the topic does not exist${where}`,
        why: `The broker answered ${error}; the topic may have been deleted since kgov read the cluster.${brokerSaid}`,
        fix: "Re-run plan to compare against the cluster as it now is.",
      };
    case "INVALID_TOPIC_EXCEPTION":
      return {
        ...base,
        code: "kafka/invalid-topic-name",
        message: `Cannot ${doing}: the broker rejects the name`,
        why: `Topic names are 1–249 characters of [a-zA-Z0-9._-], and not "." or "..".${brokerSaid}`,
        fix: "Rename the topic in the desired state.",
      };
    case "INVALID_CONFIG":
      return {
        ...base,
        code: "kafka/invalid-topic-config",
        message: `Cannot ${doing}: the broker rejects a config`,
        why: `The broker answered INVALID_CONFIG: an unknown key, a value out of range, or a key this broker version does not support.${brokerSaid}`,
        fix: "Correct the config named in the broker's message; kgov validate checks keys and ranges against the topic config catalog.",
      };
    case "INVALID_REPLICATION_FACTOR":
      return {
        ...base,
        code: "kafka/invalid-replication-factor",
        message: `Cannot ${doing}: invalid replication factor`,
        why: `The broker answered INVALID_REPLICATION_FACTOR: the replication factor is below 1 or above the number of live brokers.${brokerSaid}`,
        fix: "Lower the replication factor to at most the number of brokers, or add brokers.",
      };
    case "INVALID_REPLICA_ASSIGNMENT":
      return {
        ...base,
        code: "kafka/invalid-replica-assignment",
        message: `Cannot ${doing}: invalid replica assignment${where}`,
        why: `The broker answered INVALID_REPLICA_ASSIGNMENT: a replica list names a broker that does not exist, names one broker twice, or is empty.${brokerSaid}`,
        fix: "Re-run plan so kgov places replicas on the brokers the cluster has now.",
      };
    case "INVALID_PARTITIONS":
      return {
        ...base,
        code: "kafka/invalid-partitions",
        message: `Cannot ${doing}: invalid partition count`,
        why: `The broker answered INVALID_PARTITIONS: the count is below 1, or not above the current count (Kafka can only add partitions, never remove them).${brokerSaid}`,
        fix: "Set a partition count larger than the topic's current one; to shrink a topic, recreate it.",
      };
    case "POLICY_VIOLATION":
      return {
        ...base,
        code: "kafka/policy-violation",
        message: `Cannot ${doing}: the cluster's policy rejects it`,
        why: `The broker answered POLICY_VIOLATION: a create.topic.policy.class.name or alter.config.policy.class.name plugin refused the request.${brokerSaid}`,
        fix: "Change the desired state to satisfy the cluster's policy (the broker's message says which rule), or ask the cluster operator.",
      };
    case "TOPIC_DELETION_DISABLED":
      return {
        ...base,
        code: "kafka/topic-deletion-disabled",
        message: `Cannot ${doing}: topic deletion is disabled on the cluster`,
        why: `The brokers run with delete.topic.enable=false.${brokerSaid}`,
        fix: "Ask the cluster operator to enable delete.topic.enable, or keep the topic in the desired state.",
      };
    default:
      return {
        ...base,
        code: "kafka/request-failed",
        message: `Kafka could not ${doing}${where}: ${error}${said ? `: ${said}` : ""}`,
        why: "The broker returned an error for this topic.",
        fix: "Re-run; if it persists, check the broker logs, and re-run with KGOV_DEBUG=1 for details.",
      };
  }
}

/**
 * One diagnostic for topics whose configs could not be read during observation (missing DESCRIBE_CONFIGS): the plan
 * cannot be trusted without them, so observation fails as a whole and names the topics (up to 5).
 */
export function describeConfigsDenied(topics: readonly string[], settings: ConnectionSettings): Diagnostic {
  const principal = principalOf(settings);
  const shown = topics.slice(0, 5).map((t) => `"${t}"`);
  const more = topics.length > shown.length ? ` and ${topics.length - shown.length} more` : "";
  const first = topics[0] ?? "";
  return {
    code: "kafka/authorization-failed",
    severity: "error",
    message: `${principal} is not allowed to describe the configs of ${topics.length === 1 ? "topic" : "topics"} ${shown.join(", ")}${more}: it needs DESCRIBE_CONFIGS on ${topics.length === 1 ? "that topic" : "each of them"}`,
    why: "The broker answered TOPIC_AUTHORIZATION_FAILED for DescribeConfigs; kgov cannot compare configs it cannot read.",
    fix: `Grant DESCRIBE_CONFIGS on the topics to ${principal} (e.g. kafka-acls.sh --bootstrap-server ${target(settings)} --command-config admin.properties --add --allow-principal ${principal.startsWith("User:") ? principal : "User:<DN>"} --operation DescribeConfigs --topic ${first}, or a prefixed ACL), or run kgov as a principal that has it.`,
    path: `topics.${first}`,
  };
}
