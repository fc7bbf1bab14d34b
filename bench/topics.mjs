// Plan, apply and topicctl: kgov against a real single-node Apache Kafka 4.x broker (SASL/SCRAM, scripts/infra.sh),
// each compared with a baseline measured in the same run on the same broker.
//
//   plan      `kgov plan` over 10,000 existing topics (desired state == cluster: "No changes.") vs the round-trip floor:
//             a small script on the same client (@platformatic/kafka) that sends only Metadata for all topics and one
//             DescribeConfigs for all of them, process start included. Targets: ratio ≤ 1.3, kgov peak RSS ≤ 300 MB.
//   apply     `kgov apply --auto-approve` creating 5,000 topics vs one batched CreateTopics of the same 5,000 topics sent
//             by a raw script (process start included). Target ratio ≤ 1.5.
//   topicctl  segmentio/topicctl `check` and `apply --dry-run` over the same 10,000 topics vs `kgov plan`.
//             Target: kgov ≥ 10× faster. topicctl comes from scripts/install-topicctl.sh (.tools/bin/topicctl).
//
// Self-contained: each benchmark starts its own broker under .bench-run/ (ports 19301-19303 for plan and topicctl,
// 19331-19333 for apply, so concurrently running tests on the default ports are not disturbed), generates its
// desired-state files into a temporary folder (deterministically, from indices) and stops the broker at the end.
// Medians throughout, runs interleaved, so load from other work on a shared machine hits kgov and baseline alike.
//
// Usage on its own: node bench/topics.mjs [plan|apply|topicctl ...] [--keep]   (--keep: leave the broker running)
// Internal: node bench/topics.mjs raw <op> [arg]   the raw-client baseline (see rawMain).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { machineDescription, measureOnce, median, runRawClient } from "./lib.mjs";

const REPO = fileURLToPath(new URL("..", import.meta.url));
export const KGOV = join(REPO, "bin", "kgov.js");
export const SELF = fileURLToPath(import.meta.url);
export const TOPICCTL = join(REPO, ".tools", "bin", "topicctl");
const BENCH_RUN = join(REPO, ".bench-run");

export const PLAN = { topics: 10_000, files: 20, runs: 7, targetRatio: 1.3, targetRssMb: 300 };
const APPLY = { topics: 5_000, files: 5, runs: 3, targetRatio: 1.5 };
const TOPICCTL_BENCH = { kgovRuns: 3, maxRuns: 3, singleRunAboveMs: 60_000, targetFactor: 10 };
/**
 * A KRaft controller refuses a user operation that would write more than 10,000 metadata records
 * (QuorumController's MAX_RECORDS_PER_USER_OP, "Unable to perform excessively large batch operation."). Creating a
 * topic writes one TopicRecord, one PartitionRecord per partition and one ConfigRecord per config key, so the
 * fixture is created in requests of this many topics.
 */
const FIXTURE_CHUNK = 2_000;
const SETTLE_TIMEOUT_MS = 900_000;

const pad = (n, width) => String(n).padStart(width, "0");

// ------------------------------------------------------------------------------------------------ broker

const running = new Set();
function stopAllSync() {
  for (const broker of [...running]) broker.stop();
}
function onSignal(signal) {
  stopAllSync();
  process.exit(signal === "SIGINT" ? 130 : 143);
}

/**
 * Starts (or reuses) a single-node Kafka 4.x broker with its own run directory and ports. `infraEnv`: more variables
 * for scripts/infra.sh (bench/latency.mjs sets KGOV_KAFKA_ADVERTISED_PORT).
 */
