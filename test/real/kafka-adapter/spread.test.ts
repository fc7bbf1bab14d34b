/**
 * The configs read spread over several requests (src/adapters/kafka/spread.ts) against a real single broker and the
 * real 3-node cluster (Kafka 4.x and 3.9.x): with the part size lowered so that a few topics make four parts, the
 * read goes out as four DescribeConfigs on four connections — every broker first, then extra connections — and sees
 * exactly what the one-request read sees.
 */
import { connectionsApiChannel } from "@platformatic/kafka";
import { afterAll, describe, expect, it } from "vitest";
import { PlatformaticKafkaCluster } from "../../../src/adapters/kafka/cluster.js";
import type { KafkaClusterPort } from "../../../src/ports/kafka.js";
import { uniqueName, useKafka } from "../../helpers/servers.js";
import { countRequests, expectAllOk, portFor, settingsFor } from "./support.js";

const ports: KafkaClusterPort[] = [];
afterAll(async () => {
  await Promise.all(ports.map((p) => p.close()));
});

/** The broker port of every connection a DescribeConfigs request went out on while `work` ran. */
async function describeConnections<T>(work: () => Promise<T>): Promise<{ result: T; connections: number[] }> {
  const seen = new Map<object, number>();
  const onStart = (message: unknown): void => {
    const m = message as { apiKey?: number; connection?: { port?: number } };
    if (m.apiKey === 32 && m.connection) seen.set(m.connection, m.connection.port ?? -1);
  };
  connectionsApiChannel.start.subscribe(onStart);
  try {
    return { result: await work(), connections: [...seen.values()] };
  } finally {
    connectionsApiChannel.start.unsubscribe(onStart);
  }
}

describe.each([1, 3] as const)("a configs read in parts, %i node(s)", (nodes) => {
  it("sends four DescribeConfigs on four connections at once and reads what one request reads", async () => {
    const kafka = await useKafka(nodes);
    const whole = portFor(kafka);
    const spread = new PlatformaticKafkaCluster(settingsFor(kafka), { cwd: process.cwd(), topicsPerDescribePart: 1 });
    ports.push(whole, spread);
    const topics = Array.from({ length: 8 }, (_, i) => uniqueName(`spread-${i}`));
    expectAllOk(
      await whole.createTopics(
        topics.map((name, i) => ({
          name,
          partitions: 1,
          replicationFactor: nodes,
          config: { "retention.ms": String(3_600_000 + i) },
        })),
      ),
    );
    // every broker's metadata cache has the new topics a moment after CreateTopics returns
    const seesAll = async (port: KafkaClusterPort) => {
      const cluster = await port.observeTopics();
      return topics.every((t) => cluster.topics.has(t));
    };
    await expect.poll(() => seesAll(whole), { timeout: 15_000, interval: 200 }).toBe(true);
    await expect.poll(() => seesAll(spread), { timeout: 15_000, interval: 200 }).toBe(true);

    const { result: counted, connections } = await describeConnections(() =>
      countRequests(() => spread.observeTopics()),
    );
    expect(counted.requests).toEqual({ Metadata: 1, DescribeConfigs: 4, ListPartitionReassignments: 1 });
    expect(connections).toHaveLength(4);
    expect(new Set(connections).size).toBe(nodes);

    const one = await whole.observeTopics();
    const parts = counted.result;
    expect([...parts.topics.keys()].sort()).toEqual([...one.topics.keys()].sort());
    for (const name of topics) {
      expect(parts.topics.get(name)).toEqual(one.topics.get(name));
      expect(parts.topics.get(name)?.config["retention.ms"]?.value).toBe(String(3_600_000 + topics.indexOf(name)));
    }
    expectAllOk(await whole.deleteTopics(topics));
  });
});
