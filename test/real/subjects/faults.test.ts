/**
 * kgov's subject commands with test/helpers/fault-proxy.ts in front of the real registry: test-compat only reads
 * (GETs and compatibility checks), 503s are retried, a registry that is down fails plan cleanly, and a registration
 * that fails during apply is reported with the rest of the phase and converges on the next apply.
 */
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { startFaultProxy, type FaultProxy, type ProxiedRequest } from "../../helpers/fault-proxy.js";
import { useRegistry } from "../../helpers/servers.js";
import { avroRecord, codes, Registry, SubjectProject, subjectActions } from "./support.js";

interface ApplyJson {
  ok: boolean;
  status: string;
  actions: { type: string; subject?: string; outcome: string; reason?: string; diagnostic?: { code: string } }[];
  diagnostics: { code: string; message: string }[];
}

const id = { name: "id", type: "string" };

describe.runIf(inject("kafkaLine") === "4")("subjects through the fault proxy (real-kafka4 project only)", () => {
  let proxy: FaultProxy;
  let registry: Registry;
  let project: SubjectProject | undefined;
  beforeAll(async () => {
    const { url } = await useRegistry();
    registry = new Registry(url);
    proxy = await startFaultProxy(url);
  });
  afterAll(async () => {
    await proxy?.close();
  });
  afterEach(async () => {
    await project?.dispose();
    project = undefined;
  });
  /** A project whose kgov runs talk to the registry through the proxy (faults and records cleared). */
  const open = async (label: string): Promise<SubjectProject> => {
    project = await SubjectProject.create(label);
    project.registryUrl = proxy.url;
    proxy.reset();
    return project;
  };
  const registrationOf =
    (subject: string) =>
    (r: ProxiedRequest): boolean =>
      r.method === "POST" && r.path.startsWith(`/subjects/${encodeURIComponent(subject)}/versions`);

  it("schema test-compat only reads: exit 3 for an incompatible change, 0 for a new subject", async () => {
    const p = await open("sub-tc");
    const topic = p.name("orders");
    const subject = `${topic}-value`;
    await registry.register(subject, avroRecord("Order", [id]));
    await p.file("order.avsc", avroRecord("Order", [id, { name: "amount", type: "int" }]));
    await p.yaml({ topics: [`${topic}:`, `  schemas: { value: { file: order.avsc } }`] });

    const incompatible = await p.run(["schema", "test-compat", "--against", "registry", "--registry-url", proxy.url]);
    expect(incompatible.exitCode, incompatible.stdout + incompatible.stderr).toBe(3);
    expect(incompatible.stdout + incompatible.stderr).toContain(subject);
    expect(proxy.requests.length).toBeGreaterThan(0);
    const writes = proxy.requests.filter((r) => r.method !== "GET" && !r.path.startsWith("/compatibility/"));
    expect(writes).toEqual([]);
    expect(proxy.requests.filter((r) => r.method === "POST").map((r) => r.path)).toEqual([
      expect.stringMatching(new RegExp(`^/compatibility/subjects/${subject.replaceAll(".", "\\.")}/versions`)),
    ]);
    expect(await registry.versions(subject)).toEqual([1]);

    proxy.reset();
    const fresh = p.name("fresh");
    await p.file("fresh.avsc", avroRecord("Fresh", [id]));
    await p.yaml({ schemas: [`${fresh}: { file: fresh.avsc }`] });
    const passes = await p.run(["schema", "test-compat", "--against", "registry", "--registry-url", proxy.url]);
    expect(passes.exitCode, passes.stdout + passes.stderr).toBe(0);
    expect(proxy.requests.every((r) => r.method === "GET")).toBe(true);
    expect(await registry.versions(fresh)).toBeUndefined();
  });

  it("retries 503 answers in plan and in apply", async () => {
    const p = await open("sub-503");
    const subject = p.name("retried");
    await p.file("retried.avsc", avroRecord("Retried", [id]));
    await p.yaml({ schemas: [`${subject}: { file: retried.avsc }`] });

    proxy.failNext(2, { status: 503 });
    const { run, plan } = await p.plan();
    expect(run.exitCode, run.stderr).toBe(0);
    expect(subjectActions(plan).map((a) => [a.type, a.subject])).toEqual([["subject.register", subject]]);
    expect(proxy.requests.filter((r) => r.outcome === "failed")).toHaveLength(2);
    expect(plan.registry?.requests).toBeGreaterThanOrEqual(proxy.requests.length);

    proxy.reset();
    proxy.failNext(2, { status: 503, match: registrationOf(subject) });
    await p.applyAndConverge();
    expect(proxy.requests.filter((r) => registrationOf(subject)(r)).map((r) => r.outcome)).toEqual([
      "failed",
      "failed",
      "forwarded",
    ]);
    expect(await registry.versions(subject)).toEqual([1]);
  });

  it("fails plan with registry/unreachable (exit 1, no stack trace) when the registry is down", async () => {
    const p = await open("sub-down");
    const subject = p.name("down");
    await p.file("down.avsc", avroRecord("Down", [id]));
    await p.yaml({ schemas: [`${subject}: { file: down.avsc }`] });
    await proxy.down();
    try {
      const text = await p.run(["plan"]);
      expect(text.exitCode, text.stdout + text.stderr).toBe(1);
      expect(text.stderr).toContain("registry/unreachable");
      expect(text.stdout + text.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);

      const json = await p.run(["plan", "--output", "json"]);
      expect(json.exitCode).toBe(1);
      expect(json.stdout + json.stderr).toContain("registry/unreachable");
      expect(json.stdout + json.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    } finally {
      await proxy.up();
    }
  });

  it("reports a registration that fails in apply, skips what depends on it, and converges on the next apply", async () => {
    const p = await open("sub-partial");
    const money = p.name("money");
    const [orders, audit] = [p.name("orders"), p.name("audit")];
    await p.file(
      "money.avsc",
      JSON.stringify({ type: "record", name: "Money", namespace: "shop", fields: [{ name: "cents", type: "long" }] }),
    );
    await p.file("order.avsc", avroRecord("Order", [id, { name: "total", type: "shop.Money" }]));
    await p.file("audit.avsc", avroRecord("Audit", [id]));
    await p.yaml({
      topics: [
        `${orders}:`,
        `  schemas: { value: { file: order.avsc } }`,
        `${audit}:`,
        `  schemas: { value: { file: audit.avsc } }`,
      ],
      schemas: [`${money}: { file: money.avsc }`],
    });
    const planned = await p.plan();
    expect(planned.run.exitCode, planned.run.stderr).toBe(0);
    expect(subjectActions(planned.plan)).toHaveLength(3);

    proxy.failNext(1000, { status: 500, match: registrationOf(money) });
    const failed = await p.run(["apply", "--auto-approve", "--output", "json"]);
    expect(failed.exitCode, failed.stdout + failed.stderr).not.toBe(0);
    const report = JSON.parse(failed.stdout) as ApplyJson;
    expect(report.ok).toBe(false);
    const outcome = (subject: string) => report.actions.find((a) => a.subject === subject);
    expect(outcome(money)).toMatchObject({ type: "subject.register", outcome: "failed" });
    expect(outcome(money)?.diagnostic?.code).toMatch(/^registry\//);
    expect(outcome(`${orders}-value`)).toMatchObject({ outcome: "skipped" });
    expect(outcome(`${orders}-value`)?.reason).toContain(money);
    expect(outcome(`${audit}-value`)).toMatchObject({ outcome: "applied" });
    expect(report.diagnostics.map((d) => d.code)).toContain(outcome(money)?.diagnostic?.code);
    expect(await registry.versions(money)).toBeUndefined();
    expect(await registry.versions(`${orders}-value`)).toBeUndefined();
    expect(await registry.versions(`${audit}-value`)).toEqual([1]);

    proxy.reset();
    const replanned = await p.plan();
    expect(subjectActions(replanned.plan).map((a) => a.subject)).toEqual([money, `${orders}-value`]);
    expect(codes(replanned.plan).filter((c) => c.startsWith("registry/"))).toEqual([]);
    await p.applyAndConverge();
    expect((await registry.version(`${orders}-value`, 1)).references).toEqual([
      { name: "shop.Money", subject: money, version: 1 },
    ]);
  });

  it("prints which subject failed in the text report of apply", async () => {
    const p = await open("sub-partial-text");
    const [good, bad] = [p.name("good"), p.name("bad")];
    await p.file("good.avsc", avroRecord("Good", [id]));
    await p.file("bad.avsc", avroRecord("Bad", [id]));
    await p.yaml({ schemas: [`${bad}: { file: bad.avsc }`, `${good}: { file: good.avsc }`] });
    proxy.failNext(1000, { status: 500, match: registrationOf(bad) });
    const failed = await p.apply();
    expect(failed.exitCode, failed.stdout + failed.stderr).toBe(1);
    const out = failed.stdout + failed.stderr;
    expect(out).toContain(bad);
    expect(out).toContain(good);
    expect(await registry.versions(good)).toEqual([1]);
    expect(await registry.versions(bad)).toBeUndefined();
    proxy.reset();
    await p.applyAndConverge();
    expect(await registry.versions(bad)).toEqual([1]);
  });
});