export function startBroker(name, portBase, infraEnv = {}) {
  const env = {
    ...cleanEnv(),
    KGOV_INFRA_DIR: join(BENCH_RUN, name),
    KGOV_KAFKA4_PORT_BASE: String(portBase),
    ...infraEnv,
  };
  const infra = (...args) => {
    const r = spawnSync("bash", [join(REPO, "scripts", "infra.sh"), ...args], { env, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`scripts/infra.sh ${args.join(" ")} failed (exit ${r.status}):\n${r.stderr}`);
  };
  infra("fetch");
  infra("start", "single", "--kafka", "4");
  const instance = join(env.KGOV_INFRA_DIR, "kafka4-single");
  const info = Object.fromEntries(
    readFileSync(join(instance, "info"), "utf8")
      .trim()
      .split("\n")
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );
  const broker = {
    version: info.version,
    dataDir: join(instance, "data-node1"),
    /** The connection for kgov and the raw script, as KGOV_* variables (nothing else of the caller's KGOV_*). */
    env: {
      ...cleanEnv(),
      KGOV_BOOTSTRAP_SERVERS: info.bootstrap,
      KGOV_SASL_MECHANISM: "SCRAM-SHA-256",
      KGOV_SASL_USERNAME: "admin",
      KGOV_SASL_PASSWORD: info["user.admin"],
      KGOV_REQUEST_TIMEOUT_MS: "120000",
    },
    bootstrap: info.bootstrap,
    password: info["user.admin"],
    stopped: false,
    stop() {
      if (broker.stopped) return;
      broker.stopped = true;
      running.delete(broker);
      if (running.size === 0) {
        process.off("SIGINT", onSignal);
        process.off("SIGTERM", onSignal);
      }
      spawnSync("bash", [join(REPO, "scripts", "infra.sh"), "stop", "all"], { env, stdio: "ignore" });
    },
  };
  if (running.size === 0) {
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  }
  running.add(broker);
  return broker;
}
process.on("exit", stopAllSync);

/** The caller's environment without KGOV_* (a KGOV_COMMAND_CONFIG there must not redirect the benchmark). */
function cleanEnv() {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("KGOV_")));
  return { ...env, NO_COLOR: "1" };
}

