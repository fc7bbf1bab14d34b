import { describe, expect, it } from "vitest";
import {
  configEntryInterner,
  configSourceOf,
  describeConfigsDenied,
  topicFailureDiagnostic,
  type TopicAction,
} from "../../../src/adapters/kafka/topics.js";
import { layerFromFlags, resolveConnection, type ConnectionSettings } from "../../../src/core/connection/index.js";
import { DIAGNOSTIC_CODES } from "../../../src/core/diagnostics/index.js";

const PASSWORD = "s3cret-password-123";

function settings(): ConnectionSettings {
  const resolved = resolveConnection([
    layerFromFlags({
      bootstrapServer: "b1:9092",
      saslMechanism: "SCRAM-SHA-512",
      saslUsername: "alice",
      saslPassword: PASSWORD,
    }).layer,
  ]);
  if (!resolved.settings) throw new Error(JSON.stringify(resolved.diagnostics));
  return resolved.settings;
}

describe("configEntryInterner", () => {
  it("shares one entry per distinct name, value, source and sensitivity", () => {
    const entry = configEntryInterner();
    const first = entry("retention.ms", "604800000", "default", false);
    expect(entry("retention.ms", "604800000", "default", false)).toBe(first);
    expect(first).toEqual({ value: "604800000", source: "default", sensitive: false });
    const different = [
      entry("retention.ms", "604800000", "topic", false),
      entry("retention.ms", "86400000", "default", false),
      entry("delete.retention.ms", "604800000", "default", false),
      entry("retention.ms", null, "default", false),
      entry("retention.ms", "604800000", "default", true),
    ];
    expect(new Set([first, ...different]).size).toBe(6);
    // A null value is not the text "null".
    expect(entry("retention.ms", "null", "default", false)).not.toBe(entry("retention.ms", null, "default", false));
  });
});

describe("configSourceOf", () => {
  it.each([
    [1, "topic"],
    [2, "dynamic-broker"],
    [3, "dynamic-broker"],
    [4, "static-broker"],
    [5, "default"],
    [0, "unknown"],
    [6, "unknown"],
  ] as const)("maps config_source %i to %s", (source, expected) => {
    expect(configSourceOf(source)).toBe(expected);
  });
});

describe("topicFailureDiagnostic", () => {
  it.each([
    ["create", `CREATE on topic "t" (or on the cluster)`, "--operation Create --topic t"],
    ["alter-configs", `ALTER_CONFIGS on topic "t"`, "--operation AlterConfigs --topic t"],
    ["add-partitions", `ALTER on topic "t"`, "--operation Alter --topic t"],
    ["delete", `DELETE on topic "t"`, "--operation Delete --topic t"],
    ["reassign", "ALTER on the cluster", "--operation Alter --cluster"],
  ] as const)("names the permission %s needs", (action: TopicAction, permission, acl) => {
    const d = topicFailureDiagnostic({ action, topic: "t", error: "TOPIC_AUTHORIZATION_FAILED" }, settings());
    expect(d.code).toBe("kafka/authorization-failed");
    expect(d.message).toContain(`User:alice is not allowed to`);
    expect(d.message).toContain(`it needs ${permission}`);
    expect(d.fix).toContain(`--allow-principal User:alice ${acl}`);
    expect(d.path).toBe("topics.t");
  });

  it.each([
    ["TOPIC_ALREADY_EXISTS", "kafka/topic-already-exists"],
    ["UNKNOWN_TOPIC_OR_PARTITION", "kafka/topic-not-found"],
    ["UNKNOWN_TOPIC_ID", "kafka/topic-not-found"],
    ["INVALID_TOPIC_EXCEPTION", "kafka/invalid-topic-name"],
    ["INVALID_CONFIG", "kafka/invalid-topic-config"],
    ["INVALID_REPLICATION_FACTOR", "kafka/invalid-replication-factor"],
    ["INVALID_REPLICA_ASSIGNMENT", "kafka/invalid-replica-assignment"],
    ["INVALID_PARTITIONS", "kafka/invalid-partitions"],
    ["POLICY_VIOLATION", "kafka/policy-violation"],
    ["TOPIC_DELETION_DISABLED", "kafka/topic-deletion-disabled"],
    ["THROTTLING_QUOTA_EXCEEDED", "kafka/request-failed"],
  ])("maps %s to %s, a registered code", (error, code) => {
    const d = topicFailureDiagnostic({ action: "create", topic: "t", error, brokerMessage: "nope" }, settings());
    expect(d.code).toBe(code);
    expect(d.code in DIAGNOSTIC_CODES).toBe(true);
    expect(`${d.message} ${d.why ?? ""}`).toContain(error === "THROTTLING_QUOTA_EXCEEDED" ? error : "nope");
  });

  it("scrubs secrets from broker messages", () => {
    const d = topicFailureDiagnostic(
      { action: "alter-configs", topic: "t", error: "POLICY_VIOLATION", brokerMessage: `bad ${PASSWORD}` },
      settings(),
    );
    expect(JSON.stringify(d)).not.toContain(PASSWORD);
  });

  it("names the partition of a partition-level error", () => {
    const d = topicFailureDiagnostic(
      { action: "reassign", topic: "t", error: "INVALID_REPLICA_ASSIGNMENT", partition: 3 },
      settings(),
    );
    expect(d.message).toContain("partition 3");
  });
});

describe("describeConfigsDenied", () => {
  it("names up to five topics and the permission", () => {
    const d = describeConfigsDenied(["a", "b", "c", "d", "e", "f", "g"], settings());
    expect(d.code).toBe("kafka/authorization-failed");
    expect(d.message).toBe(
      `User:alice is not allowed to describe the configs of topics "a", "b", "c", "d", "e" and 2 more: it needs DESCRIBE_CONFIGS on each of them`,
    );
  });
});
