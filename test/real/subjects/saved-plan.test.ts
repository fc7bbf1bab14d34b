/**
 * Subjects in saved plans (kgov plan --out, kgov apply <file>) and other edges against the real registry: a saved
 * plan applies and converges, one whose registry changed since is refused as stale, a desired schema equal to an
 * older version registers nothing, a registration whose answer is lost is retried without a second version, and a
 * soft-deleted subject declared again is registered again.
 */
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { startFaultProxy, type FaultProxy } from "../../helpers/fault-proxy.js";
import { useRegistry } from "../../helpers/servers.js";
import { avroRecord, codes, Registry, SubjectProject, subjectActions } from "./support.js";

const id = { name: "id", type: "string" };

describe.runIf(inject("kafkaLine") === "4")("subjects: saved plans and edges (real-kafka4 project only)", () => {
  let project: SubjectProject | undefined;
  let registry: Registry;
  let proxy: FaultProxy;
  beforeAll(async () => {
    const { url } = await useRegistry();
    registry = new Registry(url);
    proxy = await startFaultProxy(url);
  });
  afterAll(async () => {
    await proxy?.close();
  });
  const open = async (label: string): Promise<SubjectProject> => {
    project = await SubjectProject.create(label);
    return project;
  };
  afterEach(async () => {
    await project?.dispose();
    project = undefined;
  });

  it("applies a saved plan with subjects, and refuses it as stale once the registry changed", async () => {
    const p = await open("sub-saved");
    const subject = p.name("saved");
    await p.file("saved.avsc", avroRecord("Saved", [id]));
    await p.yaml({ schemas: [`${subject}: { file: saved.avsc }`] });
    const planned = await p.run(["plan", "--out", join(p.dir, "plan.json")]);
    expect(planned.exitCode, planned.stdout + planned.stderr).toBe(0);
    const applied = await p.run(["apply", join(p.dir, "plan.json")]);
    expect(applied.exitCode, applied.stdout + applied.stderr).toBe(0);
    await p.expectNoChanges();
    expect(await registry.versions(subject)).toEqual([1]);

    // a new desired version, planned and saved; then someone registers another version behind kgov's back
    await p.file("saved.avsc", avroRecord("Saved", [id, { name: "a", type: "string", default: "" }]));
    const second = await p.run(["plan", "--out", join(p.dir, "plan2.json")]);
    expect(second.exitCode, second.stdout + second.stderr).toBe(0);
    await registry.register(subject, avroRecord("Saved", [id, { name: "z", type: "int", default: 0 }]));
    const stale = await p.run(["apply", join(p.dir, "plan2.json")]);
    expect(stale.exitCode, stale.stdout + stale.stderr).toBe(1);
    expect(stale.stdout + stale.stderr).toContain("plan/stale");
    expect(await registry.versions(subject)).toEqual([1, 2]);
  });

  it("registers nothing when the desired schema is an older version, and warns", async () => {
    const p = await open("sub-older");
    const subject = p.name("older");
    const v1 = avroRecord("Older", [id]);
    await registry.register(subject, v1);
    await registry.register(subject, avroRecord("Older", [id, { name: "b", type: "int", default: 0 }]));
    await p.file("older.avsc", v1);
    await p.yaml({ schemas: [`${subject}: { file: older.avsc }`] });
    const { run, plan } = await p.plan();
    expect(run.exitCode, run.stderr).toBe(0);
    expect(subjectActions(plan)).toEqual([]);
    expect(codes(plan)).toEqual(["subject/matches-older-version"]);
    const detailed = await p.run(["plan", "--detailed-exitcode"]);
    expect(detailed.exitCode, detailed.stdout + detailed.stderr).toBe(0);
    expect(await registry.versions(subject)).toEqual([1, 2]);
  });

  it("retries a registration whose answer was lost without adding a second version", async () => {
    const p = await open("sub-lost");
    p.registryUrl = proxy.url;
    proxy.reset();
    const subject = p.name("lost");
    await p.file("lost.avsc", avroRecord("Lost", [id]));
    await p.yaml({ schemas: [`${subject}: { file: lost.avsc }`] });
    proxy.loseAnswerNext(1, {
      match: (r) => r.method === "POST" && r.path.startsWith(`/subjects/${subject}/versions`),
    });
    await p.applyAndConverge();
    expect(proxy.requests.some((r) => r.outcome === "answer-lost")).toBe(true);
    expect(await registry.versions(subject)).toEqual([1]);
  });

  it("registers a soft-deleted subject again when it is declared again", async () => {
    const p = await open("sub-revive");
    const subject = p.name("revive");
    await p.file("revive.avsc", avroRecord("Revive", [id]));
    await p.yaml({ schemas: [`${subject}: { file: revive.avsc }`] });
    await p.applyAndConverge();
    await p.yaml({});
    await p.applyAndConverge(["--allow-delete"]);
    expect(await registry.versions(subject)).toBeUndefined();

    await p.yaml({ schemas: [`${subject}: { file: revive.avsc }`] });
    const { run, plan } = await p.plan();
    expect(run.exitCode, run.stderr).toBe(0);
    expect(subjectActions(plan).map((a) => [a.type, a.subject])).toEqual([["subject.register", subject]]);
    await p.applyAndConverge();
    expect((await registry.versions(subject))?.length).toBe(1);
  });
});
