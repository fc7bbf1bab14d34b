/**
 * The Kafka adapter's topic operations against a real single-node broker (Kafka 4.x and 3.9.x): observeTopics,
 * createTopics, alterTopicConfigs, addPartitions, deleteTopics, per-topic failures, authorization outcomes that name
 * the missing permission, and the fixed number of requests observeTopics sends.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ObservedCluster } from "../../../src/core/model/observed.js";
import { KafkaPortError, type KafkaClusterPort } from "../../../src/ports/kafka.js";
import { uniqueName, useKafka, type KafkaTarget } from "../../helpers/servers.js";
import { countRequests, expectAllOk, expectNoSecrets, portFor } from "./support.js";

let kafka: KafkaTarget;
let port: KafkaClusterPort;
let alice: KafkaClusterPort;

beforeAll(async () => {
  kafka = await useKafka(1);
  port = portFor(kafka);
  alice = portFor(kafka, "alice");
});

afterAll(async () => {
  await Promise.all([port?.close(), alice?.close()]);
});

/** Metadata reaches the broker's cache a moment after CreateTopics returns: observe until `check` holds. */
type ObservedTopics = Omit<ObservedCluster, "acls" | "unrecognisedAcls">;

async function observeUntil(check: (cluster: ObservedTopics) => boolean): Promise<ObservedTopics> {
  let last: ObservedTopics | undefined;
  await expect
    .poll(
      async () => {
        last = await port.observeTopics();
        return check(last);
      },
      { timeout: 15_000, interval: 200 },
    )
    .toBe(true);
  return last as ObservedCluster;
}

describe("observeTopics", () => {
  it("sees a created topic's partitions, replicas and configs with their sources", async () => {
    const topic = uniqueName("obs");
    expectAllOk(
      await port.createTopics([
        { name: topic, partitions: 3, replicationFactor: 1, config: { "retention.ms": "3600000" } },
      ]),
    );
    const cluster = await observeUntil((c) => c.topics.has(topic));
    const observed = cluster.topics.get(topic);

    expect(cluster.clusterId).not.toBe("");
    expect(cluster.brokers).toEqual([{ id: 1, rack: null }]);
    expect(observed?.partitions.map((p) => p.id)).toEqual([0, 1, 2]);
    for (const p of observed?.partitions ?? []) {
      expect(p.replicas).toEqual([1]);
      expect(p.isr).toEqual([1]);
      expect(p.leader).toBe(1);
    }
    // the override is "topic"; inherited values have another source
    expect(observed?.config["retention.ms"]).toEqual({ value: "3600000", source: "topic", sensitive: false });
    expect(observed?.config["cleanup.policy"]).toMatchObject({ value: "delete", sensitive: false });
    expect(observed?.config["cleanup.policy"]?.source).not.toBe("topic");
    expect(observed?.config["max.message.bytes"]?.source).toMatch(/^(default|static-broker|dynamic-broker)$/);
    expect(cluster.reassigning.has(topic)).toBe(false);
  });

  it("sends one Metadata, one DescribeConfigs and one ListPartitionReassignments however many topics exist", async () => {
    await port.observeTopics(); // warm: connections and SASL are set up once per broker, not per call
    const before = await countRequests(() => port.observeTopics());

    const many = Array.from({ length: 120 }, (_, i) => uniqueName(`count-${i}`));
    const created = await countRequests(() =>
      port.createTopics(many.map((name) => ({ name, partitions: 1, replicationFactor: 1, config: {} }))),
    );
    expectAllOk(created.result);
    expect(created.requests).toEqual({ CreateTopics: 1 });
    await observeUntil((c) => many.every((t) => c.topics.has(t)));

    const after = await countRequests(() => port.observeTopics());
    expect(after.result.topics.size).toBeGreaterThanOrEqual(before.result.topics.size + many.length);
    const expected = { Metadata: 1, DescribeConfigs: 1, ListPartitionReassignments: 1 };
    expect(before.requests).toEqual(expected);
    expect(after.requests).toEqual(expected);

    const deleted = await countRequests(() => port.deleteTopics(many));
    expectAllOk(deleted.result);
    expect(deleted.requests).toEqual({ DeleteTopics: 1 });
  });
});

