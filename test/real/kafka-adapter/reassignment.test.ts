/**
 * Changing the replication factor through the Kafka adapter on the real 3-node cluster (Kafka 4.x and 3.9.x):
 * RF 1 → 3 and 3 → 2 by AlterPartitionReassignments, followed with listReassignments until it is empty, with records
 * produced before the moves still readable after them.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import type { ObservedTopic } from "../../../src/core/model/observed.js";
import type { KafkaClusterPort } from "../../../src/ports/kafka.js";
import { produceRecords, readAllValues } from "../../helpers/records.js";
import { uniqueName, useKafka, type KafkaTarget } from "../../helpers/servers.js";
import { countRequests, expectAllOk, portFor } from "./support.js";

let kafka: KafkaTarget;
let port: KafkaClusterPort;

beforeAll(async () => {
  kafka = await useKafka(3);
  port = portFor(kafka);
});

afterAll(async () => {
  await port?.close();
});

async function observed(topic: string): Promise<ObservedTopic | undefined> {
  return (await port.observeTopics()).topics.get(topic);
}

async function settle(topic: string, rf: number): Promise<void> {
  await expect.poll(async () => (await port.listReassignments()).has(topic), { timeout: 60_000 }).toBe(false);
  await expect
    .poll(
      async () =>
        (await observed(topic))?.partitions.every((p) => p.replicas.length === rf && p.isr.length === rf) ?? false,
      { timeout: 60_000 },
    )
    .toBe(true);
}

it("changes the replication factor 1 → 3 → 2 without losing records", async () => {
  const topic = uniqueName("rf-change");
  expectAllOk(await port.createTopics([{ name: topic, partitions: 2, replicationFactor: 1, config: {} }]));
  await expect.poll(async () => (await observed(topic))?.partitions.length, { timeout: 15_000 }).toBe(2);

  const records = Array.from({ length: 40 }, (_, i) => `record-${String(i).padStart(2, "0")}`);
  await produceRecords(
    kafka,
    records.map((value, i) => ({ topic, value, partition: i % 2 })),
  );

  // RF 1 → 3: each partition keeps its current replica first (it stays the preferred leader) and gains the others.
  const before = await observed(topic);
  const toThree = (before?.partitions ?? []).map((p) => ({
    topic,
    partition: p.id,
    replicas: [p.replicas[0] as number, ...[1, 2, 3].filter((b) => b !== p.replicas[0])],
  }));
  const { result, requests } = await countRequests(() => port.reassignPartitions(toThree));
  expect(requests).toEqual({ AlterPartitionReassignments: 1 });
  expect(result).toEqual([{ topic, ok: true }]);
  await settle(topic, 3);
  const three = await observed(topic);
  for (const p of three?.partitions ?? []) expect([...p.replicas].sort()).toEqual([1, 2, 3]);

  // RF 3 → 2: drop the last replica of each partition.
  const toTwo = (three?.partitions ?? []).map((p) => ({ topic, partition: p.id, replicas: p.replicas.slice(0, 2) }));
  expectAllOk(await port.reassignPartitions(toTwo));
  await settle(topic, 2);
  const two = await observed(topic);
  expect(two?.partitions.map((p) => p.replicas)).toEqual(toTwo.map((m) => m.replicas));

  expect(await readAllValues(kafka, topic, records.length)).toEqual(records);
  expectAllOk(await port.deleteTopics([topic]));
}, 180_000);

it("reports a replica on a broker that does not exist as the topic's outcome", async () => {
  const topic = uniqueName("rf-bad");
  expectAllOk(await port.createTopics([{ name: topic, partitions: 1, replicationFactor: 1, config: {} }]));
  await expect.poll(async () => (await observed(topic))?.partitions.length, { timeout: 15_000 }).toBe(1);
  const outcomes = await port.reassignPartitions([{ topic, partition: 0, replicas: [1, 42] }]);
  expect(outcomes).toMatchObject([{ topic, ok: false, diagnostic: { code: "kafka/invalid-replica-assignment" } }]);
  expect(outcomes[0]?.diagnostic?.message).toContain("partition 0");
  expectAllOk(await port.deleteTopics([topic]));
});
