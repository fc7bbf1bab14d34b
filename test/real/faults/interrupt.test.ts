/**
 * Ctrl-C during `kgov apply` on the real 3-node cluster (Kafka 4.x and 3.9.x): kgov finishes the request in flight,
 * starts nothing after it, reports which phase was interrupted and what was not attempted, and exits 130; a re-run
 * converges.
 *
 * - In-process (CliIo.signal, what src/cli/run.ts aborts on SIGINT): interrupted as the CreateTopics request of a
 *   large apply is being sent. The creates finish (applied), every later phase is "not started: interrupted".
 * - A real SIGINT to kgov as a child process (built from src/ with esbuild, see support.ts) while it follows a
 *   replication-factor change that a replication throttle keeps slow: kgov stops polling within a second, reports the
 *   reassignment in progress and the ACL removal after it not started, exits 130; the reassignment finishes on the
 *   cluster once the throttle is lifted, and the re-run converges.
 */
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { produceRecords } from "../../helpers/records.js";
import { uniqueName, useKafka, type KafkaTarget } from "../../helpers/servers.js";
import { adminFor, Project } from "../plan-apply/support.js";
import {
  buildKgov,
  byPhase,
  checkReportAgainstPlan,
  parseJson,
  runWithProgress,
  settledPlan,
  spawnKgov,
  stageLargeApply,
  trackRequests,
  type ApplyJson,
  type PlanJson,
  type RequestTracker,
} from "./support.js";

let kafka: KafkaTarget;
const projects: Project[] = [];
let tracker: RequestTracker | undefined;
let throttled = false;

beforeAll(async () => {
  kafka = await useKafka(3);
});

afterEach(async () => {
  tracker?.stop();
  tracker = undefined;
  if (throttled) await setThrottle(undefined);
});

// No wait for full ISRs here: the interrupted reassignment finishes on its own once the throttle is lifted (afterEach),
// and on a busy machine that can take longer than any bound worth waiting; the tests that need a healthy cluster wait
// for it themselves.
afterAll(async () => {
  await Promise.all(projects.map((p) => p.dispose()));
});

async function newProject(label: string): Promise<{ project: Project; prefix: string }> {
  const prefix = `${uniqueName(label)}.`;
  const project = await Project.create(kafka, prefix);
  projects.push(project);
  return { project, prefix };
}

it("interrupted while a large create is in flight: the creates finish, nothing later starts, exit 130", async () => {
  const { project, prefix } = await newProject("faults-int-create");
  const before = await stageLargeApply(project, { prefix, existing: 30, growEvery: 3, created: 150, acls: 60 });

  const interrupt = new AbortController();
  tracker = trackRequests(kafka);
  tracker.onRequest = (api) => {
    if (api === "CreateTopics") interrupt.abort();
  };
  const run = await runWithProgress(project, ["apply", "--auto-approve", "--output", "json"], {
    signal: interrupt.signal,
  });
  tracker.stop();
  expect(interrupt.signal.aborted).toBe(true);
  expect(run.exitCode, run.stderr).toBe(130);
  const report = parseJson<ApplyJson>(run, "apply");
  expect(report).toMatchObject({ ok: false, status: "interrupted" });
  expect(byPhase(report)).toEqual({
    "topic.create": { applied: 150 },
    "acl.create": { skipped: 60 },
    "topic.alter-config": { skipped: 30 },
    "topic.add-partitions": { skipped: 10 },
  });
  for (const a of report.actions.filter((x) => x.outcome === "skipped"))
    expect(a.reason).toBe("not started: interrupted");

  const after = await settledPlan(project);
  expect(checkReportAgainstPlan(report, before, after)).toEqual({ failedStillPlanned: 0, failedDone: 0 });
  expect(after.actions).toHaveLength(100);
  await project.applyAndConverge();
}, 300_000);

/** Sets (or, with undefined, removes) the replication throttle of every broker, in bytes per second. */
async function setThrottle(bytesPerSecond: number | undefined): Promise<void> {
  const admin = adminFor(kafka);
  try {
    await admin.incrementalAlterConfigs({
      resources: ["1", "2", "3"].map((broker) => ({
        resourceType: 4, // BROKER
        resourceName: broker,
        configs: ["leader.replication.throttled.rate", "follower.replication.throttled.rate"].map(
          (name) =>
            bytesPerSecond === undefined
              ? { name, configOperation: 1 } // DELETE
              : { name, configOperation: 0, value: String(bytesPerSecond) }, // SET
        ),
      })),
    });
    throttled = bytesPerSecond !== undefined;
  } finally {
    await admin.close();
  }
}

