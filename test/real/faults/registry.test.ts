/**
 * The Schema Registry failing in the middle of an apply that also creates topics, adds ACL bindings and changes
 * configs (real 3-node Kafka, real Apicurio behind test/helpers/fault-proxy.ts). The phases run: create topics, add
 * ACL bindings, register schemas, alter configs. A registry answering 503 fails the registrations after the bounded
 * retries (1 + 3 attempts each); a registry that hangs fails them after `registry.timeoutMs` per attempt (set in the
 * environment block, measured here). Each time the topics and ACLs are reported applied and are on the cluster,
 * the registrations failed and absent from the registry, the config changes skipped and not made; a re-run
 * converges. (test/real/subjects/faults.test.ts covers retried 503s that succeed, a registry down at plan time, and
 * dependency-ordered registrations.) Registry faults do not depend on the Kafka line: real-kafka4 only.
 */
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { startFaultProxy, type FaultProxy, type ProxiedRequest } from "../../helpers/fault-proxy.js";
import { useKafka, useRegistry, type KafkaTarget } from "../../helpers/servers.js";
import { avroRecord, Registry, SubjectProject } from "../subjects/support.js";
import { describeTopic } from "../plan-apply/support.js";
import {
  byPhase,
  checkReportAgainstPlan,
  parseJson,
  runWithProgress,
  type ApplyJson,
  type PlanJson,
} from "./support.js";

