/**
 * A broker killed (SIGKILL) in the middle of a large apply on the real 3-node cluster (Kafka 4.x and 3.9.x): 240
 * topic creates (RF 3), 240 ACL bindings, 90 config changes and 30 partition increases in one apply. The kill lands
 * at a chosen point, deterministically: kgov prints a progress line as each phase starts and ends (on a terminal;
 * stderr claims to be one here), and the library publishes every request on a diagnostics channel, so the test
 * knows which broker kgov talks to and kills it (or another) from inside those callbacks, before kgov moves on.
 *
 * Each time: a JSON report whose per-action outcomes agree with a fresh plan once the node is back (applied = done,
 * skipped = not done), and an apply afterwards that converges to "No changes.".
 */
import { setImmediate } from "node:timers";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import {
  activeController,
  armKill,
  waitForFullIsr,
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
  type PlanJson,
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
  // whatever happened, the next test (and the next file) gets three healthy nodes
  const node = killed;
  killed = undefined;
  await node?.restart(kafka);
  await waitForFullIsr(kafka);
});

afterAll(async () => {
  await Promise.all(projects.map((p) => p.dispose()));
});

const SPEC = { existing: 90, growEvery: 3, created: 240, acls: 240 } as const;

/** A project with the base stage applied and the target written; returns the target plan (checked in size). */
async function largeProject(label: string): Promise<{ project: Project; before: PlanJson }> {
  const prefix = `${uniqueName(label)}.`;
  const project = await Project.create(kafka, prefix);
  projects.push(project);
  return { project, before: await stageLargeApply(project, { ...SPEC, prefix }) };
}

/** After the fault: the node back, ISRs full, the report checked against a fresh plan, then apply converges. */
async function recoverAndCheck(project: Project, report: ApplyJson, before: PlanJson) {
  const node = killed;
  killed = undefined;
  await node?.restart(kafka);
  await waitForFullIsr(kafka);
  const after = await settledPlan(project);
  const failed = checkReportAgainstPlan(report, before, after);
  const converged = await project.applyAndConverge();
  return { failed, after, converged };
}

it(
  "kills kgov's broker between two phases: that phase fails, nothing after it is attempted, a re-run converges",
  { timeout: 600_000 },
  async () => {
    const { project, before } = await largeProject("faults-kill-between");
    const nodes = await armKill();
    tracker = trackRequests(kafka);
    const t = tracker;
    let victim: NodeId | undefined;
    const run = await runWithProgress(project, ["apply", "--auto-approve", "--output", "json"], {
      onStderrLine: (line) => {
        if (killed === undefined && /^create topics: \d+ applied/.test(line)) {
          victim = t.lastNode;
          if (victim !== undefined) killed = nodes.kill(victim);
        }
      },
    });
    t.stop();
    expect(victim, run.stderr).toBeDefined();
    const report = parseJson<ApplyJson>(run, "apply");
    expect(run.exitCode, run.stderr).toBe(1);
    expect(report).toMatchObject({ ok: false, status: "failed" });
    expect(byPhase(report)).toEqual({
      "topic.create": { applied: SPEC.created },
      "acl.create": { failed: SPEC.acls },
      "topic.alter-config": { skipped: SPEC.existing },
      "topic.add-partitions": { skipped: SPEC.existing / SPEC.growEvery },
    });
    expect(report.summary).toEqual({
      applied: SPEC.created,
      failed: SPEC.acls,
      skipped: SPEC.existing + SPEC.existing / SPEC.growEvery,
      inProgress: 0,
    });
    expect(report.diagnostics.filter((d) => d.severity === "error").map((d) => d.code)).toEqual([
      expect.stringMatching(/^kafka\/(request-failed|unreachable)$/),
    ]);

    const { failed, after } = await recoverAndCheck(project, report, before);
    // the broker was dead before the ACL request: none of it can have been applied
    expect(failed).toEqual({ failedStillPlanned: SPEC.acls, failedDone: 0 });
    expect(after.actions).toHaveLength(SPEC.acls + SPEC.existing + SPEC.existing / SPEC.growEvery);
  },
);

it(
  "kills kgov's broker while the CreateTopics request is in flight: outcome unknown, nothing later attempted, converges",
  { timeout: 600_000 },
  async () => {
    const { project, before } = await largeProject("faults-kill-inflight");
    const nodes = await armKill();
    tracker = trackRequests(kafka);
    let victim: NodeId | undefined;
    tracker.onRequest = (api, node) => {
      if (api !== "CreateTopics" || victim !== undefined) return;
      victim = node;
      // once the request is written to the socket (this callback runs just before), not before
      setImmediate(() => (killed = nodes.kill(node)));
    };
    const started = performance.now();
    const run = await runWithProgress(project, ["apply", "--auto-approve", "--output", "json"]);
    const elapsed = performance.now() - started;
    tracker.stop();
    expect(victim, run.stderr).toBeDefined();
    const report = parseJson<ApplyJson>(run, "apply");
    expect(run.exitCode, run.stderr).toBe(1);
    expect(report).toMatchObject({ ok: false, status: "failed" });
    expect(byPhase(report)).toEqual({
      "topic.create": { failed: SPEC.created },
      "acl.create": { skipped: SPEC.acls },
      "topic.alter-config": { skipped: SPEC.existing },
      "topic.add-partitions": { skipped: SPEC.existing / SPEC.growEvery },
    });
    for (const a of report.actions.filter((x) => x.type === "topic.create")) {
      expect(a.reason).toMatch(/^outcome unknown/);
    }
    expect(report.diagnostics.map((d) => d.code)).toContain("apply/outcome-unknown");
    // no hang: a lost connection fails at once, far below the 30 s request timeout
    expect(elapsed).toBeLessThan(30_000);

    const { failed } = await recoverAndCheck(project, report, before);
    console.log("in-flight kill of node", victim, "— creates done anyway:", failed.failedDone, "of", SPEC.created);
  },
);

it(
  "kills a broker that is neither kgov's nor the controller as the creates start: kgov is not disturbed",
  { timeout: 600_000 },
  async () => {
    const { project, before } = await largeProject("faults-kill-other");
    const controller = await activeController(kafka);
    const nodes = await armKill();
    tracker = trackRequests(kafka);
    const t = tracker;
    let victim: NodeId | undefined;
    const run = await runWithProgress(project, ["apply", "--auto-approve", "--output", "json"], {
      onStderrLine: (line) => {
        if (killed === undefined && /^create topics: \d+ …/.test(line) && t.lastNode !== undefined) {
          victim = ([1, 2, 3] as const).find((n) => n !== t.lastNode && n !== controller);
          if (victim !== undefined) killed = nodes.kill(victim);
        }
      },
    });
    t.stop();
    expect(victim, run.stderr).toBeDefined();
    const report = parseJson<ApplyJson>(run, "apply");
    // the killed broker stays in the ISRs until its session times out (9 s), so even the RF-3 creates succeed
    const why = `victim ${victim}, kgov's broker ${t.lastNode}, controller ${controller}: ${JSON.stringify(report.diagnostics)}`;
    expect(run.exitCode, why).toBe(0);
    expect(report).toMatchObject({ ok: true, status: "applied" });
    expect(byPhase(report)).toEqual({
      "topic.create": { applied: SPEC.created },
      "acl.create": { applied: SPEC.acls },
      "topic.alter-config": { applied: SPEC.existing },
      "topic.add-partitions": { applied: SPEC.existing / SPEC.growEvery },
    });
    const { after } = await recoverAndCheck(project, report, before);
    expect(after.actions).toEqual([]);
  },
);
