/**
 * A phase request whose answer was lost (connection dropped mid-request, request timeout): the executor reports the
 * phase's actions failed with an unknown outcome (they may have been made), one apply/outcome-unknown warning, later
 * phases skipped; the text report does not claim that the failed actions changed nothing. Plus the adapter's
 * classification of which library errors leave a request's outcome unknown.
 */
import { NetworkError, ProtocolError, TimeoutError } from "@platformatic/kafka";
import { describe, expect, it } from "vitest";
import { executePlan, OUTCOME_UNKNOWN_REASON } from "../../../src/app/apply.js";
import { requestOutcomeUnknown } from "../../../src/adapters/kafka/errors.js";
import { buildPlan } from "../../../src/core/plan/index.js";
import { KafkaPortError, type KafkaClusterPort } from "../../../src/ports/kafka.js";
import { applyResultDocument, renderApplyText } from "../../../src/render/apply-result.js";
import { cluster, desiredState } from "../plan/builders.js";

const lost = (outcomeUnknown: boolean) =>
  new KafkaPortError(
    { code: "kafka/request-failed", severity: "error", message: "Kafka could not create topics: Connection closed" },
    { outcomeUnknown },
  );

function port(failCreate: KafkaPortError): KafkaClusterPort {
  const unused = () => Promise.reject(new Error("unused"));
  return {
    describeCluster: unused,
    observeTopics: unused,
    observeAcls: unused,
    describeGroupUsage: unused,
    createTopics: () => Promise.reject(failCreate),
    alterTopicConfigs: async (c) => c.map((x) => ({ topic: x.topic, ok: true })),
    addPartitions: async (c) => c.map((x) => ({ topic: x.topic, ok: true })),
    reassignPartitions: async (m) => m.map((x) => ({ topic: x.topic, ok: true })),
    listReassignments: async () => new Set(),
    deleteTopics: async (t) => t.map((topic) => ({ topic, ok: true })),
    createAcls: async (b) => b.map((binding) => ({ binding, ok: true })),
    deleteAcls: async (b) => b.map((binding) => ({ binding, ok: true, matched: 1 })),
    close: async () => undefined,
  };
}

const plan = buildPlan(
  desiredState(
    {
      "p.new1": { partitions: 1, replicationFactor: 1 },
      "p.new2": { partitions: 1, replicationFactor: 1 },
      "p.alter": { partitions: 1, replicationFactor: 1, config: { "retention.ms": 2000 } },
    },
    { topicPrefixes: ["p."] },
  ),
  cluster({ brokers: 1, topics: { "p.alter": { partitions: [[1]], config: { "retention.ms": "1000" } } } }),
  { allowDelete: false },
);

describe("executePlan: a phase whose answer was lost", () => {
  it("reports the phase failed with an unknown outcome, warns once, and skips the later phases", async () => {
    const result = await executePlan(plan, port(lost(true)), { allowDelete: false, wait: true });
    expect(result.status).toBe("failed");
    expect(result.outcomes.map((o) => [o.type, o.outcome, o.reason])).toEqual([
      ["topic.create", "failed", OUTCOME_UNKNOWN_REASON],
      ["topic.create", "failed", OUTCOME_UNKNOWN_REASON],
      ["topic.alter-config", "skipped", "not started: an earlier phase failed"],
    ]);
    expect(result.diagnostics.map((d) => [d.code, d.severity])).toEqual([
      ["kafka/request-failed", "error"],
      ["apply/outcome-unknown", "warning"],
    ]);
    expect(result.diagnostics[1]?.message).toContain('"create topics"');
    expect(result.diagnostics[1]?.message).toContain("its 2 changes may or may not have been made");
    const doc = applyResultDocument(result);
    expect(doc.ok).toBe(false);
    expect(doc.actions[0]).toMatchObject({ outcome: "failed", reason: OUTCOME_UNKNOWN_REASON });
    const text = renderApplyText(result);
    expect(text).toContain("outcome unknown");
    expect(text).not.toContain("Nothing marked failed or skipped was changed");
    expect(text).toContain("Nothing marked skipped was changed");
  });

  it("keeps the plain failure (nothing changed) when the request certainly was not carried out", async () => {
    const result = await executePlan(plan, port(lost(false)), { allowDelete: false, wait: true });
    expect(result.outcomes[0]).toMatchObject({ outcome: "failed" });
    expect(result.outcomes[0]?.reason).toBeUndefined();
    expect(result.diagnostics.map((d) => d.code)).toEqual(["kafka/request-failed"]);
    expect(renderApplyText(result)).toContain("Nothing marked failed or skipped was changed");
  });
});

describe("requestOutcomeUnknown", () => {
  const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9092"), { code: "ECONNREFUSED" });
  it("is true for a lost connection, a request timeout and kgov's own deadline", () => {
    expect(requestOutcomeUnknown(new NetworkError("Connection closed"))).toBe(true);
    expect(requestOutcomeUnknown(new TimeoutError("Request timed out"))).toBe(true);
    class DeadlineExceeded extends Error {}
    expect(requestOutcomeUnknown(new DeadlineExceeded("create topics timed out after 40000 ms"))).toBe(true);
    expect(requestOutcomeUnknown(new AggregateError([new Error("x"), new NetworkError("Connection closed")]))).toBe(
      true,
    );
  });
  it("is false when nothing was sent or the broker answered", () => {
    expect(requestOutcomeUnknown(new NetworkError("Connection to 127.0.0.1:9092 failed.", { cause: refused }))).toBe(
      false,
    );
    expect(requestOutcomeUnknown(new TimeoutError("Connection to 127.0.0.1:9092 timed out."))).toBe(false);
    expect(requestOutcomeUnknown(new ProtocolError("CLUSTER_AUTHORIZATION_FAILED"))).toBe(false);
    expect(requestOutcomeUnknown(new Error("something else"))).toBe(false);
  });
});