describe("changing topics", () => {
  it("creates a batch of three topics with configs in one request", async () => {
    const names = [uniqueName("batch-a"), uniqueName("batch-b"), uniqueName("batch-c")];
    const { result, requests } = await countRequests(() =>
      port.createTopics([
        { name: names[0] as string, partitions: 1, replicationFactor: 1, config: { "cleanup.policy": "compact" } },
        { name: names[1] as string, partitions: 2, replicationFactor: 1, config: { "retention.ms": "60000" } },
        {
          name: names[2] as string,
          partitions: 4,
          replicationFactor: 1,
          config: { "min.insync.replicas": "1", "segment.bytes": "1048576" },
        },
      ]),
    );
    expect(requests).toEqual({ CreateTopics: 1 });
    expect(result).toEqual(names.map((topic) => ({ topic, ok: true })));

    const cluster = await observeUntil((c) => names.every((t) => c.topics.has(t)));
    const [a, b, c] = names.map((t) => cluster.topics.get(t));
    expect(a?.config["cleanup.policy"]).toMatchObject({ value: "compact", source: "topic" });
    expect(b?.partitions).toHaveLength(2);
    expect(b?.config["retention.ms"]).toMatchObject({ value: "60000", source: "topic" });
    expect(c?.partitions).toHaveLength(4);
    expect(c?.config["segment.bytes"]).toMatchObject({ value: "1048576", source: "topic" });
    expect(c?.config["min.insync.replicas"]).toMatchObject({ value: "1", source: "topic" });
  });

  it("alters configs with SET and DELETE in one IncrementalAlterConfigs request", async () => {
    const one = uniqueName("alter-1");
    const two = uniqueName("alter-2");
    expectAllOk(
      await port.createTopics([
        {
          name: one,
          partitions: 1,
          replicationFactor: 1,
          config: { "retention.ms": "60000", "segment.ms": "7200000" },
        },
        { name: two, partitions: 1, replicationFactor: 1, config: {} },
      ]),
    );
    await observeUntil((c) => c.topics.has(one) && c.topics.has(two));

    const { result, requests } = await countRequests(() =>
      port.alterTopicConfigs([
        { topic: one, set: { "retention.ms": "120000" }, delete: ["segment.ms"] },
        { topic: two, set: { "cleanup.policy": "compact", "max.message.bytes": "2000000" }, delete: [] },
      ]),
    );
    expect(requests).toEqual({ IncrementalAlterConfigs: 1 });
    expect(result).toEqual([
      { topic: one, ok: true },
      { topic: two, ok: true },
    ]);

    const cluster = await observeUntil((c) => c.topics.get(one)?.config["segment.ms"]?.source !== "topic");
    expect(cluster.topics.get(one)?.config["retention.ms"]).toMatchObject({ value: "120000", source: "topic" });
    expect(cluster.topics.get(one)?.config["segment.ms"]?.source).not.toBe("topic");
    expect(cluster.topics.get(two)?.config["cleanup.policy"]).toMatchObject({ value: "compact", source: "topic" });
    expect(cluster.topics.get(two)?.config["max.message.bytes"]).toMatchObject({ value: "2000000", source: "topic" });
  });

  it("adds partitions", async () => {
    const topic = uniqueName("grow");
    expectAllOk(await port.createTopics([{ name: topic, partitions: 2, replicationFactor: 1, config: {} }]));
    await observeUntil((c) => c.topics.has(topic));

    const { result, requests } = await countRequests(() => port.addPartitions([{ topic, totalCount: 5 }]));
    expect(requests).toEqual({ CreatePartitions: 1 });
    expect(result).toEqual([{ topic, ok: true }]);
    const cluster = await observeUntil((c) => c.topics.get(topic)?.partitions.length === 5);
    expect(cluster.topics.get(topic)?.partitions.map((p) => p.id)).toEqual([0, 1, 2, 3, 4]);

    const shrink = await port.addPartitions([{ topic, totalCount: 3 }]);
    expect(shrink[0]).toMatchObject({ topic, ok: false, diagnostic: { code: "kafka/invalid-partitions" } });
  });

  it("deletes topics", async () => {
    const topic = uniqueName("doomed");
    expectAllOk(await port.createTopics([{ name: topic, partitions: 1, replicationFactor: 1, config: {} }]));
    await observeUntil((c) => c.topics.has(topic));
    expect(await port.deleteTopics([topic])).toEqual([{ topic, ok: true }]);
    await observeUntil((c) => !c.topics.has(topic));

    const again = await port.deleteTopics([topic]);
    expect(again[0]).toMatchObject({ topic, ok: false, diagnostic: { code: "kafka/topic-not-found" } });
  });

  it("reports per-topic failures as outcomes while the rest of the batch succeeds", async () => {
    const existing = uniqueName("exists");
    const fresh = uniqueName("fresh");
    const tooReplicated = uniqueName("rf3");
    const badConfig = uniqueName("badcfg");
    expectAllOk(await port.createTopics([{ name: existing, partitions: 1, replicationFactor: 1, config: {} }]));

    const outcomes = await port.createTopics([
      { name: existing, partitions: 1, replicationFactor: 1, config: {} },
      { name: fresh, partitions: 1, replicationFactor: 1, config: {} },
      { name: tooReplicated, partitions: 1, replicationFactor: 3, config: {} },
      { name: badConfig, partitions: 1, replicationFactor: 1, config: { "cleanup.policy": "sometimes" } },
    ]);
    expect(outcomes.map((o) => [o.topic, o.ok, o.diagnostic?.code])).toEqual([
      [existing, false, "kafka/topic-already-exists"],
      [fresh, true, undefined],
      [tooReplicated, false, "kafka/invalid-replication-factor"],
      [badConfig, false, "kafka/invalid-topic-config"],
    ]);
    expect(outcomes[0]?.diagnostic?.message).toContain(existing);

    const unknown = uniqueName("ghost");
    const altered = await port.alterTopicConfigs([{ topic: unknown, set: { "retention.ms": "1000" }, delete: [] }]);
    expect(altered[0]).toMatchObject({ ok: false, diagnostic: { code: "kafka/topic-not-found" } });
  });
});

