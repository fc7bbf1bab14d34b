// Self-tests of the single-node broker the real-server tests run against: topic admin, SASL/SCRAM users,
// enforced ACLs and how min.insync.replicas is applied. Run on Kafka 4.x and 3.9.x (see vitest.config.ts).
import {
  AclOperations,
  AclPermissionTypes,
  Admin,
  ProduceAcks,
  Producer,
  ResourcePatternTypes,
  ResourceTypes,
  findErrorBy,
} from "@platformatic/kafka";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { clientOptions, kafkaVersionUnderTest, type KafkaTarget, uniqueName, useKafka } from "../../helpers/servers.js";

let kafka: KafkaTarget;
let admin: Admin;
const producers: Producer[] = [];

function producer(user: "admin" | "alice"): Producer {
  // retries: 0 so a refusal surfaces at once instead of after the client's back-off
  const p = new Producer({ ...clientOptions(kafka, user), retries: 0 });
  producers.push(p);
  return p;
}

function send(p: Producer, topic: string, acks: number = ProduceAcks.ALL) {
  return p.send({ messages: [{ topic, value: Buffer.from("hello") }], acks });
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the request to be refused, but it succeeded");
}

beforeAll(async () => {
  kafka = await useKafka(1);
  admin = new Admin(clientOptions(kafka));
});

afterAll(async () => {
  await Promise.all([admin?.close(), ...producers.map((p) => p.close())]);
});

describe(`single Kafka node (${kafkaVersionUnderTest()}.x)`, () => {
  it("runs the Kafka line under test", () => {
    expect(kafka.version.split(".")[0]).toBe(kafkaVersionUnderTest());
  });

  it("lets admin create, list and delete a topic", async () => {
    const topic = uniqueName("harness-topic");
    await admin.createTopics({ topics: [topic], partitions: 2, replicas: 1 });
    expect(await admin.listTopics()).toContain(topic);

    await admin.deleteTopics({ topics: [topic] });
    await expect.poll(() => admin.listTopics(), { timeout: 10_000 }).not.toContain(topic);
  });

  it("refuses alice's writes until admin grants her WRITE and DESCRIBE on the topic", async () => {
    const topic = uniqueName("harness-acl");
    await admin.createTopics({ topics: [topic], partitions: 1, replicas: 1 });

    const refused = await rejection(send(producer("alice"), topic));
    expect(findErrorBy(refused, "apiId", "TOPIC_AUTHORIZATION_FAILED"), String(refused)).not.toBeNull();

    const grant = (operation: (typeof AclOperations)[keyof typeof AclOperations]) => ({
      resourceType: ResourceTypes.TOPIC,
      resourceName: topic,
      resourcePatternType: ResourcePatternTypes.LITERAL,
      principal: "User:alice",
      host: "*",
      operation,
      permissionType: AclPermissionTypes.ALLOW,
    });
    await admin.createAcls({ creations: [grant(AclOperations.WRITE), grant(AclOperations.DESCRIBE)] });

    // The broker's authorizer learns new ACLs from the metadata log a moment later; a fresh client has no cached refusal.
    const result = await vi.waitFor(() => send(producer("alice"), topic), { timeout: 10_000, interval: 250 });
    expect(result.offsets?.[0]).toMatchObject({ topic, partition: 0, offset: 0n });
  });

  it("caps min.insync.replicas at the replication factor, so RF 1 with min.insync.replicas=2 accepts acks=all", async () => {
    // Kafka uses min(min.insync.replicas, replicas) (Partition.effectiveMinIsr), so such a topic is not protected:
    // the refusal needs a replica out of sync, which kafka-cluster.test.ts produces.
    const topic = uniqueName("harness-min-isr");
    await admin.createTopics({
      topics: [topic],
      partitions: 1,
      replicas: 1,
      configs: [{ name: "min.insync.replicas", value: "2" }],
    });
    await expect(send(producer("admin"), topic, ProduceAcks.ALL)).resolves.toMatchObject({ offsets: [{ offset: 0n }] });
  });
});