describe.runIf(inject("kafkaLine") === "4")("registry faults mid-apply (real-kafka4 project only)", () => {
  let kafka: KafkaTarget;
  let proxy: FaultProxy;
  let registry: Registry;
  let project: SubjectProject | undefined;

  beforeAll(async () => {
    kafka = await useKafka(3);
    const { url } = await useRegistry();
    registry = new Registry(url);
    proxy = await startFaultProxy(url);
  });
  afterEach(async () => {
    proxy.reset();
    await project?.dispose();
    project = undefined;
  });
  afterAll(async () => {
    await proxy?.close();
  });

  const TOPICS = 4;
  const registration = (r: ProxiedRequest) => r.method === "POST" && /^\/subjects\/[^/]+\/versions/.test(r.path);

  /**
   * A project (its Kafka and registry traffic through the proxy) with 3 existing topics, and a target state that
   * creates 4 topics with a value schema each, adds 4 ACL bindings and changes the retention of the existing ones.
   * `environment` lines go under environments.faults (selected with --env faults).
   */
  async function open(label: string, environment: string[] = []): Promise<SubjectProject> {
    const p = await SubjectProject.create(label, kafka);
    project = p;
    p.registryUrl = proxy.url;
    const principal = `User:${p.prefix.replace(/\.$/, "")}-svc-`;
    const yaml = (target: boolean) => {
      const lines = [
        "version: 1",
        "settings:",
        "  scope:",
        `    topicPrefixes: [${JSON.stringify(p.prefix)}]`,
        `    subjectPrefixes: [${JSON.stringify(p.prefix)}]`,
        `    principals: [${JSON.stringify(principal)}]`,
        "  defaults: { topic: { partitions: 1, replicationFactor: 3 } }",
        "topics:",
      ];
      for (let i = 0; i < 3; i++) {
        lines.push(
          `  ${JSON.stringify(p.name(`e${i}`))}: { config: { retention.ms: "${target ? 7200000 : 3600000}" } }`,
        );
      }
      if (target) {
        for (let i = 0; i < TOPICS; i++) {
          lines.push(`  ${JSON.stringify(p.name(`n${i}`))}:`, `    schemas: { value: { file: n${i}.avsc } }`);
        }
        lines.push("acls:");
        for (let i = 0; i < TOPICS; i++) {
          lines.push(
            `  - { principal: ${JSON.stringify(`${principal}${i}`)}, resource: { type: topic, name: ${JSON.stringify(p.name(`n${i}`))} }, operations: [write] }`,
          );
        }
      }
      if (environment.length > 0) lines.push("environments:", "  faults:", ...environment.map((l) => `    ${l}`));
      return `${lines.join("\n")}\n`;
    };
    for (let i = 0; i < TOPICS; i++) await p.file(`n${i}.avsc`, avroRecord(`N${i}`, [{ name: "id", type: "string" }]));
    await p.file("kgov.yaml", yaml(false));
    await p.applyAndConverge();
    await p.file("kgov.yaml", yaml(true));
    return p;
  }

  /** What the faulty apply must have done, checked on Kafka and on the registry (ACLs: by the plan afterwards). */
  async function expectTopicsAndAclsOnly(p: SubjectProject, report: ApplyJson, code: string): Promise<void> {
    expect(byPhase(report)).toEqual({
      "topic.create": { applied: TOPICS },
      "acl.create": { applied: TOPICS },
      "subject.register": { failed: TOPICS },
      "topic.alter-config": { skipped: 3 },
    });
    for (const a of report.actions.filter((x) => x.type === "subject.register")) {
      expect(a.diagnostic?.code).toBe(code);
    }
    for (let i = 0; i < TOPICS; i++) {
      expect(await describeTopic(p.project, p.name(`n${i}`))).toBeDefined();
      expect(await registry.versions(`${p.name(`n${i}`)}-value`)).toBeUndefined();
    }
    expect((await describeTopic(p.project, p.name("e0")))?.config["retention.ms"]).toBe("3600000");
  }

  it("a registry answering 503: registrations fail after 4 attempts each, topics and ACLs stay, converges", async () => {
    const p = await open("faults-reg-5xx");
    const before = (await p.plan()).plan as unknown as PlanJson;
    proxy.reset();
    proxy.failNext(1000, { status: 503, match: registration });
    const run = await p.apply(["--output", "json"]);
    expect(run.exitCode, run.stdout + run.stderr).toBe(1);
    const report = parseJson<ApplyJson>(run, "apply");
    expect(report).toMatchObject({ ok: false, status: "failed" });
    // 1 + 3 retries per registration, then kgov gives up: bounded
    const attempts = proxy.requests.filter(registration);
    expect(attempts).toHaveLength(4 * TOPICS);
    expect(attempts.every((r) => r.outcome === "failed")).toBe(true);
    await expectTopicsAndAclsOnly(p, report, "registry/request-failed");

    proxy.reset();
    const after = (await p.plan()).plan as unknown as PlanJson;
    expect(checkReportAgainstPlan(report, before, after)).toEqual({ failedStillPlanned: TOPICS, failedDone: 0 });
    await p.applyAndConverge();
  }, 180_000);

  it("a registry that hangs: each registration gives up after 4 × registry.timeoutMs, the report is exact, converges", async () => {
    const TIMEOUT_MS = 1000;
    const p = await open("faults-reg-hang", [
      `registry: { url: ${JSON.stringify(proxy.url)}, timeoutMs: ${TIMEOUT_MS} }`,
    ]);
    const before = (await p.plan(["--env", "faults"])).plan as unknown as PlanJson;
    proxy.reset();
    proxy.delay(600_000, { match: registration });
    const phase: { start?: number; end?: number } = {};
    const run = await runWithProgress(p.project, ["apply", "--auto-approve", "--env", "faults", "--output", "json"], {
      onStderrLine: (line) => {
        if (/^register schemas: \d+ …/.test(line)) phase.start = performance.now();
        else if (/^register schemas: /.test(line)) phase.end = performance.now();
      },
    });
    proxy.delay(0);
    expect(run.exitCode, run.stdout + run.stderr).toBe(1);
    const took = (phase.end ?? NaN) - (phase.start ?? NaN);
    console.log(
      `hanging registry: the register phase gave up after ${Math.round(took)} ms (registry.timeoutMs ${TIMEOUT_MS})`,
    );
    // four attempts of TIMEOUT_MS each (they run concurrently across subjects), plus at most ~0.7 s of backoff
    expect(took).toBeGreaterThanOrEqual(4 * TIMEOUT_MS);
    expect(took).toBeLessThan(4 * TIMEOUT_MS + 6000);
    const report = parseJson<ApplyJson>(run, "apply");
    expect(report.actions.find((a) => a.type === "subject.register")?.diagnostic?.message).toContain(
      `no answer within ${TIMEOUT_MS} ms`,
    );
    // nothing reached the registry: each attempt was abandoned before the proxy forwarded it
    expect(proxy.requests.filter(registration)).toHaveLength(4 * TOPICS);
    await expectTopicsAndAclsOnly(p, report, "registry/unreachable");

    proxy.reset();
    const after = (await p.plan(["--env", "faults"])).plan as unknown as PlanJson;
    expect(checkReportAgainstPlan(report, before, after)).toEqual({ failedStillPlanned: TOPICS, failedDone: 0 });
    await p.applyAndConverge(["--env", "faults"]);
  }, 180_000);
});