describe("a principal without ACLs", () => {
  it("gets authorization outcomes that name the permission and the topic", async () => {
    const topic = uniqueName("alice");
    const created = await alice.createTopics([{ name: topic, partitions: 1, replicationFactor: 1, config: {} }]);
    expect(created[0]).toMatchObject({ topic, ok: false, diagnostic: { code: "kafka/authorization-failed" } });
    expect(created[0]?.diagnostic?.message).toBe(
      `User:alice is not allowed to create topic "${topic}": it needs CREATE on topic "${topic}" (or on the cluster)`,
    );
    expect(created[0]?.diagnostic?.fix).toContain(`--allow-principal User:alice --operation Create --topic ${topic}`);

    // admin creates it; alice still may not change or delete it
    expectAllOk(await port.createTopics([{ name: topic, partitions: 1, replicationFactor: 1, config: {} }]));
    await observeUntil((c) => c.topics.has(topic));
    const altered = await alice.alterTopicConfigs([{ topic, set: { "retention.ms": "1000" }, delete: [] }]);
    expect(altered[0]?.diagnostic?.message).toContain(`it needs ALTER_CONFIGS on topic "${topic}"`);
    const grown = await alice.addPartitions([{ topic, totalCount: 2 }]);
    expect(grown[0]?.diagnostic?.message).toContain(`it needs ALTER on topic "${topic}"`);
    const deleted = await alice.deleteTopics([topic]);
    expect(deleted[0]?.diagnostic).toMatchObject({ code: "kafka/authorization-failed" });
    expect(deleted[0]?.diagnostic?.message).toContain(`it needs DELETE on topic "${topic}"`);

    // request-level permissions throw, naming the cluster permission
    const reassign = await alice.reassignPartitions([{ topic, partition: 0, replicas: [1] }]).catch((e: unknown) => e);
    expect(reassign).toBeInstanceOf(KafkaPortError);
    expect((reassign as KafkaPortError).diagnostic).toMatchObject({ code: "kafka/authorization-failed" });
    expect((reassign as KafkaPortError).diagnostic.message).toContain("ALTER on the cluster");
    const listed = await alice.listReassignments().catch((e: unknown) => e);
    expect((listed as KafkaPortError).diagnostic.message).toContain("DESCRIBE on the cluster");

    expectNoSecrets(kafka, [created, altered, grown, deleted, (reassign as KafkaPortError).diagnostics]);
    expect(await port.deleteTopics([topic])).toEqual([{ topic, ok: true }]);
  });
});
