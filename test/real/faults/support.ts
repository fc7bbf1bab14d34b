// Shared by the fault tests: a large desired state (topics, config changes, partition increases, ACL bindings), kgov
// run in-process with a hook on its progress lines (printed to a terminal only, so stderr claims to be one here) to
// make a fault land at a chosen point of the apply, kgov run as a child process (for real signals), and the check
// that an apply report tells the truth about the cluster.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { protocolAPIsById } from "@platformatic/kafka";
import { connectionsApiChannel } from "@platformatic/kafka";
import { build } from "esbuild";
import { expect } from "vitest";
import type { CliIo } from "../../../src/cli/io.js";
import { main } from "../../../src/cli/main.js";
import type { CliRun } from "../../helpers/cli.js";
import type { NodeId } from "../../helpers/cluster-faults.js";
import type { KafkaTarget } from "../../helpers/servers.js";
import type { Project } from "../plan-apply/support.js";

export const repo = fileURLToPath(new URL("../../..", import.meta.url));

export interface ActionJson {
  type: string;
  topic?: string;
  subject?: string;
  binding?: Record<string, string>;
  outcome: "applied" | "failed" | "skipped" | "in-progress";
  reason?: string;
  diagnostic?: { code: string; message: string };
}

export interface ApplyJson {
  formatVersion: number;
  ok: boolean;
  status: string;
  actions: ActionJson[];
  summary: { applied: number; failed: number; skipped: number; inProgress: number };
  diagnostics: { code: string; severity: string; message: string }[];
}

export interface PlanJson {
  actions: { type: string; topic?: string; subject?: string; binding?: Record<string, string> }[];
  diagnostics: { code: string; severity: string; message: string }[];
}

/** One key per planned change, the same for a plan action and an apply outcome. */
export function actionKey(a: { type: string; topic?: string; subject?: string; binding?: Record<string, string> }) {
  if (a.binding) {
    const b = a.binding;
    return `${a.type} ${b.principal} ${b.resourceType}:${b.patternType}:${b.resourceName} ${b.operation} ${b.permission} ${b.host}`;
  }
  return `${a.type} ${a.topic ?? a.subject ?? "?"}`;
}

export function parseJson<T>(run: CliRun, what: string): T {
  try {
    return JSON.parse(run.stdout) as T;
  } catch {
    throw new Error(`${what} printed no JSON (exit ${run.exitCode}):\n${run.stdout}\n${run.stderr}`);
  }
}

/** Per phase: how many actions ended applied / failed / skipped / in progress ("topic.create": {applied: 300}). */
export function byPhase(report: ApplyJson): Record<string, Partial<Record<ActionJson["outcome"], number>>> {
  const out: Record<string, Partial<Record<ActionJson["outcome"], number>>> = {};
  for (const a of report.actions) {
    const phase = (out[a.type] ??= {});
    phase[a.outcome] = (phase[a.outcome] ?? 0) + 1;
  }
  return out;
}

/**
 * The report against the cluster as a fresh plan sees it: every action reported applied is done (absent from the
 * plan), every one reported skipped (not attempted) is not (still planned), and every action still planned was
 * planned before. A failed action may or may not have reached the cluster (a request whose answer was lost) and is
 * returned for the caller to judge, with whether it is still planned.
 */
