/**
 * The active controller moving during a large apply, on the real 3-node cluster (Kafka 4.x and 3.9.x). Every node of
 * the harness's cluster is a combined broker+controller and one of the three KRaft voters; the active controller is
 * the quorum leader (DescribeQuorum). kgov sends its admin requests to one broker, which forwards them to the active
 * controller. The test kills the active controller (SIGKILL) right after kgov sent its CreateTopics request, so the
 * controller dies while handling it and a new one is elected; whether it is also the broker kgov talks to is up to
 * the cluster (KRaft names a random broker as "controller" in metadata), and the test says which case it hit.
 *
 * Either way: the quorum elects another leader, kgov's exit code matches its report, the report agrees with a fresh
 * plan once the node is back (applied = done, skipped = not done), and an apply afterwards converges.
 */
import { setImmediate } from "node:timers";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import {
  activeController,
  armKill,
  waitForFullIsr,
  waitForNewController,
  type KilledNode,
  type NodeId,
} from "../../helpers/cluster-faults.js";
import { uniqueName, useKafka, type KafkaTarget } from "../../helpers/servers.js";
import { Project } from "../plan-apply/support.js";
import {
  byPhase,
  checkReportAgainstPlan,
  parseJson,
  runWithProgress,
  settledPlan,
  stageLargeApply,
  trackRequests,
  type ApplyJson,
  type RequestTracker,
} from "./support.js";

let kafka: KafkaTarget;
const projects: Project[] = [];
let killed: KilledNode | undefined;
let tracker: RequestTracker | undefined;

beforeAll(async () => {
  kafka = await useKafka(3);
});

afterEach(async () => {
  tracker?.stop();
  tracker = undefined;
  const node = killed;
  killed = undefined;
  await node?.restart(kafka);
  await waitForFullIsr(kafka);
});

afterAll(async () => {
  await Promise.all(projects.map((p) => p.dispose()));
});

it("kills the active controller while it handles kgov's creates: exact report, a new leader, converges", async () => {
  const prefix = `${uniqueName("faults-ctrl")}.`;
  const project = await Project.create(kafka, prefix);
  projects.push(project);
  const before = await stageLargeApply(project, { prefix, existing: 90, growEvery: 3, created: 240, acls: 240 });

  const controller = await activeController(kafka);
  const nodes = await armKill();
  tracker = trackRequests(kafka);
  let kgovBroker: NodeId | undefined;
  tracker.onRequest = (api, node) => {
    if (api !== "CreateTopics" || kgovBroker !== undefined) return;
    kgovBroker = node;
    setImmediate(() => (killed = nodes.kill(controller)));
  };
  const started = performance.now();
  const run = await runWithProgress(project, ["apply", "--auto-approve", "--output", "json"]);
  const elapsed = performance.now() - started;
  tracker.stop();
  expect(kgovBroker, run.stderr).toBeDefined();
  expect(killed).toBeDefined();
  const report = parseJson<ApplyJson>(run, "apply");
  const leader = await waitForNewController(kafka, controller);
  const viaController = kgovBroker === controller;
  console.log(
    `controller ${controller} killed (kgov sent to ${kgovBroker}: ${viaController ? "the controller itself" : "another broker, which forwards"}); new leader ${leader}`,
    { exit: run.exitCode, elapsedMs: Math.round(elapsed), status: report.status, phases: byPhase(report) },
    report.diagnostics.filter((d) => d.severity !== "info").map((d) => `${d.code}: ${d.message}`),
  );
  expect(run.exitCode, run.stderr).toBe(report.ok ? 0 : 1);
  // bounded: a lost connection fails at once, a forwarded request waits for the election (seconds), never 30 s more
  expect(elapsed).toBeLessThan(60_000);
  if (viaController) {
    // kgov's own connection died mid-request: the phase is failed with an unknown outcome, nothing later attempted
    expect(byPhase(report)).toEqual({
      "topic.create": { failed: 240 },
      "acl.create": { skipped: 240 },
      "topic.alter-config": { skipped: 90 },
      "topic.add-partitions": { skipped: 30 },
    });
    expect(report.diagnostics.map((d) => d.code)).toContain("apply/outcome-unknown");
  }

  const node = killed;
  killed = undefined;
  await node?.restart(kafka);
  await waitForFullIsr(kafka);
  const after = await settledPlan(project);
  console.log("controller kill, failed actions:", checkReportAgainstPlan(report, before, after));
  await project.applyAndConverge();
}, 600_000);
