/**
 * Timeouts are bounded and configurable, on the real 3-node cluster (Kafka 4.x and 3.9.x): a broker that hangs
 * (SIGSTOP) mid-apply makes kgov fail the phase within KGOV_REQUEST_TIMEOUT_MS (not hang), report the phase's outcome
 * as unknown and the rest as not attempted; a hung bootstrap server fails `kgov plan` within --connect-timeout. Once
 * the broker runs again, the report is checked against a fresh plan and an apply converges.
 */
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { armSuspend, waitForAllBrokers, waitForFullIsr, type NodeId } from "../../helpers/cluster-faults.js";
import { uniqueName, useKafka, type KafkaTarget } from "../../helpers/servers.js";
import { Project } from "../plan-apply/support.js";
import {
  byPhase,
  checkReportAgainstPlan,
  largeYaml,
  parseJson,
  runWithProgress,
  settledPlan,
  trackRequests,
  type ApplyJson,
  type LargeStateSpec,
  type PlanJson,
  type RequestTracker,
} from "./support.js";

let kafka: KafkaTarget;
const projects: Project[] = [];
let resume: (() => void) | undefined;
let tracker: RequestTracker | undefined;

beforeAll(async () => {
  kafka = await useKafka(3);
});

afterEach(async () => {
  tracker?.stop();
  tracker = undefined;
  resume?.();
  resume = undefined;
  await waitForAllBrokers(kafka);
  await waitForFullIsr(kafka);
});

afterAll(async () => {
  await Promise.all(projects.map((p) => p.dispose()));
});

const REQUEST_TIMEOUT_MS = 3000;

it("fails a phase whose broker hangs within the request timeout, and converges once it answers again", async () => {
  const prefix = `${uniqueName("faults-hang")}.`;
  const project = await Project.create(kafka, prefix);
  projects.push(project);
  const spec: LargeStateSpec = { prefix, existing: 30, growEvery: 3, created: 60, acls: 30 };
  await project.writeRaw(largeYaml(spec, "base"));
  await project.applyAndConverge();
  await project.writeRaw(largeYaml(spec, "target"));
  const before = parseJson<PlanJson>(await project.run(["plan", "--output", "json"]), "plan");

  const nodes = await armSuspend();
  tracker = trackRequests(kafka);
  const t = tracker;
  let frozen: NodeId | undefined;
  let frozenAt = 0;
  const run = await runWithProgress(project, ["apply", "--auto-approve", "--output", "json"], {
    env: { KGOV_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS) },
    onStderrLine: (line) => {
      // the broker kgov read the cluster from is the one it sends the creates to
      if (frozen === undefined && /^create topics: \d+ …/.test(line) && t.lastNode !== undefined) {
        frozen = t.lastNode;
        resume = nodes.suspend(frozen);
        frozenAt = performance.now();
      }
    },
  });
  const waited = performance.now() - frozenAt;
  t.stop();
  expect(frozen, run.stderr).toBeDefined();
  console.log(`broker ${frozen} frozen: kgov gave up after ${Math.round(waited)} ms (timeout ${REQUEST_TIMEOUT_MS})`);
  // bounded by the configured timeout: it waited for it, and not much longer (closing included)
  expect(waited).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 100);
  expect(waited).toBeLessThan(3 * REQUEST_TIMEOUT_MS);

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

  resume?.();
  resume = undefined;
  await waitForAllBrokers(kafka);
  await waitForFullIsr(kafka);
  // a frozen broker reads the request it was sent once it runs again: the creates may well be done now
  const after = await settledPlan(project);
  console.log("hung broker, failed creates done after all:", checkReportAgainstPlan(report, before, after));
  await project.applyAndConverge();
}, 600_000);

it("fails kgov plan within --connect-timeout when the only bootstrap server hangs", async () => {
  const project = await Project.create(kafka, `${uniqueName("faults-connect")}.`);
  projects.push(project);
  await project.write({});
  const nodes = await armSuspend();
  resume = nodes.suspend(1);
  const started = performance.now();
  const run = await project.run(["plan", "--connect-timeout", "2000"], {
    env: { ...project.env(), KGOV_BOOTSTRAP_SERVERS: kafka.bootstrapServers.split(",")[0] as string },
  });
  const elapsed = performance.now() - started;
  resume();
  resume = undefined;
  console.log(`hung bootstrap server: kgov plan gave up after ${Math.round(elapsed)} ms (--connect-timeout 2000)`);
  expect(run.exitCode, run.stdout + run.stderr).toBe(1);
  expect(run.stderr).toContain("kafka/unreachable");
  expect(run.stderr).toContain("no answer within 2000 ms");
  expect(run.stdout + run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  expect(elapsed).toBeGreaterThanOrEqual(1900);
  expect(elapsed).toBeLessThan(6000);
}, 120_000);
