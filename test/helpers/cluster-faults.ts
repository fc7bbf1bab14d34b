/**
 * Node-level faults on the real 3-node cluster (scripts/infra.sh `cluster`, every node a combined KRaft
 * broker+controller and a voter): kill a node with SIGKILL and start it again on its own data, freeze it with SIGSTOP
 * (servers.ts suspendClusterNode), find the active controller (the quorum leader), and wait until the cluster has
 * healed (all three brokers registered, every ISR full) so that the next test file finds it as it was.
 *
 * infra.sh has no per-node start; a node is restarted here the way infra.sh launched it: the same command line (read
 * from /proc before the kill), in its own session (detached, so infra.sh's `stop` still kills it by process group),
 * its output appended to the same log, its new pid written to the same pid file.
 */
import { spawn } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import * as kafkaLib from "@platformatic/kafka";
import { Admin } from "@platformatic/kafka";
import { infraRunDir } from "./infra.js";
import { clientOptions, kafkaVersionUnderTest, type KafkaTarget } from "./servers.js";

export type NodeId = 1 | 2 | 3;

function clusterDir(): string {
  return join(infraRunDir, `kafka${kafkaVersionUnderTest()}-cluster`);
}

async function nodePid(nodeId: NodeId): Promise<number> {
  return Number((await readFile(join(clusterDir(), `node${nodeId}.pid`), "utf8")).trim());
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function startedLines(nodeId: NodeId): Promise<number> {
  const log = await readFile(join(clusterDir(), `node${nodeId}.log`), "utf8").catch(() => "");
  return log.split("Kafka Server started").length - 1;
}

export interface KilledNode {
  readonly nodeId: NodeId;
  /** Starts the node again (idempotent) and waits until it logged its start line and every node lists 3 brokers. */
  restart(target: KafkaTarget): Promise<void>;
}

interface NodeProcess {
  readonly pid: number;
  readonly argv: readonly string[];
  readonly startsBefore: number;
}

async function nodeProcess(nodeId: NodeId): Promise<NodeProcess> {
  const pid = await nodePid(nodeId);
  const argv = (await readFile(`/proc/${pid}/cmdline`, "utf8")).split("\0").filter((a) => a !== "");
  if (!argv.some((a) => a.startsWith(`${clusterDir()}/`))) throw new Error(`pid ${pid} is not node${nodeId}`);
  return { pid, argv, startsBefore: await startedLines(nodeId) };
}

/**
 * Reads what it takes to kill and restart each node (pid, command line) up front, so that `kill` is synchronous:
 * called from a callback of kgov's (a progress line, a request being sent), the node is dead before kgov goes on.
 * Always restart a killed node in a `finally` / afterEach: later test files expect three live nodes.
 */
export async function armKill(): Promise<{ kill(nodeId: NodeId): KilledNode }> {
  const processes = new Map<NodeId, NodeProcess>();
  for (const id of [1, 2, 3] as const) processes.set(id, await nodeProcess(id));
  return {
    kill: (nodeId) => {
      const node = processes.get(nodeId) as NodeProcess;
      process.kill(-node.pid, "SIGKILL");
      return restartable(nodeId, node);
    },
  };
}

/** SIGKILLs node <nodeId>'s JVM (its whole process group) now; see armKill. */
export async function killClusterNode(nodeId: NodeId): Promise<KilledNode> {
  return (await armKill()).kill(nodeId);
}

function restartable(nodeId: NodeId, node: NodeProcess): KilledNode {
  const dir = clusterDir();
  let restarted: Promise<void> | undefined;
  return {
    nodeId,
    restart: (target) => {
      restarted ??= (async () => {
        for (let i = 0; alive(node.pid); i++) {
          if (i > 200) throw new Error(`node${nodeId} (pid ${node.pid}) survived SIGKILL for 10 s`);
          await sleep(50);
        }
        const out = openSync(join(dir, `node${nodeId}.log`), "a");
        try {
          const [command, ...args] = node.argv as [string, ...string[]];
          const child = spawn(command, args, { detached: true, stdio: ["ignore", out, out] });
          child.unref();
          if (child.pid === undefined) throw new Error(`node${nodeId} could not be started again`);
          await writeFile(join(dir, `node${nodeId}.pid`), `${child.pid}\n`);
          const deadline = Date.now() + 180_000;
          while ((await startedLines(nodeId)) <= node.startsBefore) {
            if (!alive(child.pid)) throw new Error(`node${nodeId} exited while starting again (see ${dir})`);
            if (Date.now() > deadline) throw new Error(`node${nodeId} did not start again within 180 s`);
            await sleep(250);
          }
        } finally {
          closeSync(out);
        }
        await waitForAllBrokers(target);
      })();
      return restarted;
    },
  };
}

/** Every node's metadata lists all three brokers (a restarted broker re-registers a moment after it starts). */
export async function waitForAllBrokers(target: KafkaTarget, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const server of target.bootstrapServers.split(",")) {
    for (;;) {
      const admin = new Admin({ ...clientOptions(target), bootstrapBrokers: [server], retries: 0 });
      try {
        const { brokers } = await admin.metadata({ topics: [], forceUpdate: true });
        if (brokers.size === 3) break;
      } catch {
        // not answering yet
      } finally {
        await admin.close().catch(() => undefined);
      }
      if (Date.now() > deadline) throw new Error(`${server} does not list 3 brokers after ${timeoutMs} ms`);
      await sleep(500);
    }
  }
}

