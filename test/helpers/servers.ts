/**
 * Real Kafka brokers and a real Confluent-API schema registry for the tests under test/real/.
 *
 * Design:
 * - scripts/infra.sh does the work: it fetches the servers with Maven (test-infra/pom.xml) and starts them as
 *   plain JVMs on 127.0.0.1 — `single` (one combined KRaft node), `cluster` (three) and `registry` (Apicurio,
 *   whose ccompat API speaks Confluent's Schema Registry protocol). Every broker has SASL (PLAIN and
 *   SCRAM-SHA-256/512) and ACLs enforced, super user admin, users alice, bob, carol and dave.
 * - vitest.config.ts runs test/real/** twice, as projects real-kafka4 and real-kafka3, one after the other
 *   (sequence.groupOrder); each `provide`s its Kafka line, read here by kafkaVersionUnderTest().
 * - Servers start lazily: useKafka()/useRegistry() run `infra.sh start`, which is idempotent and serialised by
 *   a flock, so test files in several workers share one set of servers. Starting one Kafka line first stops the
 *   other line's brokers, which keeps at most five JVMs alive (single + cluster + registry) on a 2-core machine.
 * - useKafka() returns once every node's metadata lists all brokers (infra.sh itself waits for the start log
 *   line and the open port only).
 * - test/global-setup.ts fails the run when Java or Maven is missing, fetches once up front, holds a machine-wide
 *   lock so concurrent runs wait for each other, and stops every server when the run ends — passed, failed,
 *   interrupted or crashed. Servers are shared within a run, so tests name what they create with uniqueName().
 */
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout } from "node:timers/promises";
import { Admin, type SASLMechanismValue } from "@platformatic/kafka";
import { inject } from "vitest";
import { infra, infraRunDir } from "./infra.js";

export type KafkaLine = "4" | "3";
export type KafkaUser = "admin" | "alice" | "bob" | "carol" | "dave";

export interface KafkaTarget {
  /** the exact broker version, e.g. "4.4.0" */
  version: string;
  nodes: 1 | 3;
  /** comma-separated host:port list of the SASL_PLAINTEXT client listeners */
  bootstrapServers: string;
  /** admin is the super user; alice, bob, carol and dave have no ACLs until a test grants some */
  users: Record<KafkaUser, { username: string; password: string }>;
}

declare module "vitest" {
  export interface ProvidedContext {
    kafkaLine: KafkaLine;
  }
}

/** The key=value lines infra.sh writes to <run dir>/<instance>/info once the instance is ready. */
async function readInfo(instance: string): Promise<Map<string, string>> {
  const text = await readFile(join(infraRunDir, instance, "info"), "utf8");
  return new Map(
    text.split("\n").flatMap((line) => (line.includes("=") ? [line.split(/=(.*)/s) as [string, string]] : [])),
  );
}

function required(info: Map<string, string>, key: string): string {
  const value = info.get(key);
  if (value === undefined) throw new Error(`infra info lacks ${key}`);
  return value;
}

export function kafkaVersionUnderTest(): KafkaLine {
  const line = inject("kafkaLine");
  if (line !== "4" && line !== "3")
    throw new Error("kafkaLine is not provided: run real-server tests through vitest.config.ts");
  return line;
}

/** Starts (if needed) the single node or the 3-node cluster of the Kafka line under test. */
export async function useKafka(nodes: 1 | 3): Promise<KafkaTarget> {
  const line = kafkaVersionUnderTest();
  const kind = nodes === 1 ? "single" : "cluster";
  await infra("stop", "kafka", "--kafka", line === "4" ? "3" : "4");
  await infra("start", kind, "--kafka", line);
  const info = await readInfo(`kafka${line}-${kind}`);
  const user = (username: KafkaUser) => ({ username, password: required(info, `user.${username}`) });
  const target: KafkaTarget = {
    version: required(info, "version"),
    nodes,
    bootstrapServers: required(info, "bootstrap"),
    users: {
      admin: user("admin"),
      alice: user("alice"),
      bob: user("bob"),
      carol: user("carol"),
      dave: user("dave"),
    },
  };
  await waitForBrokers(target);
  return target;
}

/**
 * Every node logging "Kafka Server started" does not mean every node already knows the others: broker
 * registrations reach each node's metadata cache a moment later. Wait until each node reports all of them.
 */
async function waitForBrokers(target: KafkaTarget): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (const server of target.bootstrapServers.split(",")) {
    const admin = new Admin({ ...clientOptions(target), bootstrapBrokers: [server] });
    try {
      for (;;) {
        const { brokers } = await admin.metadata({ topics: [], forceUpdate: true });
        if (brokers.size === target.nodes) break;
        if (Date.now() > deadline)
          throw new Error(`${server} sees ${brokers.size} of ${target.nodes} brokers after 60 s`);
        await setTimeout(250);
      }
    } finally {
      await admin.close();
    }
  }
}

/**
 * Freezes node <nodeId> of the cluster (SIGSTOP) until the returned function resumes it (SIGCONT): a broker that
 * stops answering, as in a failure test. The controller fences it after broker.session.timeout.ms (9 s) and
 * drops it from every ISR. Real-server files run one at a time, so only the calling file sees the frozen node;
 * resume in a `finally` and wait for the ISRs to heal before the next test uses the cluster.
 */
export async function suspendClusterNode(nodeId: 1 | 2 | 3): Promise<() => void> {
  const pidFile = join(infraRunDir, `kafka${kafkaVersionUnderTest()}-cluster`, `node${nodeId}.pid`);
  const pid = Number(await readFile(pidFile, "utf8"));
  process.kill(pid, "SIGSTOP");
  return () => process.kill(pid, "SIGCONT");
}

/** Starts (if needed) Apicurio and returns its Confluent-compatible base URL (…/apis/ccompat/v7). */
export async function useRegistry(): Promise<{ url: string }> {
  await infra("start", "registry");
  return { url: required(await readInfo("registry"), "url") };
}

/** Connection options for @platformatic/kafka clients (Admin, Producer, Consumer) as one of the users. */
export function clientOptions(
  target: KafkaTarget,
  user: KafkaUser = "admin",
  mechanism: SASLMechanismValue = "SCRAM-SHA-256",
) {
  return {
    clientId: `kgov-test-${user}`,
    bootstrapBrokers: target.bootstrapServers.split(","),
    sasl: { mechanism, ...target.users[user] },
  };
}

/** A name no other test (or earlier run against the same servers) uses: valid for topics, groups and subjects. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(4).toString("hex")}`;
}
