/**
 * Timeouts are bounded and configurable, on the real 3-node cluster (Kafka 4.x and 3.9.x). kgov reaches the brokers
 * through test/helpers/hang-proxy.ts, which makes a broker stop answering at a chosen request while its JVM (and so
 * the cluster) keeps running: a broker that hangs mid-apply fails the phase within KGOV_REQUEST_TIMEOUT_MS, reported
 * as outcome unknown with the rest not attempted; one that hangs while the plan reads the cluster fails the plan
 * within the same timeout; a bootstrap server that accepts and never answers fails within --connect-timeout. Once the
 * proxy is released, the report is checked against a fresh plan and an apply converges.
 */
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { API_KEYS, startHangProxy, type HangProxy } from "../../helpers/hang-proxy.js";
import { uniqueName, useKafka, type KafkaTarget } from "../../helpers/servers.js";
import { Project } from "../plan-apply/support.js";
import {
  byPhase,
  checkReportAgainstPlan,
  parseJson,
  runWithProgress,
  settledPlan,
  stageLargeApply,
  type ApplyJson,
  type LargeStateSpec,
  type PlanJson,
} from "./support.js";

let proxy: HangProxy;
let proxied: KafkaTarget;
const projects: Project[] = [];

beforeAll(async () => {
  const kafka = await useKafka(3);
  proxy = await startHangProxy(kafka);
  proxied = { ...kafka, bootstrapServers: proxy.bootstrapServers };
});

afterEach(() => proxy.release());

afterAll(async () => {
  await Promise.all(projects.map((p) => p.dispose()));
  await proxy?.close();
});

async function project(label: string): Promise<Project> {
  const p = await Project.create(proxied, `${uniqueName(label)}.`);
  projects.push(p);
  return p;
}

function expectBounded(waited: number, timeoutMs: number): void {
  // it waited for the timeout, and not much longer (closing the connections included)
  expect(waited).toBeGreaterThanOrEqual(timeoutMs - 100);
  expect(waited).toBeLessThan(2 * timeoutMs + 2000);
}

it("fails a phase whose broker hangs within the request timeout, and converges once it answers again", async () => {
  const REQUEST_TIMEOUT_MS = 3000;
  const p = await project("faults-hang");
  const spec: LargeStateSpec = { prefix: p.prefix, existing: 30, growEvery: 3, created: 60, acls: 30 };
  const before = await stageLargeApply(p, spec);

  // the broker carries the creates out; only its answer is held
  const hung = proxy.hangOnRequest(API_KEYS.CreateTopics, { deliver: true });
  const run = await runWithProgress(p, ["apply", "--auto-approve", "--output", "json"], {
    env: { KGOV_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS) },
  });
  const ended = performance.now();
  const { node, at } = await hung;
  console.log(`broker ${node} hung: kgov gave up after ${Math.round(ended - at)} ms (timeout ${REQUEST_TIMEOUT_MS})`);
  expectBounded(ended - at, REQUEST_TIMEOUT_MS);

  const report = parseJson<ApplyJson>(run, "apply");
  expect(run.exitCode, run.stderr).toBe(1);
  expect(report).toMatchObject({ ok: false, status: "failed" });
  expect(byPhase(report)).toEqual({
    "topic.create": { failed: 60 },
    "acl.create": { skipped: 30 },
    "topic.alter-config": { skipped: 30 },
    "topic.add-partitions": { skipped: 10 },
  });
  const created = report.actions.find((a) => a.type === "topic.create");
  expect(created?.reason).toMatch(/^outcome unknown/);
  expect(created?.diagnostic).toMatchObject({ code: "kafka/unreachable" });
  expect(created?.diagnostic?.message).toContain(`request timeout ${REQUEST_TIMEOUT_MS} ms`);
  expect(report.diagnostics.map((d) => d.code)).toContain("apply/outcome-unknown");

  proxy.release();
  // the creates reached the broker before it hung, so they are done: exactly the "outcome unknown" case
  const after = await settledPlan(p);
  expect(checkReportAgainstPlan(report, before, after)).toEqual({ failedStillPlanned: 0, failedDone: 60 });
  await p.applyAndConverge();
}, 300_000);

it("fails kgov plan within the request timeout when a broker hangs while the cluster is read", async () => {
  const REQUEST_TIMEOUT_MS = 2000;
  const p = await project("faults-hang-read");
  await p.writeRaw(
    `version: 1\ntopics:\n  ${JSON.stringify(`${p.prefix}t`)}: { partitions: 1, replicationFactor: 3 }\n`,
  );
  const hung = proxy.hangOnRequest(API_KEYS.DescribeConfigs, { deliver: false });
  const run = await p.run(["plan"], { env: { ...p.env(), KGOV_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS) } });
  const ended = performance.now();
  const { at } = await hung;
  console.log(`broker hung during the read: kgov plan gave up after ${Math.round(ended - at)} ms`);
  expectBounded(ended - at, REQUEST_TIMEOUT_MS);
  expect(run.exitCode, run.stdout + run.stderr).toBe(1);
  expect(run.stderr).toContain("kafka/unreachable");
  expect(run.stderr).toContain(`request timeout ${REQUEST_TIMEOUT_MS} ms`);
  expect(run.stdout + run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);

  proxy.release();
  const plan = parseJson<PlanJson>(await p.run(["plan", "--output", "json"]), "plan");
  expect(plan.actions.map((a) => a.type)).toEqual(["topic.create"]);
}, 120_000);

it("fails kgov plan within --connect-timeout when every bootstrap server accepts and never answers", async () => {
  const p = await project("faults-connect");
  await p.write({});
  proxy.hang();
  const started = performance.now();
  const run = await p.run(["plan", "--connect-timeout", "2000"]);
  const elapsed = performance.now() - started;
  console.log(`hung bootstrap servers: kgov plan gave up after ${Math.round(elapsed)} ms (--connect-timeout 2000)`);
  expect(run.exitCode, run.stdout + run.stderr).toBe(1);
  expect(run.stderr).toContain("kafka/unreachable");
  expect(run.stderr).toContain("no answer within 2000 ms");
  expect(run.stdout + run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  expectBounded(elapsed, 2000);
  expect(proxy.requests.filter((r) => r.apiKey === API_KEYS.ApiVersions).length).toBeGreaterThan(0);
}, 120_000);