/** Runs the raw client (`node bench/topics.mjs raw <op> [arg]`) and returns its JSON answer. */
export function raw(broker, op, arg) {
  const r = spawnSync(process.execPath, [SELF, "raw", op, ...(arg === undefined ? [] : [arg])], {
    env: broker.env,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`raw ${op} failed (exit ${r.status}):\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** Log directories of live partitions whose topic starts with prefix, and of deleted ones not yet removed. */
function logDirs(broker, prefix) {
  let live = 0;
  let deleted = 0;
  for (const name of readdirSync(broker.dataDir)) {
    if (!name.startsWith(prefix)) continue;
    if (name.endsWith("-delete")) deleted++;
    else live++;
  }
  return { live, deleted };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until the broker has caught up: `count` topics with the prefix visible with a leader for every partition and
 * as many log directories, and no deleted log directory left. CreateTopics and DeleteTopics answer once the
 * controller committed the change; the broker creates (or removes) the log directories afterwards, a few hundred per
 * second on a small machine, and that work must not overlap the next measurement.
 */
async function settle(broker, prefix, count) {
  const start = Date.now();
  for (;;) {
    const { ready } = raw(broker, "count", prefix);
    const dirs = logDirs(broker, prefix);
    if (ready === count && dirs.live === count && dirs.deleted === 0) return Date.now() - start;
    if (Date.now() - start > SETTLE_TIMEOUT_MS) {
      throw new Error(`broker did not settle: ${ready}/${count} topics ready, log dirs ${JSON.stringify(dirs)}`);
    }
    await sleep(500);
  }
}

// ------------------------------------------------------------------------------------------------ desired states

/** The plan estate: topic i in file i % files, 1 partition, RF 1; retention.ms on every 4th, compaction on every 10th. */
function planTopic(i) {
  const config = {};
  if (i % 4 === 0) config["retention.ms"] = "86400000";
  if (i % 10 === 0) config["cleanup.policy"] = "compact";
  return { name: `bench.t${pad(i % PLAN.files, 2)}.topic-${pad(i, 5)}`, partitions: 1, config };
}

function kgovSettings(prefix) {
  return `version: 1

settings:
  scope:
    topicPrefixes: [${prefix}]
  defaults:
    topic:
      partitions: 1
      replicationFactor: 1
`;
}

function kgovTopicYaml(topic) {
  const lines = [`  ${topic.name}:`];
  const entries = Object.entries(topic.config);
  if (entries.length === 0) lines[0] += " {}";
  else lines.push("    config:", ...entries.map(([k, v]) => `      ${k}: "${v}"`));
  return lines.join("\n");
}

/** kgov.yaml plus one topics file per group, into dir. */
function writeKgovEstate(dir, prefix, groups) {
  mkdirSync(join(dir, "topics"), { recursive: true });
  writeFileSync(join(dir, "kgov.yaml"), kgovSettings(prefix));
  groups.forEach((topics, g) => {
    writeFileSync(
      join(dir, "topics", `group-${pad(g, 2)}.yaml`),
      `version: 1\n\ntopics:\n${topics.map(kgovTopicYaml).join("\n")}\n`,
    );
  });
}

/** topicctl's layout: cluster.yaml and one multi-document topics file per group. */
function writeTopicctlEstate(dir, broker, groups) {
  mkdirSync(join(dir, "topics"), { recursive: true });
  writeFileSync(
    join(dir, "cluster.yaml"),
    `meta:
  name: bench
  environment: bench
  region: local
  description: kgov benchmark broker
spec:
  bootstrapAddrs:
    - ${broker.bootstrap}
  sasl:
    enabled: true
    mechanism: SCRAM-SHA-256
    username: admin
    password: ${broker.password}
`,
  );
  const files = [];
  groups.forEach((topics, g) => {
    const docs = topics.map((t) => {
      // topicctl counts cluster-wide dynamic defaults (config source DYNAMIC_DEFAULT_BROKER_CONFIG) as settings of
      // every topic, and Kafka 4 sets min.insync.replicas=1 cluster-wide at format time (for ELR, KIP-966): without
      // this key every topic fails `topicctl check` ("keys have different values between cluster and topic config").
      const settings = Object.entries({ ...t.config, ...TOPICCTL_CLUSTER_DEFAULTS }).map(([k, v]) => `    ${k}: ${v}`);
      return [
        "meta:",
        `  name: ${t.name}`,
        "  cluster: bench",
        "  environment: bench",
        "  region: local",
        "spec:",
        `  partitions: ${t.partitions}`,
        "  replicationFactor: 1",
        "  placement:",
        "    strategy: any",
        ...(settings.length > 0 ? ["  settings:", ...settings] : []),
      ].join("\n");
    });
    const file = join(dir, "topics", `group-${pad(g, 2)}.yaml`);
    writeFileSync(file, `${docs.join("\n---\n")}\n`);
    files.push(file);
  });
  return files;
}

const TOPICCTL_CLUSTER_DEFAULTS = { "min.insync.replicas": "1" };

function groupsOf(topics, files) {
  const groups = Array.from({ length: files }, () => []);
  topics.forEach((t, i) => groups[i % files].push(t));
  return groups;
}

// ------------------------------------------------------------------------------------------------ the 10,000 topics

let estate;

/** The broker with the plan estate's 10,000 topics, created once and shared by the plan and topicctl benchmarks. */
async function planEstate() {
  if (estate && !estate.broker.stopped) return estate;
  estate = await createPlanEstate(startBroker("plan", 19300));
  return estate;
}

/**
 * Creates the plan estate's 10,000 topics on the broker, waits until it settled, and writes the kgov and topicctl
 * desired-state files (into a temporary folder; `release()` stops the broker and removes them). Not cached: for a
 * broker of the caller's own (bench/latency.mjs).
 */
export async function createPlanEstate(broker) {
  const dir = mkdtempSync(join(os.tmpdir(), "kgov-bench-plan-"));
  try {
    const topics = Array.from({ length: PLAN.topics }, (_, i) => planTopic(i));
    const start = Date.now();
    for (let from = 0; from < topics.length; from += FIXTURE_CHUNK) {
      const spec = join(dir, "create.json");
      writeFileSync(spec, JSON.stringify(topics.slice(from, from + FIXTURE_CHUNK)));
      raw(broker, "create", spec);
    }
    const createMs = Date.now() - start;
    const settleMs = await settle(broker, "bench.", PLAN.topics);
    const groups = groupsOf(topics, PLAN.files);
    writeKgovEstate(join(dir, "kgov"), "bench.", groups);
    const topicctlFiles = writeTopicctlEstate(join(dir, "topicctl"), broker, groups);
    const release = () => {
      broker.stop();
      rmSync(dir, { recursive: true, force: true });
    };
    return { broker, dir, kgovDir: join(dir, "kgov"), topicctlFiles, createMs, settleMs, release };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    broker.stop();
    throw error;
  }
}

/**
 * Stops the estate's broker and removes its files. The plan and topicctl benchmarks leave the estate up for each other
 * (creating it takes a minute or two); the apply benchmark and the end of the process release it.
 */
export function releaseEstate() {
  if (!estate) return;
  estate.broker.stop();
  rmSync(estate.dir, { recursive: true, force: true });
  estate = undefined;
}
process.on("exit", () => {
  if (!keepAtExit) releaseEstate();
});
let keepAtExit = false;
function keepEstate(keep) {
  if (!keep || !estate) return;
  keepAtExit = true;
  running.delete(estate.broker);
  process.stderr.write(`kept: broker ${estate.broker.bootstrap} (.bench-run/plan), files in ${estate.dir}\n`);
}

/** kgov plan must report no changes and exit 0 with --detailed-exitcode (2 would mean changes). */
export function checkNoChanges(broker, dir) {
  const r = spawnSync(process.execPath, [KGOV, "plan", "-f", dir, "--detailed-exitcode"], {
    env: broker.env,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.status !== 0 || !r.stdout.includes("No changes")) {
    throw new Error(
      `kgov plan on the generated estate should say "No changes." and exit 0, exit ${r.status}:\n` +
        `${r.stdout.slice(0, 3000)}\n${r.stderr.slice(0, 3000)}`,
    );
  }
}

export function timeOnce(command, args, env) {
  const start = process.hrtime.bigint();
  const r = spawnSync(command, args, { env, stdio: "ignore" });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${command} ${args.join(" ")} exited ${r.status}`);
  return ms;
}

export const fmtMs = (ms) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`);

// ------------------------------------------------------------------------------------------------ plan

export async function benchPlan({ keep = false } = {}) {
  const { broker, kgovDir, createMs, settleMs } = await planEstate();
  try {
    const planArgs = [KGOV, "plan", "-f", kgovDir];
    checkNoChanges(broker, kgovDir);
    const observed = raw(broker, "observe");
    if (observed.topics < PLAN.topics) throw new Error(`the floor saw ${observed.topics} topics`);
    // One warm-up each (page cache, compile cache), then interleaved runs.
    timeOnce(process.execPath, [SELF, "raw", "observe"], broker.env);
    timeOnce(process.execPath, [SELF, "raw", "observe-parts"], broker.env);
    timeOnce(process.execPath, planArgs, broker.env);
    const samples = { floor: [], floorParts: [], plan: [], rss: [] };
    for (let i = 0; i < PLAN.runs; i++) {
      samples.floor.push(timeOnce(process.execPath, [SELF, "raw", "observe"], broker.env));
      samples.floorParts.push(timeOnce(process.execPath, [SELF, "raw", "observe-parts"], broker.env));
      const r = measureOnce(process.execPath, planArgs, { env: broker.env });
      if (r.status !== 0) throw new Error(`kgov plan exited ${r.status} on run ${i + 1}:\n${r.stderr}`);
      samples.plan.push(r.ms);
      samples.rss.push(r.rssMb);
    }
    // The floor is the faster of the two raw ways to read the same data: one request, or kgov's four parts at once.
    const floor = Math.min(median(samples.floor), median(samples.floorParts));
    const plan = median(samples.plan);
    const rssMb = Math.max(...samples.rss);
    const ratio = plan / floor;
    const ratioTo = (ms) => (ms / floor).toFixed(2);
    return {
      title: `Plan: \`kgov plan\` over ${PLAN.topics.toLocaleString("en")} topics on a real broker vs the round-trip floor`,
      target: `ratio to the faster floor ≤ ${PLAN.targetRatio} and peak RSS ≤ ${PLAN.targetRssMb} MB`,
      pass: ratio <= PLAN.targetRatio && rssMb <= PLAN.targetRssMb,
      columns: ["command", `median wall of ${PLAN.runs}`, "ratio", "peak RSS"],
      rows: [
        [
          "floor: Metadata + one DescribeConfigs (raw @platformatic/kafka script)",
          fmtMs(median(samples.floor)),
          ratioTo(median(samples.floor)),
          "",
        ],
        [
          "floor in parts: Metadata + 4 DescribeConfigs of a quarter each, at once on 4 connections (raw)",
          fmtMs(median(samples.floorParts)),
          ratioTo(median(samples.floorParts)),
          "",
        ],
        ["kgov plan (No changes.)", fmtMs(plan), ratio.toFixed(2), `${rssMb.toFixed(0)} MB`],
      ],
      notes:
        `Apache Kafka ${broker.version}, one combined broker+controller (scripts/infra.sh, SASL_PLAINTEXT with ` +
        `SCRAM-SHA-256, StandardAuthorizer), on ${machineDescription()}. ${PLAN.topics.toLocaleString("en")} topics ` +
        `(the floor saw ${observed.topics.toLocaleString("en")} in the cluster), 1 partition and RF 1 each, retention.ms on every ` +
        `4th and cleanup.policy=compact on every 10th, described in ${PLAN.files} YAML files generated by ` +
        `bench/topics.mjs; the plan is "No changes." (checked with --detailed-exitcode). Both commands include ` +
        `process start and SASL authentication; the floor sends only Metadata (all topics) and one DescribeConfigs ` +
        `(all topics), decoded by the client library, the floor in parts the same topics in four DescribeConfigs ` +
        `sent at once on four connections, as kgov reads them from 2,000 topics on (src/adapters/kafka/spread.ts), ` +
        `and the ratio is to the faster of the two; kgov also sends a ListPartitionReassignments, validates and ` +
        `diffs the desired state, and reads the DescribeConfigs response with its own decoder (only each entry's ` +
        `name, value, source and sensitivity), which is why it can beat the floor. Peak RSS is ` +
        `the largest of the ${PLAN.runs} kgov runs (GNU time %M). Setting up: the topics were created in requests of ` +
        `${FIXTURE_CHUNK.toLocaleString("en")} (a KRaft controller refuses one operation of more than 10,000 metadata ` +
        `records) in ${fmtMs(createMs)}, and the broker needed ${fmtMs(settleMs)} more to create their logs.`,
    };
  } finally {
    keepEstate(keep);
  }
}

