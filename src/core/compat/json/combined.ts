import type { At, Engine, Sink } from "./engine.js";
import { deref, type CombinedSchema, type Criterion, type Schema } from "./model.js";
import { canonical, describe, keywordSteps, typeSteps } from "./text.js";

/**
 * Confluent's rules for allOf / anyOf / oneOf (a `"type"` list is an anyOf), when one side or both are such a
 * combination. "Single" below means a combination written with one member.
 *
 * One schema becoming a combination (`readerCombined`): a single member is compared with the old schema; an
 * anyOf/oneOf is fine when one of its members reads the old schema's data; an allOf of several is a type change,
 * whatever its members.
 *
 * A combination becoming one schema (`writerCombined`): a single member is compared with the new schema; an allOf
 * is fine when the new schema reads the data of one of its members; an anyOf/oneOf of several is a type change,
 * even when the new schema would accept every member's data.
 *
 * Both combinations (`bothCombined`): the keyword may change only towards anyOf, between single ones, from a single
 * one to oneOf, or from an allOf to a single one (combined-type-extended); any other change of keyword is
 * combined-type-changed and ends the comparison. Then the members, repeated ones collapsed, are paired by a maximum
 * bipartite matching of compatible pairs, which must cover the smaller side; an allOf that gains members, and an
 * anyOf/oneOf that loses some, break.
 */
export function readerCombined(engine: Engine, r: CombinedSchema, w: Schema, sink: Sink): void {
  const members = r.subschemas;
  if (members.length === 1) return engine.compare(members[0]!, w, sink);
  const at: At = { side: "reader", schema: r, steps: keywordSteps(r) };
  if (r.criterion === "allOf") {
    engine.report(
      sink,
      "json/type-changed",
      `the writer's schema (${describe(w)}) became an allOf of ${members.length} schemas; only an allOf with a single member can replace a schema that is not a combination`,
      at,
    );
    return;
  }
  if (members.some((m) => engine.compatible(m, w))) return; // sum-type-extended
  engine.report(
    sink,
    "json/type-changed",
    `none of the reader's ${describe(r)} accepts the writer's ${describe(w)}`,
    at,
  );
}

export function writerCombined(engine: Engine, r: Schema, w: CombinedSchema, sink: Sink): void {
  const members = w.subschemas;
  if (members.length === 1) return engine.compare(r, members[0]!, sink);
  const at: At = { side: "reader", schema: r, steps: typeSteps(r) };
  if (w.criterion !== "allOf") {
    const what = w.origin === "type-list" ? `type list (${describe(w)})` : describe(w);
    engine.report(
      sink,
      "json/type-changed",
      `the writer's ${what} became a single schema (${describe(r)}); an anyOf/oneOf of several schemas can only be replaced by a combination`,
      at,
    );
    return;
  }
  if (members.some((m) => engine.compatible(r, m))) return; // product-type-narrowed
  // Say how the reader differs from the member of the same type, if there is one.
  const same = members.find((m) => deref(m).kind === r.kind);
  if (same !== undefined) return engine.compare(r, same, sink);
  engine.report(
    sink,
    "json/type-changed",
    `the reader expects ${describe(r)} but the writer's schema is ${describe(w)}, none of whose members it reads`,
    at,
  );
}

export function bothCombined(engine: Engine, r: CombinedSchema, w: CombinedSchema, sink: Sink): void {
  const at: At = { side: "reader", schema: r, steps: keywordSteps(r) };
  if (!criterionMayChange(w, r)) {
    engine.report(
      sink,
      "json/combined-type-changed",
      `the writer's ${name(w)} of ${w.subschemas.length} became the reader's ${name(r)} of ${r.subschemas.length}; the keyword may only change to anyOf, between single-member combinations, from a single member to oneOf, or from an allOf to a single member`,
      at,
    );
    return;
  }
  const rs = distinct(r);
  const ws = distinct(w);
  if (ws.length < rs.length && r.criterion === "allOf") {
    engine.report(
      sink,
      "json/product-type-extended",
      `the reader's allOf has ${rs.length} schemas, more than the writer's ${ws.length}: data must satisfy them all`,
      at,
    );
  }
  if (ws.length > rs.length && w.criterion !== "allOf") {
    engine.report(
      sink,
      "json/sum-type-narrowed",
      `the reader's ${name(r)} has ${rs.length} alternatives, fewer than the writer's ${ws.length}: data matching a dropped one is rejected`,
      at,
    );
  }
  const matchOf = maximumMatching(ws.length, rs.length, (wi, rj) => engine.compatible(rs[rj]!, ws[wi]!));
  const matched = matchOf.filter((m) => m >= 0).length;
  if (matched >= Math.min(rs.length, ws.length)) return;
  const matchedWriters = new Set(matchOf);
  const unmatchedW = ws.map((_, i) => i).filter((i) => !matchedWriters.has(i));
  const unmatchedR = rs.map((_, j) => j).filter((j) => matchOf[j]! < 0);
  engine.report(
    sink,
    "json/combined-type-subschemas-changed",
    `the writer's ${unmatchedW.map((i) => `${w.criterion} schema ${ws[i]!.pointer}`).join(", ")} ${unmatchedW.length === 1 ? "has" : "have"} no compatible counterpart in the reader's ${r.criterion}`,
    at,
  );
  // Same position, both unmatched: most likely the same member, changed. Say how.
  if (rs.length === ws.length) {
    for (const j of unmatchedR) if (unmatchedW.includes(j)) engine.compare(rs[j]!, ws[j]!, sink);
  }
}

/** Whether Confluent accepts the writer's combination keyword becoming the reader's (sizes as written). */
function criterionMayChange(w: CombinedSchema, r: CombinedSchema): boolean {
  const from: Criterion = w.criterion;
  const to: Criterion = r.criterion;
  const wSingle = w.subschemas.length === 1;
  const rSingle = r.subschemas.length === 1;
  return (
    from === to ||
    to === "anyOf" ||
    (wSingle && rSingle) ||
    (wSingle && to === "oneOf") ||
    (rSingle && from === "allOf")
  );
}

function name(schema: CombinedSchema): string {
  return schema.origin === "type-list" ? "type list" : schema.criterion;
}

/** The members of an explicit allOf/anyOf/oneOf without repeated ones (the members of `type: [...]` share one node). */
function distinct(combined: CombinedSchema): Schema[] {
  if (combined.origin !== "keyword") return [...combined.subschemas];
  const seen = new Set<string>();
  return combined.subschemas.filter((s) => {
    const key = canonical(s.node.value);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Maximum bipartite matching (augmenting paths); returns, per right index, the matched left index or -1. */
function maximumMatching(left: number, right: number, edge: (l: number, r: number) => boolean): number[] {
  const matchOfRight = new Array<number>(right).fill(-1);
  const edges = new Map<string, boolean>();
  const has = (l: number, r: number): boolean => {
    const key = `${l},${r}`;
    let v = edges.get(key);
    if (v === undefined) edges.set(key, (v = edge(l, r)));
    return v;
  };
  const augment = (l: number, visited: boolean[]): boolean => {
    for (let r = 0; r < right; r++) {
      if (visited[r] || !has(l, r)) continue;
      visited[r] = true;
      if (matchOfRight[r]! < 0 || augment(matchOfRight[r]!, visited)) {
        matchOfRight[r] = l;
        return true;
      }
    }
    return false;
  };
  for (let l = 0; l < left; l++) augment(l, new Array<boolean>(right).fill(false));
  return matchOfRight;
}
