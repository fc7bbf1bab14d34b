import { describe, expect, it } from "vitest";
import type { CompatibilityLevel } from "../../../src/core/model/desired.js";
import type { ObservedRegistry, ObservedSubject, StoredSchema } from "../../../src/core/model/registry.js";
import type { DesiredSubject } from "../../../src/core/model/subjects.js";
import { planSubjects } from "../../../src/core/plan/subjects.js";
import type { SubjectRegister } from "../../../src/core/plan/types.js";

const record = (name: string, fields: object[]) => JSON.stringify({ type: "record", name, namespace: "shop", fields });
const id = { name: "id", type: "string" };

function desired(name: string, schema: string, extra: Partial<DesiredSubject> = {}): DesiredSubject {
  return {
    name,
    schemaType: "AVRO",
    file: `schemas/${name}.avsc`,
    schema,
    references: [],
    declaredBy: { kind: "topic", topic: name.replace(/-value$/, ""), role: "value" },
    source: { file: "kgov.yaml", start: { line: 1, column: 1 } },
    ...extra,
  };
}

function stored(version: number, schema: string, extra: Partial<StoredSchema> = {}): StoredSchema {
  return { version, id: 100 + version, schemaType: "AVRO", schema, references: [], ...extra };
}

function registry(subjects: ObservedSubject[], inScope: string[] = []): ObservedRegistry {
  return {
    url: "http://sr",
    subjects: new Map(subjects.map((s) => [s.name, s])),
    inScope,
    referenced: new Map(),
    requests: 0,
  };
}

const live = (name: string, versions: StoredSchema[], extra: Partial<ObservedSubject> = {}): ObservedSubject => ({
  name,
  latest: versions[versions.length - 1],
  history: versions,
  compatibility: "BACKWARD" as CompatibilityLevel,
  mode: "READWRITE",
  ...extra,
});

const plan = (d: DesiredSubject[], o: ObservedRegistry, allowDelete = false, permanentDelete = false) =>
  planSubjects(d, o, { allowDelete, permanentDelete });

