/**
 * Producing and reading back records on the real brokers, for tests that prove data survives a change
 * (replication-factor moves, partition changes).
 */
import {
  Consumer,
  MessagesStreamModes,
  ProduceAcks,
  Producer,
  stringDeserializers,
  stringSerializers,
} from "@platformatic/kafka";
import { clientOptions, uniqueName, type KafkaTarget } from "./servers.js";

/** Sends string records with acks=all, so each is on every in-sync replica when this returns. */
export async function produceRecords(
  kafka: KafkaTarget,
  messages: readonly { topic: string; value: string; key?: string; partition?: number }[],
): Promise<void> {
  const producer = new Producer({ ...clientOptions(kafka), serializers: stringSerializers });
  try {
    await producer.send({ messages: [...messages], acks: ProduceAcks.ALL });
  } finally {
    await producer.close();
  }
}

/** Reads a topic from the beginning until `expected` records arrived; returns their values sorted. */
export async function readAllValues(kafka: KafkaTarget, topic: string, expected: number): Promise<string[]> {
  const consumer = new Consumer({
    ...clientOptions(kafka),
    groupId: uniqueName("kgov-test-reader"),
    deserializers: stringDeserializers,
  });
  const values: string[] = [];
  try {
    const stream = await consumer.consume({ topics: [topic], mode: MessagesStreamModes.EARLIEST, autocommit: false });
    for await (const message of stream) {
      values.push(message.value);
      if (values.length >= expected) break;
    }
    await stream.close();
  } finally {
    await consumer.close(true);
  }
  return values.sort();
}