async function reassigning(project: Project): Promise<ReadonlySet<string>> {
  const { createKafkaCluster } = await import("../../../src/adapters/kafka/cluster.js");
  const { layerFromEnvironment, resolveConnection } = await import("../../../src/core/connection/index.js");
  const settings = resolveConnection([layerFromEnvironment(project.env()).layer]).settings;
  if (!settings) throw new Error("no settings");
  const port = createKafkaCluster(settings, { cwd: project.dir });
  try {
    return await port.listReassignments();
  } finally {
    await port.close();
  }
}

it("SIGINT while following a slow reassignment: stops within a second, reports, exits 130, converges", async () => {
  const kgov = await buildKgov();
  try {
    const { project, prefix } = await newProject("faults-int-sigint");
    const topic = `${prefix}slow`;
    const principal = `User:${prefix.replace(/\.$/, "")}-svc-`;
    // the throttle applies to the topic's replicas ("*"), declared so that kgov keeps it
    const throttleConfig =
      '{ leader.replication.throttled.replicas: "*", follower.replication.throttled.replicas: "*" }';
    const yaml = (rf: number, acl: boolean) =>
      [
        "version: 1",
        "settings:",
        "  scope:",
        `    topicPrefixes: [${JSON.stringify(prefix)}]`,
        `    principals: [${JSON.stringify(principal)}]`,
        "topics:",
        `  ${JSON.stringify(topic)}: { partitions: 1, replicationFactor: ${rf}, config: ${throttleConfig} }`,
        ...(acl
          ? [
              "acls:",
              `  - { principal: ${JSON.stringify(`${principal}old`)}, resource: { type: topic, name: ${JSON.stringify(topic)} }, operations: [read] }`,
            ]
          : []),
        "",
      ].join("\n");
    await project.writeRaw(yaml(1, true));
    await project.applyAndConverge();
    // ~1.2 MB that the new replicas must copy at 10 KB/s: minutes, unless the throttle goes
    const value = "x".repeat(4096);
    // in batches: one produce request must stay below the broker's 1 MiB message.max.bytes
    for (let batch = 0; batch < 6; batch++) {
      await produceRecords(
        kafka,
        Array.from({ length: 50 }, (_, i) => ({ topic, key: `k${batch}-${i}`, value })),
      );
    }
    await setThrottle(10_240);

    await project.writeRaw(yaml(3, false));
    const before = parseJson<PlanJson>(await project.run(["plan", "--allow-delete", "--output", "json"]), "plan");
    expect(before.actions.map((a) => a.type)).toEqual(["topic.change-replication", "acl.delete"]);

    const child = spawnKgov(kgov.entry, project, [
      "apply",
      "--auto-approve",
      "--allow-delete",
      "--output",
      "json",
      "--timeout",
      "600",
    ]);
    let exited: Awaited<typeof child.done> | undefined;
    void child.done.then((r) => (exited = r));
    await expect
      .poll(
        async () => {
          if (exited) throw new Error(`kgov exited ${exited.exitCode} early:\n${exited.stdout}\n${exited.stderr}`);
          return (await reassigning(project)).has(topic);
        },
        { timeout: 60_000, interval: 250 },
      )
      .toBe(true);
    const interruptedAt = performance.now();
    child.child.kill("SIGINT");
    const run = await child.done;
    const stoppedAfter = performance.now() - interruptedAt;
    console.log(
      `SIGINT during the reassignment wait: kgov exited ${run.exitCode} after ${Math.round(stoppedAfter)} ms`,
    );
    expect(run.exitCode, run.stderr).toBe(130);
    expect(stoppedAfter).toBeLessThan(5000);
    expect(run.stderr).toContain("Interrupted; stopping");
    const report = parseJson<ApplyJson>(run, "apply");
    expect(report).toMatchObject({ ok: false, status: "interrupted" });
    expect(report.actions).toEqual([
      expect.objectContaining({
        type: "topic.change-replication",
        topic,
        outcome: "in-progress",
        reason: "still moving data (interrupted)",
      }),
      expect.objectContaining({ type: "acl.delete", outcome: "skipped", reason: "not started: interrupted" }),
    ]);
    // still moving on the cluster: kgov did not cancel it
    expect((await reassigning(project)).has(topic)).toBe(true);

    await setThrottle(undefined);
    await expect
      .poll(async () => (await reassigning(project)).has(topic), { timeout: 120_000, interval: 1000 })
      .toBe(false);
    const after = parseJson<PlanJson>(await project.run(["plan", "--allow-delete", "--output", "json"]), "plan");
    expect(after.actions.map((a) => a.type)).toEqual(["acl.delete"]);
    checkReportAgainstPlan(report, before, after);
    await project.applyAndConverge(["--allow-delete"]);
  } finally {
    await kgov.dispose();
  }
}, 300_000);
