// Self-tests of the 3-node cluster the replication tests run against. Run on Kafka 4.x and 3.9.x.
import { Admin, ProduceAcks, Producer, findErrorBy } from "@platformatic/kafka";
import { afterAll, beforeAll, expect, it } from "vitest";
import { clientOptions, type KafkaTarget, suspendClusterNode, uniqueName, useKafka } from "../../helpers/servers.js";

let kafka: KafkaTarget;
let admin: Admin;

beforeAll(async () => {
  kafka = await useKafka(3);
  admin = new Admin(clientOptions(kafka));
});

afterAll(async () => {
  await admin?.close();
});

async function partitionState(client: Admin, topic: string) {
  const partition = (await client.metadata({ topics: [topic], forceUpdate: true })).topics.get(topic)?.partitions[0];
  if (!partition) throw new Error(`no metadata for ${topic}`);
  return { leader: partition.leader, replicas: partition.replicas.toSorted(), isr: partition.isr.toSorted() };
}

it("reports three brokers", async () => {
  expect(kafka.bootstrapServers.split(",")).toHaveLength(3);
  const metadata = await admin.metadata({ topics: [], forceUpdate: true });
  expect([...metadata.brokers.keys()].sort()).toEqual([1, 2, 3]);
});

it("keeps all three replicas of an RF 3 topic in sync", async () => {
  const topic = uniqueName("harness-rf3");
  await admin.createTopics({ topics: [topic], partitions: 1, replicas: 3 });

  await expect
    .poll(() => partitionState(admin, topic), { timeout: 15_000 })
    .toMatchObject({
      replicas: [1, 2, 3],
      isr: [1, 2, 3],
    });
});

it("rejects acks=all with NOT_ENOUGH_REPLICAS once a replica drops out of a min.insync.replicas=3 topic", async () => {
  const topic = uniqueName("harness-min-isr");
  await admin.createTopics({
    topics: [topic],
    partitions: 1,
    replicas: 3,
    configs: [{ name: "min.insync.replicas", value: "3" }],
  });
  await expect.poll(() => partitionState(admin, topic), { timeout: 15_000 }).toMatchObject({ isr: [1, 2, 3] });

  // Freeze a follower; the clients below never bootstrap from it, so none of their requests wait on it.
  const { leader } = await partitionState(admin, topic);
  const victim = ([3, 2, 1] as const).find((id) => id !== leader) ?? 3;
  const others = kafka.bootstrapServers.split(",").filter((_, i) => i + 1 !== victim);
  const options = { ...clientOptions(kafka), bootstrapBrokers: others };
  const survivorAdmin = new Admin(options);
  // A short broker-side ack timeout, so an attempt the leader cannot refuse yet (below) ends quickly.
  const producer = new Producer({ ...options, retries: 0, timeout: 5_000 });
  const resume = await suspendClusterNode(victim);
  try {
    await expect
      .poll(async () => (await partitionState(survivorAdmin, topic)).isr, { timeout: 30_000 })
      .toHaveLength(2);

    // Other brokers can report the shrunk ISR a moment before the leader applies it; until then the leader still
    // waits for the frozen follower and the produce times out instead of being refused. Retry only that case.
    let refused = new Error("no produce attempt finished");
    const timedOut = (error: Error) =>
      findErrorBy(error, "apiId", "REQUEST_TIMED_OUT") !== null || /timed out/i.test(String(error));
    await expect
      .poll(
        async () => {
          refused = await producer.send({ messages: [{ topic, value: Buffer.from("x") }], acks: ProduceAcks.ALL }).then(
            () => new Error("expected NOT_ENOUGH_REPLICAS, but the produce succeeded"),
            (error: Error) => error,
          );
          return timedOut(refused);
        },
        { timeout: 60_000, interval: 500 },
      )
      .toBe(false);
    expect(findErrorBy(refused, "apiId", "NOT_ENOUGH_REPLICAS"), String(refused)).not.toBeNull();
  } finally {
    resume();
    await expect
      .poll(async () => (await partitionState(survivorAdmin, topic)).isr, { timeout: 60_000 })
      .toEqual([1, 2, 3]);
    await Promise.all([producer.close(), survivorAdmin.close()]);
  }
}, 120_000);