/**
 * Waits until every partition of every topic (internal ones too) has its full replica set in the ISR: a killed or
 * frozen broker drops out of the ISRs and rejoins them only after it caught up.
 */
export async function waitForFullIsr(target: KafkaTarget, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lagging: string[] = [];
  for (;;) {
    const admin = new Admin({ ...clientOptions(target), retries: 0 });
    try {
      const names = await admin.listTopics({ includeInternals: true });
      const metadata = await admin.metadata({ topics: names, forceUpdate: true });
      lagging = [];
      for (const [name, topic] of metadata.topics) {
        for (const p of topic.partitions) if (p.isr.length < p.replicas.length) lagging.push(`${name}`);
      }
      if (lagging.length === 0) return;
    } catch {
      // a broker still restarting
    } finally {
      await admin.close().catch(() => undefined);
    }
    if (Date.now() > deadline) {
      throw new Error(`ISRs not full after ${timeoutMs} ms: ${[...new Set(lagging)].slice(0, 5).join(", ")} …`);
    }
    await sleep(1000);
  }
}

/** The node that leads the KRaft quorum (the active controller), from DescribeQuorum v0 sent to any live broker. */
export async function activeController(target: KafkaTarget): Promise<NodeId> {
  const admin = new Admin({ ...clientOptions(target), retries: 1 });
  try {
    const metadata = await admin.metadata({ topics: [] });
    const ids = [...metadata.brokers.keys()];
    const connections = await admin.connectToBrokers(ids);
    const connection = [...connections.values()][0];
    if (!connection) throw new Error("no broker to ask for the quorum");
    const response = await kafkaLib.describeQuorumV0.api.async(connection, [
      { topicName: "__cluster_metadata", partitions: [{ partitionIndex: 0 }] },
    ]);
    const leader = response.topics[0]?.partitions[0]?.leaderId;
    if (leader !== 1 && leader !== 2 && leader !== 3) throw new Error(`unexpected quorum leader ${String(leader)}`);
    return leader;
  } finally {
    await admin.close();
  }
}

/** Polls until the quorum has a leader other than `previous` (the controller moved). */
export async function waitForNewController(target: KafkaTarget, previous: NodeId, timeoutMs = 60_000): Promise<NodeId> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const leader = await activeController(target).catch(() => undefined);
    if (leader !== undefined && leader !== previous) return leader;
    if (Date.now() > deadline) throw new Error(`the quorum leader did not move off node ${previous}`);
    await sleep(250);
  }
}