// ------------------------------------------------------------------------------------------------ topicctl

/** Builds topicctl with scripts/install-topicctl.sh unless it is there; undefined if it is, else the failed run. */
export function installTopicctl() {
  if (existsSync(TOPICCTL)) return undefined;
  const r = spawnSync("bash", [join(REPO, "scripts", "install-topicctl.sh")], { encoding: "utf8" });
  return r.status !== 0 || !existsSync(TOPICCTL) ? r : undefined;
}

/** topicctl's two commands over an estate's files (cluster.yaml beside the kgov folder). */
export function topicctlCommands({ kgovDir, topicctlFiles }) {
  const cluster = join(kgovDir, "..", "topicctl", "cluster.yaml");
  return {
    check: [TOPICCTL, ["check", "--no-spinner", "--cluster-config", cluster, ...topicctlFiles]],
    dryRun: [
      TOPICCTL,
      ["apply", "--no-spinner", "--dry-run", "--skip-confirm", "--cluster-config", cluster, ...topicctlFiles],
    ],
  };
}

export async function benchTopicctl({ keep = false } = {}) {
  {
    const r = installTopicctl();
    if (r) {
      return {
        title: "topicctl: `topicctl check` / `apply --dry-run` vs `kgov plan` over 10,000 topics",
        target: `kgov ≥ ${TOPICCTL_BENCH.targetFactor}× faster`,
        pass: false,
        columns: ["command", "wall"],
        rows: [["topicctl", "not installed"]],
        notes: `scripts/install-topicctl.sh failed (exit ${r.status}):\n\n\`\`\`\n${r.stderr.slice(-2000)}\n\`\`\``,
      };
    }
  }
  const version = spawnSync(TOPICCTL, ["--version"], { encoding: "utf8" }).stdout.trim();
  const { broker, kgovDir, topicctlFiles } = await planEstate();
  try {
    checkNoChanges(broker, kgovDir);
    const planArgs = [KGOV, "plan", "-f", kgovDir];
    const tctlEnv = cleanEnv();
    const commands = topicctlCommands({ kgovDir, topicctlFiles });
    // The first runs double as the correctness check: topicctl must find every topic in line with its config.
    const samples = { plan: [], floor: [], check: [], dryRun: [] };
    const outputs = {};
    for (const [name, [command, args]] of Object.entries(commands)) {
      const start = process.hrtime.bigint();
      const r = spawnSync(command, args, { env: tctlEnv, encoding: "utf8", maxBuffer: 512 * 1024 * 1024 });
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      outputs[name] = `${r.stdout}\n${r.stderr}`;
      if (r.status !== 0) {
        throw new Error(`topicctl ${args[0]} exited ${r.status}:\n${outputs[name].slice(-4000)}`);
      }
      samples[name].push(ms);
    }
    timeOnce(process.execPath, planArgs, broker.env); // warm-up
    // A topicctl command that took over a minute runs once; the others as often as kgov plan, interleaved.
    const repeat = Object.entries(commands).filter(([name]) => samples[name][0] <= TOPICCTL_BENCH.singleRunAboveMs);
    for (let i = 0; i < TOPICCTL_BENCH.kgovRuns; i++) {
      samples.plan.push(timeOnce(process.execPath, planArgs, broker.env));
      samples.floor.push(timeOnce(process.execPath, [SELF, "raw", "observe"], broker.env));
      if (i === 0) continue;
      for (const [name, [command, args]] of repeat) samples[name].push(timeOnce(command, args, tctlEnv));
    }
    const ms = {
      plan: median(samples.plan),
      floor: median(samples.floor),
      check: median(samples.check),
      dryRun: median(samples.dryRun),
    };
    const fastest = Math.min(ms.check, ms.dryRun);
    const factor = fastest / ms.plan;
    const okLines = (outputs.check.match(/ OK/g) ?? []).length;
    return {
      title: `topicctl: \`topicctl check\` and \`apply --dry-run\` vs \`kgov plan\` over ${PLAN.topics.toLocaleString("en")} topics`,
      target: `kgov ≥ ${TOPICCTL_BENCH.targetFactor}× faster than topicctl's faster command`,
      pass: factor >= TOPICCTL_BENCH.targetFactor,
      columns: ["command", "median wall", "runs", "× kgov plan"],
      rows: [
        ["kgov plan", fmtMs(ms.plan), String(samples.plan.length), "1.0"],
        [
          "floor: Metadata + one DescribeConfigs (raw @platformatic/kafka script)",
          fmtMs(ms.floor),
          String(samples.floor.length),
          (ms.floor / ms.plan).toFixed(2),
        ],
        ["topicctl check", fmtMs(ms.check), String(samples.check.length), (ms.check / ms.plan).toFixed(1)],
        ["topicctl apply --dry-run", fmtMs(ms.dryRun), String(samples.dryRun.length), (ms.dryRun / ms.plan).toFixed(1)],
      ],
      notes:
        `topicctl ${version.replace(/^topicctl version /, "")} (built from the Go module proxy by ` +
        `scripts/install-topicctl.sh) with a cluster config using SASL SCRAM-SHA-256, on the plan benchmark's broker ` +
        `and topics (Apache Kafka ${broker.version}, ${machineDescription()}): the same ${PLAN.topics.toLocaleString("en")} ` +
        `topics as ${topicctlFiles.length} multi-document topic files (placement strategy any), every one found in ` +
        `line with its config (check printed ${okLines} OK lines; every topicctl topic also sets ` +
        `min.insync.replicas: 1, because topicctl takes the cluster-wide dynamic default Kafka 4 writes at format ` +
        `time for a topic setting). topicctl reads the cluster topic by topic (check: a Metadata and a ` +
        `DescribeConfigs request per topic, ${(2 * PLAN.topics).toLocaleString("en")} round trips; apply --dry-run ` +
        `more), kgov in three requests for all topics. The floor (only the two requests every plan needs, no ` +
        `kgov) is itself ${(fastest / ms.floor).toFixed(1)}× faster than topicctl's faster command here: on ` +
        `this broker the time goes to the broker describing, and the client decoding, every topic's configs, not to ` +
        `round trips, so no tool that reads all configs can be ${TOPICCTL_BENCH.targetFactor}× faster on loopback. ` +
        `On this loopback broker a round trip costs well under a ` +
        `millisecond, so the gap here is the floor of the gap on a real network: at 10 ms per round trip check alone ` +
        `would spend ${((2 * PLAN.topics * 10) / 1000).toFixed(0)} s waiting. A topicctl command whose first run ` +
        `took over ${TOPICCTL_BENCH.singleRunAboveMs / 1000} s runs once, the others ${TOPICCTL_BENCH.kgovRuns} times ` +
        `interleaved with kgov plan.`,
    };
  } finally {
    keepEstate(keep);
  }
}