describe("planSubjects", () => {
  it("registers a new subject, setting its level first", () => {
    const { actions, diagnostics } = plan(
      [desired("orders-value", record("Order", [id]), { compatibility: "FULL" })],
      registry([]),
    );
    expect(actions.map((a) => a.type)).toEqual(["subject.set-compatibility", "subject.register"]);
    const register = actions[1] as SubjectRegister;
    expect(register).toMatchObject({
      fromVersion: null,
      compatibility: { level: "FULL", registry: { status: "new-subject" } },
    });
    expect(diagnostics).toEqual([]);
  });

  it("plans nothing when the latest version holds the same schema written differently", () => {
    const text = record("Order", [id]);
    const pretty = JSON.stringify(JSON.parse(text), null, 4);
    const { actions, diagnostics } = plan(
      [desired("orders-value", pretty, { compatibility: "BACKWARD" })],
      registry([live("orders-value", [stored(1, text)])]),
    );
    expect(actions).toEqual([]);
    expect(diagnostics).toEqual([]);
  });

  it("registers a compatible change with both verdicts", () => {
    const next = record("Order", [id, { name: "note", type: "string", default: "" }]);
    const { actions, diagnostics } = plan(
      [desired("orders-value", next)],
      registry([
        live("orders-value", [stored(1, record("Order", [id]))], { verdict: { status: "compatible", messages: [] } }),
      ]),
    );
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject({
      type: "subject.register",
      fromVersion: 1,
      compatibility: {
        level: "BACKWARD",
        registry: { status: "compatible" },
        kgov: { status: "compatible", findings: [] },
      },
    });
    expect(diagnostics).toEqual([]);
  });

  it("makes an incompatible change an error with the registry's message and kgov's located findings", () => {
    const next = record("Order", [id, { name: "amount", type: "int" }]);
    const { actions, diagnostics } = plan(
      [desired("orders-value", next)],
      registry([
        live("orders-value", [stored(1, record("Order", [id]))], {
          verdict: { status: "incompatible", messages: ["READER_FIELD_MISSING_DEFAULT_VALUE amount"] },
        }),
      ]),
    );
    expect((actions[0] as SubjectRegister).compatibility.kgov.status).toBe("incompatible");
    const codes = diagnostics.map((d) => `${d.severity} ${d.code}`);
    expect(codes[0]).toBe("error subject/incompatible");
    expect(diagnostics[0]?.message).toContain("READER_FIELD_MISSING_DEFAULT_VALUE amount");
    expect(codes.slice(1).every((c) => c.startsWith("error compat/avro/"))).toBe(true);
    expect(diagnostics[1]?.message).toContain("against v1");
  });

  it("lets the registry decide when it accepts what kgov's engine refuses (a warning)", () => {
    const next = record("Order", [id, { name: "amount", type: "int" }]);
    const { diagnostics } = plan(
      [desired("orders-value", next)],
      registry([
        live("orders-value", [stored(1, record("Order", [id]))], { verdict: { status: "compatible", messages: [] } }),
      ]),
    );
    expect(diagnostics.map((d) => d.severity)).not.toContain("error");
    expect(diagnostics[0]?.code).toBe("subject/engines-disagree");
  });

  it("catches a BACKWARD_TRANSITIVE break against version 1 that the latest alone would pass", () => {
    const v1 = record("Order", [id]);
    const v2 = record("Order", [id, { name: "b", type: "string", default: "" }]);
    const v3 = record("Order", [id, { name: "b", type: "string" }]);
    const { actions } = plan(
      [desired("orders-value", v3)],
      registry([
        live("orders-value", [stored(1, v1), stored(2, v2)], {
          compatibility: "BACKWARD_TRANSITIVE",
          verdict: { status: "incompatible", messages: [] },
        }),
      ]),
    );
    const kgov = (actions[0] as SubjectRegister).compatibility.kgov;
    expect(kgov.status).toBe("incompatible");
    expect(kgov.status === "incompatible" && kgov.findings.map((f) => f.againstVersion)).toEqual([1]);
  });

  it("registers nothing (with a warning) when the desired schema is an older version", () => {
    const v1 = record("Order", [id]);
    const v2 = record("Order", [id, { name: "b", type: "string", default: "" }]);
    const { actions, diagnostics } = plan(
      [desired("orders-value", v1)],
      registry([live("orders-value", [stored(1, v1), stored(2, v2)])]),
    );
    expect(actions).toEqual([]);
    expect(diagnostics.map((d) => d.code)).toEqual(["subject/matches-older-version"]);
  });

  it("orders a reference before its user; the user's reference waits for the version this plan registers", () => {
    const money = record("Money", [{ name: "cents", type: "long" }]);
    const order = record("Order", [id, { name: "total", type: "shop.Money" }]);
    const subjects = [
      desired("money", money, { declaredBy: { kind: "standalone" } }),
      desired("orders-value", order, { references: [{ name: "shop.Money", subject: "money" }] }),
    ];
    const { actions } = plan(subjects, registry([]));
    expect(actions.map((a) => a.subject)).toEqual(["money", "orders-value"]);
    expect((actions[1] as SubjectRegister).references).toEqual([
      { name: "shop.Money", subject: "money", version: null },
    ]);
  });

  it("keeps a user unchanged when its reference is unchanged, and re-registers it when the reference changes", () => {
    const money = record("Money", [{ name: "cents", type: "long" }]);
    const order = record("Order", [id, { name: "total", type: "shop.Money" }]);
    const ref = [{ name: "shop.Money", subject: "money", version: 1 }];
    const observed = {
      ...registry([live("money", [stored(1, money)]), live("orders-value", [stored(1, order, { references: ref })])]),
      referenced: new Map([["money\u00001", stored(1, money)]]),
    };
    const subjects = (m: string) => [
      desired("money", m, { declaredBy: { kind: "standalone" } }),
      desired("orders-value", order, { references: [{ name: "shop.Money", subject: "money" }] }),
    ];
    expect(plan(subjects(money), observed).actions).toEqual([]);
    const changed = record("Money", [
      { name: "cents", type: "long" },
      { name: "currency", type: "string", default: "EUR" },
    ]);
    const { actions } = plan(subjects(changed), observed);
    expect(actions.map((a) => a.subject)).toEqual(["money", "orders-value"]);
    expect((actions[1] as SubjectRegister).compatibility.kgov.status).toBe("compatible");
  });

  it("deletes live subjects in scope that are not desired only when allowed, permanently only with the second opt-in", () => {
    const observed = registry([{ name: "old-value", versions: [1, 2] }], ["old-value"]);
    expect(plan([], observed).actions).toMatchObject([
      { type: "subject.delete", allowed: false, permanent: false, versions: 2 },
    ]);
    const permanent = plan([], observed, true, true).actions[0];
    expect(permanent).toMatchObject({ allowed: true, permanent: true });
    expect(permanent?.risks.map((r) => r.kind)).toEqual(["destructive", "data-loss"]);
  });

  it("flags a level that stops checking a direction or the history", () => {
    const observed = registry([live("a", [stored(1, record("A", [id]))], { compatibility: "FULL_TRANSITIVE" })]);
    const { actions } = plan([desired("a", record("A", [id]), { compatibility: "BACKWARD" })], observed);
    expect(actions[0]).toMatchObject({ type: "subject.set-compatibility", from: "FULL_TRANSITIVE", to: "BACKWARD" });
    expect(actions[0]?.risks[0]?.reason).toBe(
      "the registry stops checking old schemas reading new data and versions older than the latest",
    );
  });

  it("refuses to write to a READONLY subject", () => {
    const observed = registry([
      live("a", [stored(1, record("A", [id]))], { mode: "READONLY", verdict: { status: "compatible", messages: [] } }),
    ]);
    const { diagnostics } = plan([desired("a", record("A", [id, { name: "x", type: "int", default: 0 }]))], observed);
    expect(diagnostics.map((d) => d.code)).toEqual(["subject/read-only"]);
  });
});