export function checkReportAgainstPlan(
  report: ApplyJson,
  before: PlanJson,
  after: PlanJson,
): { failedStillPlanned: number; failedDone: number } {
  const remaining = new Set(after.actions.map(actionKey));
  const planned = new Set(before.actions.map(actionKey));
  const unexpected = [...remaining].filter((k) => !planned.has(k));
  expect(unexpected, "the follow-up plan has changes that were never planned").toEqual([]);
  expect(report.actions.map(actionKey).sort()).toEqual([...planned].sort());
  const appliedButPlanned = report.actions.filter((a) => a.outcome === "applied" && remaining.has(actionKey(a)));
  expect(appliedButPlanned.map(actionKey), "reported applied but not on the cluster").toEqual([]);
  const skippedButDone = report.actions.filter((a) => a.outcome === "skipped" && !remaining.has(actionKey(a)));
  expect(skippedButDone.map(actionKey), "reported not attempted but done on the cluster").toEqual([]);
  for (const a of report.actions.filter((x) => x.outcome === "skipped")) expect(a.reason).toMatch(/^not started/);
  const failed = report.actions.filter((a) => a.outcome === "failed");
  for (const a of failed) expect(a.diagnostic?.code, actionKey(a)).toMatch(/^(kafka|apply|registry)\//);
  const failedStillPlanned = failed.filter((a) => remaining.has(actionKey(a))).length;
  return { failedStillPlanned, failedDone: failed.length - failedStillPlanned };
}

export interface LargeStateSpec {
  prefix: string;
  /** Existing topics (created first, RF 3): each later gets a config change; every `growEvery`-th more partitions. */
  existing: number;
  growEvery: number;
  /** New topics in the faulty apply, RF 3. */
  created: number;
  /** ACL bindings in the faulty apply (READ on a literal topic, one principal per binding). */
  acls: number;
}

function topicName(prefix: string, kind: "e" | "n", i: number): string {
  return `${prefix}${kind}${String(i).padStart(4, "0")}`;
}

/** kgov.yaml for the large state: stage "base" is the existing topics only, "target" everything. */
export function largeYaml(spec: LargeStateSpec, stage: "base" | "target"): string {
  const principalPrefix = `User:${spec.prefix.replace(/\.$/, "")}-svc-`;
  const lines = [
    "version: 1",
    "settings:",
    "  scope:",
    `    topicPrefixes: [${JSON.stringify(spec.prefix)}]`,
    `    principals: [${JSON.stringify(principalPrefix)}]`,
    "topics:",
  ];
  for (let i = 0; i < spec.existing; i++) {
    const grow = stage === "target" && i % spec.growEvery === 0;
    const retention = stage === "target" ? 7_200_000 : 3_600_000;
    lines.push(
      `  ${JSON.stringify(topicName(spec.prefix, "e", i))}: { partitions: ${grow ? 2 : 1}, replicationFactor: 3, config: { retention.ms: "${retention}" } }`,
    );
  }
  if (stage === "target") {
    for (let i = 0; i < spec.created; i++) {
      lines.push(`  ${JSON.stringify(topicName(spec.prefix, "n", i))}: { partitions: 1, replicationFactor: 3 }`);
    }
    if (spec.acls > 0) lines.push("acls:");
    for (let i = 0; i < spec.acls; i++) {
      lines.push(
        `  - { principal: ${JSON.stringify(`${principalPrefix}${i}`)}, resource: { type: topic, name: ${JSON.stringify(topicName(spec.prefix, "e", i % spec.existing))} }, operations: [read] }`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}

/**
 * Applies the base stage of `spec` (until the plan is empty), writes the target stage and returns its plan, checked
 * to hold exactly the actions expectedPhases names: the state every fault test starts its faulty apply from.
 */
export async function stageLargeApply(project: Project, spec: LargeStateSpec): Promise<PlanJson> {
  await project.writeRaw(largeYaml(spec, "base"));
  await project.applyAndConverge();
  await project.writeRaw(largeYaml(spec, "target"));
  const before = parseJson<PlanJson>(await project.run(["plan", "--output", "json"]), "plan");
  const counts: Record<string, number> = {};
  for (const a of before.actions) counts[a.type] = (counts[a.type] ?? 0) + 1;
  const expected = Object.fromEntries(Object.entries(expectedPhases(spec)).filter(([, n]) => n > 0));
  expect(counts).toEqual(expected);
  return before;
}

/** How many actions of each phase the target plan has, given the base stage is applied. */
export function expectedPhases(spec: LargeStateSpec): Record<string, number> {
  return {
    "topic.create": spec.created,
    "acl.create": spec.acls,
    "topic.alter-config": spec.existing,
    "topic.add-partitions": Math.ceil(spec.existing / spec.growEvery),
  };
}

const ANSI = /\u001b\[[0-9;]*m/g;

/**
 * Runs kgov in-process like runCli, but with stderr claiming to be a terminal so the apply prints a progress line
 * as each phase starts ("create topics: 300 …") and ends ("create topics: 300 applied"); `onStderrLine` sees each
 * line as it is written (ANSI colours removed), synchronously, before the executor moves on. `signal` stands for
 * Ctrl-C (CliIo.signal).
 */
export async function runWithProgress(
  project: Project,
  argv: readonly string[],
  options: { env?: Record<string, string>; onStderrLine?: (line: string) => void; signal?: AbortSignal } = {},
): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: { write: (s) => void (stdout += s), isTTY: false },
    stderr: {
      write: (s) => {
        stderr += s;
        for (const line of s.replace(ANSI, "").split("\n")) if (line.trim() !== "") options.onStderrLine?.(line);
      },
      isTTY: true,
    },
    env: { ...project.env(), ...options.env },
    cwd: project.dir,
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const exitCode = await main(argv, io);
  for (const { password } of Object.values(project.kafka.users)) {
    expect(stdout).not.toContain(password);
    expect(stderr).not.toContain(password);
  }
  return { exitCode, stdout, stderr };
}

/**
 * The kgov binary built from the current src/ (esbuild, as scripts/bundle.mjs does) into a folder of its own under
 * dist/, so the shared dist/cli-bundle is neither needed nor touched (another engineer may be building it). Returns
 * the entry file and a cleanup.
 */
export async function buildKgov(): Promise<{ entry: string; dispose: () => Promise<void> }> {
  // two levels below the repository, as dist/cli-bundle/run.js is: kgov reads its version from ../../package.json,
  // and @platformatic/kafka (kept external, as in the real bundle) resolves from the repository's node_modules
  const out = join(repo, "dist", `.fault-tests-${process.pid}-${Date.now().toString(36)}`);
  await mkdir(out, { recursive: true });
  const main = join(out, "main.ts");
  await writeFile(main, `import { run } from ${JSON.stringify(join(repo, "src/cli/run.ts"))};\nawait run();\n`);
  await build({
    entryPoints: { run: main },
    outdir: out,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node22",
    packages: "bundle",
    external: ["@platformatic/kafka"],
    banner: {
      js: "import { createRequire as __kgovCreateRequire } from 'node:module'; const require = __kgovCreateRequire(import.meta.url);",
    },
    logLevel: "warning",
  });
  return { entry: join(out, "run.js"), dispose: () => rm(out, { recursive: true, force: true }) };
}

export interface ChildRun {
  readonly child: ChildProcess;
  readonly done: Promise<CliRun & { signal: NodeJS.Signals | null }>;
}

/** Starts `node <entry> <argv>` in the project folder with the project's connection variables. */
export function spawnKgov(entry: string, project: Project, argv: readonly string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [entry, ...argv], {
    cwd: project.dir,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...project.env(), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliRun & { signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ exitCode: code ?? -1, signal, stdout, stderr }));
  });
  return { child, done } satisfies ChildRun;
}

export interface RequestTracker {
  /** The node the last Kafka request of this process went to. */
  readonly lastNode: NodeId | undefined;
  /** Called synchronously as each request is handed to its connection (before it is written). */
  onRequest?: (api: string, node: NodeId) => void;
  stop(): void;
}

/**
 * Watches every Kafka request this worker sends (the library's `plt:kafka:connections:api` diagnostics channel), so a
 * test knows which broker an in-process kgov talks to. Only kgov may send requests while it is on.
 */
export function trackRequests(kafka: KafkaTarget): RequestTracker {
  const ports = kafka.bootstrapServers.split(",").map((s) => Number(s.split(":").at(-1)));
  const tracker: { lastNode: NodeId | undefined; onRequest?: (api: string, node: NodeId) => void; stop(): void } = {
    lastNode: undefined,
    stop: () => connectionsApiChannel.start.unsubscribe(onStart),
  };
  const onStart = (message: unknown): void => {
    const m = message as { apiKey?: number; connection?: { port?: number } };
    const index = ports.indexOf(m.connection?.port ?? -1);
    if (m.apiKey === undefined || index < 0) return;
    const node = (index + 1) as NodeId;
    tracker.lastNode = node;
    tracker.onRequest?.(protocolAPIsById[m.apiKey] ?? String(m.apiKey), node);
  };
  connectionsApiChannel.start.subscribe(onStart);
  return tracker;
}

/**
 * `kgov plan --output json` once the cluster has settled: the same planned changes three times in a row, a second
 * apart. A broker that was frozen (or a controller that was failing over) may still carry out a request it received
 * before the fault, a moment after it runs again; brokers' metadata caches lag the controller a little too.
 */
export async function settledPlan(project: Project, timeoutMs = 60_000): Promise<PlanJson> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  let same = 0;
  for (;;) {
    const plan = parseJson<PlanJson>(await project.run(["plan", "--output", "json"]), "plan");
    const keys = plan.actions.map(actionKey).sort().join("\n");
    same = keys === last ? same + 1 : 1;
    last = keys;
    if (same >= 3) return plan;
    if (Date.now() > deadline) throw new Error(`the plan did not settle within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