// ------------------------------------------------------------------------------------------------ apply

export async function benchApply({ keep = false } = {}) {
  releaseEstate(); // an idle broker with 10,000 partitions would compete for the CPU
  const broker = startBroker("apply", 19330);
  const dir = mkdtempSync(join(os.tmpdir(), "kgov-bench-apply-"));
  try {
    raw(broker, "tune");
    // Distinct prefixes per run; the topics of a run are deleted (and their logs gone) before the next one.
    const topicsOf = (prefix) =>
      Array.from({ length: APPLY.topics }, (_, i) => ({
        name: `${prefix}topic-${pad(i, 5)}`,
        partitions: 1,
        config: {},
      }));
    const runs = [];
    for (let i = 0; i < APPLY.runs; i++) {
      const kgovPrefix = `bench.k${i}.`;
      const rawPrefix = `bench.r${i}.`;
      const kgovDir = join(dir, `kgov-${i}`);
      writeKgovEstate(kgovDir, kgovPrefix, groupsOf(topicsOf(kgovPrefix), APPLY.files));
      const spec = join(dir, `raw-${i}.json`);
      writeFileSync(spec, JSON.stringify(topicsOf(rawPrefix)));
      runs.push({ kgovPrefix, rawPrefix, kgovDir, spec });
    }
    // Warm-up without creating anything: a plan of the first run's topics, and the raw client's connect.
    timeOnce(process.execPath, [KGOV, "plan", "-f", runs[0].kgovDir], broker.env);
    timeOnce(process.execPath, [SELF, "raw", "observe"], broker.env);

    const samples = { raw: [], kgov: [] };
    const measure = async (name, prefix, command, args) => {
      const start = process.hrtime.bigint();
      const r = spawnSync(command, args, { env: broker.env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (r.status !== 0) {
        throw new Error(`${name} exited ${r.status}:\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`);
      }
      samples[name].push(ms);
      await settle(broker, prefix, APPLY.topics);
      raw(broker, "delete", prefix);
      await settle(broker, prefix, 0);
    };
    for (const [i, run] of runs.entries()) {
      // Alternate which goes first, so neither always follows the other's clean-up.
      const order = [
        () => measure("raw", run.rawPrefix, process.execPath, [SELF, "raw", "create", run.spec]),
        () => measure("kgov", run.kgovPrefix, process.execPath, [KGOV, "apply", "--auto-approve", "-f", run.kgovDir]),
      ];
      if (i % 2 === 1) order.reverse();
      for (const step of order) await step();
    }
    const rawMs = median(samples.raw);
    const kgovMs = median(samples.kgov);
    const ratio = kgovMs / rawMs;
    return {
      title: `Apply: \`kgov apply --auto-approve\` creating ${APPLY.topics.toLocaleString("en")} topics vs one raw CreateTopics`,
      target: `ratio ≤ ${APPLY.targetRatio}`,
      pass: ratio <= APPLY.targetRatio,
      columns: ["command", `median wall of ${APPLY.runs}`, "ratio"],
      rows: [
        [`raw script: one CreateTopics of ${APPLY.topics.toLocaleString("en")} topics`, fmtMs(rawMs), "1.00"],
        ["kgov apply --auto-approve", fmtMs(kgovMs), ratio.toFixed(2)],
      ],
      notes:
        `Apache Kafka ${broker.version}, one combined broker+controller (scripts/infra.sh, SASL SCRAM-SHA-256), on ` +
        `${machineDescription()}. Desired state: ${APPLY.topics.toLocaleString("en")} new topics (1 partition, RF 1) ` +
        `in ${APPLY.files} YAML files; both commands include process start and SASL authentication, kgov also loads ` +
        `and validates the files, reads the cluster, plans and reports. Each run uses its own topic prefix; between ` +
        `runs the topics are deleted and the benchmark waits until the broker created, then removed, every log ` +
        `directory. The topics carry no config override on purpose: ${APPLY.topics.toLocaleString("en")} ` +
        `single-partition topics are exactly 10,000 metadata records, the most a KRaft controller accepts in one ` +
        `CreateTopics, and any config key would add one record per topic and make the single request fail.`,
    };
  } finally {
    if (keep) process.stderr.write(`kept: broker ${broker.bootstrap} (.bench-run/apply), files in ${dir}\n`);
    else {
      broker.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

// ------------------------------------------------------------------------------------------------ raw client

/**
 * The baseline client: @platformatic/kafka (the library kgov uses), connected like kgov (Admin, SASL, one bootstrap
 * Metadata), then the bare requests, with nothing else loaded. Prints one JSON line. Connection from KGOV_* variables.
 *   observe          Metadata for all topics, then one DescribeConfigs for all of them (the plan floor)
 *   observe-parts    Metadata, then the topics in 4 contiguous parts, one DescribeConfigs each, sent at once on 4
 *                    connections to the broker (the floor of the read as kgov sends it, src/adapters/kafka/spread.ts)
 *   create <file>    one CreateTopics v7 for the topics in the JSON file ([{name, partitions, config}])
 *   delete <prefix>  DeleteTopics for every topic with the prefix
 *   count <prefix>   topics with the prefix whose partitions all have a leader
 *   tune             cluster-wide log.segment.delete.delay.ms=0, so deleted topics' logs go at once
 */
async function rawMain(op, arg) {
  await runRawClient(
    {
      bootstrap: process.env.KGOV_BOOTSTRAP_SERVERS,
      sasl: {
        mechanism: process.env.KGOV_SASL_MECHANISM,
        username: process.env.KGOV_SASL_USERNAME,
        password: process.env.KGOV_SASL_PASSWORD,
      },
    },
    async ({ lib, connection, answer, moreConnections }) => {
      const timeout = 120_000;
      const allTopics = async () => (await answer(lib.metadataV12.api.async(connection, null, false, false))).topics;
      const describe = (on, names) =>
        answer(
          lib.describeConfigsV4.api.async(
            on,
            names.map((name) => ({
              resourceType: lib.ConfigResourceTypes.TOPIC,
              resourceName: name,
              configurationKeys: null,
            })),
            false,
            false,
          ),
        );
      if (op === "observe") {
        const names = (await allTopics()).map((t) => t.name);
        const described = await describe(connection, names);
        return { topics: names.length, described: described.results.length };
      } else if (op === "observe-parts") {
        const PARTS = 4;
        const [names, more] = await Promise.all([
          allTopics().then((topics) => topics.map((t) => t.name)),
          moreConnections(PARTS - 1),
        ]);
        const size = Math.ceil(names.length / PARTS);
        const parts = await Promise.all(
          [connection, ...more].map((on, i) => describe(on, names.slice(i * size, (i + 1) * size))),
        );
        return { topics: names.length, described: parts.reduce((n, p) => n + p.results.length, 0) };
      } else if (op === "create") {
        const topics = JSON.parse(readFileSync(arg, "utf8"));
        const response = await answer(
          lib.createTopicsV7.api.async(
            connection,
            topics.map((t) => ({
              name: t.name,
              numPartitions: t.partitions,
              replicationFactor: 1,
              assignments: [],
              configs: Object.entries(t.config).map(([name, value]) => ({ name, value })),
            })),
            timeout,
            false,
          ),
        );
        const failed = response.topics.filter((t) => t.errorCode !== 0);
        if (failed.length > 0 || response.topics.length !== topics.length) {
          throw new Error(
            `CreateTopics: ${failed.length} of ${topics.length} failed, e.g. ${JSON.stringify(failed[0])}`,
          );
        }
        return { created: topics.length };
      } else if (op === "delete") {
        const names = (await allTopics()).map((t) => t.name).filter((n) => n.startsWith(arg));
        for (let from = 0; from < names.length; from += 5_000) {
          const chunk = names.slice(from, from + 5_000).map((name) => ({ name }));
          const response = await answer(lib.deleteTopicsV6.api.async(connection, chunk, timeout));
          const failed = response.responses.filter((r) => r.errorCode !== 0 && r.errorCode !== 3);
          if (failed.length > 0) throw new Error(`DeleteTopics: ${JSON.stringify(failed[0])}`);
        }
        return { deleted: names.length };
      } else if (op === "count") {
        const topics = (await allTopics()).filter((t) => t.name.startsWith(arg));
        const ready = topics.filter((t) => t.errorCode === 0 && t.partitions.every((p) => p.leaderId >= 0));
        return { topics: topics.length, ready: ready.length };
      } else if (op === "tune") {
        const response = await answer(
          lib.incrementalAlterConfigsV1.api.async(
            connection,
            [
              {
                resourceType: lib.ConfigResourceTypes.BROKER,
                resourceName: "",
                configs: [
                  {
                    name: "log.segment.delete.delay.ms",
                    configOperation: lib.IncrementalAlterConfigOperationTypes.SET,
                    value: "0",
                  },
                ],
              },
            ],
            false,
          ),
        );
        const failed = response.responses.find((r) => r.errorCode !== 0);
        if (failed) throw new Error(`IncrementalAlterConfigs: ${JSON.stringify(failed)}`);
        return { tuned: true };
      } else {
        throw new Error(`unknown raw op ${op}`);
      }
    },
  );
}

// ------------------------------------------------------------------------------------------------ main

if (process.argv[1] === SELF) {
  const [first, ...rest] = process.argv.slice(2);
  if (first === "raw") {
    await rawMain(rest[0], rest[1]);
  } else {
    const keep = process.argv.includes("--keep");
    const all = { plan: benchPlan, apply: benchApply, topicctl: benchTopicctl };
    const names = process.argv.slice(2).filter((a) => !a.startsWith("--"));
    let failed = false;
    for (const name of names.length > 0 ? names : Object.keys(all)) {
      const bench = all[name];
      if (!bench) throw new Error(`unknown benchmark ${name}; known: ${Object.keys(all).join(", ")}`);
      const r = await bench({ keep });
      failed ||= !r.pass;
      process.stdout.write(
        `${r.title}: ${r.pass ? "met" : "NOT met"}\n${r.rows.map((row) => row.join(" | ")).join("\n")}\n${r.notes}\n\n`,
      );
    }
    process.exitCode = failed ? 1 : 0;
  }
}
