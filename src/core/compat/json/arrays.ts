import { lowerLimit, upperLimit, type At, type Engine, type Sink } from "./engine.js";
import { deref, type ArraySchema, type Schema } from "./model.js";
import { describe } from "./text.js";

/**
 * Confluent's array rules, on everit's reading of an array schema: three independent parts, each compared on its
 * own.
 * - `items` as one schema (the list form) is compared with the writer's; adding one where the writer has none
 *   breaks, dropping one is fine. A tuple on the other side does not stand in for it.
 * - Tuple positions (`items` as an array, or `prefixItems`) are compared position by position; a position only one
 *   side has is judged by the other side's content model, which `additionalItems` alone decides: open (absent or
 *   true), closed (false) or partially open (a schema). The list form of `items` plays no part in it.
 * - `additionalItems` itself moves between open, closed and a schema (`{}` counts as a schema), with or without a
 *   tuple.
 */
export function compareArrays(engine: Engine, r: ArraySchema, w: ArraySchema, sink: Sink): void {
  compareAllItems(engine, r, w, sink);
  compareTuples(engine, r, w, sink);
  compareAdditionalItems(engine, r, w, sink);

  upperLimit(engine, sink, r, {
    keyword: "maxItems",
    reader: r.maxItems,
    writer: w.maxItems,
    added: "json/max-items-added",
    tightened: "json/max-items-decreased",
    what: "arrays with a length",
  });
  lowerLimit(engine, sink, r, {
    keyword: "minItems",
    reader: r.minItems,
    writer: w.minItems,
    added: "json/min-items-added",
    tightened: "json/min-items-increased",
    what: "arrays with a length",
  });
  upperLimit(engine, sink, r, {
    keyword: "maxContains",
    reader: r.maxContains,
    writer: w.maxContains,
    added: "json/max-contains-added",
    tightened: "json/max-contains-decreased",
    what: "arrays with a matching item count",
  });
  lowerLimit(engine, sink, r, {
    keyword: "minContains",
    reader: r.minContains,
    writer: w.minContains,
    added: "json/min-contains-added",
    tightened: "json/min-contains-increased",
    what: "arrays with a matching item count",
  });
  if (r.contains !== undefined) {
    if (w.contains === undefined) {
      engine.report(
        sink,
        "json/contains-added",
        `the reader requires an item matching ${describe(r.contains)}, which the writer's schema does not`,
        { side: "reader", schema: r, steps: ["contains"] },
      );
    } else engine.compare(r.contains, w.contains, sink);
  }
  if (r.uniqueItems && !w.uniqueItems) {
    engine.report(
      sink,
      "json/unique-items-added",
      "the reader requires unique array items, but the writer's schema allows repeated ones",
      { side: "reader", schema: r, steps: ["uniqueItems"] },
    );
  }
}

/** The list form of `items`. A reader's `items: true` constrains nothing and counts as absent. */
function compareAllItems(engine: Engine, r: ArraySchema, w: ArraySchema, sink: Sink): void {
  if (r.items === undefined || isBoolean(r.items, true)) return;
  if (w.items !== undefined) {
    engine.compare(r.items, w.items, sink);
    return;
  }
  const before = w.tuple !== undefined ? "positional item schemas only" : "no items schema";
  engine.report(
    sink,
    "json/items-added",
    `the reader constrains every array item with ${describe(r.items)}, but the writer's schema has ${before}, so its arrays may hold other items`,
    { side: "reader", schema: r, steps: ["items"] },
  );
}

function compareTuples(engine: Engine, r: ArraySchema, w: ArraySchema, sink: Sink): void {
  const rt = r.tuple ?? [];
  const wt = w.tuple ?? [];
  for (let i = 0; i < Math.min(rt.length, wt.length); i++) engine.compare(rt[i]!, wt[i]!, sink);

  const writerModel = contentModel(w);
  for (let i = wt.length; i < rt.length; i++) {
    const item = rt[i]!;
    const at: At = { side: "reader", schema: r, steps: [r.tupleKeyword, i] };
    if (writerModel.state === "open") {
      if (deref(item).kind === "true") continue; // item-with-empty-schema-added-to-open-model
      engine.report(
        sink,
        "json/item-added-to-open-model",
        `the reader adds a schema for array position ${i} (${describe(item)}), but the writer's schema allows any item beyond its ${wt.length} positional one${wt.length === 1 ? "" : "s"}`,
        at,
      );
    } else if (writerModel.state === "schema" && !engine.compatible(item, writerModel.schema)) {
      engine.report(
        sink,
        "json/item-added-not-covered-by-partially-open-model",
        `the reader's schema for array position ${i} (${describe(item)}) rejects items the writer's ${w.additionalItemsKeyword} schema allows`,
        at,
      );
    }
  }

  const readerModel = contentModel(r);
  for (let i = rt.length; i < wt.length; i++) {
    const item = wt[i]!;
    const at: At = { side: "writer", schema: w, steps: [w.tupleKeyword, i] };
    if (readerModel.state === "closed") {
      if (deref(item).kind === "false") continue; // item-with-false-removed-from-closed-model
      engine.report(
        sink,
        "json/item-removed-from-closed-model",
        `the reader drops array position ${i} and allows no further items, so the writer's arrays with an item there are rejected`,
        at,
      );
    } else if (readerModel.state === "schema" && !engine.compatible(readerModel.schema, item)) {
      engine.report(
        sink,
        "json/item-removed-not-covered-by-partially-open-model",
        `the reader drops array position ${i}, and its ${r.additionalItemsKeyword} schema rejects items the writer allowed there`,
        at,
      );
    }
  }
}

/** `additionalItems` between open (absent, true), closed (false) and a schema. */
function compareAdditionalItems(engine: Engine, r: ArraySchema, w: ArraySchema, sink: Sink): void {
  const rm = contentModel(r);
  const wm = contentModel(w);
  const keyword = r.additionalItemsKeyword;
  const at: At =
    r.additionalItems !== undefined ? { side: "reader", schema: r, steps: [keyword] } : { side: "reader", schema: r };
  if (rm.state === "closed") {
    if (wm.state === "closed") return;
    engine.report(
      sink,
      "json/additional-items-removed",
      `the reader sets ${keyword} to false, but the writer's schema allows ${wm.state === "open" ? "any" : "some"} additional items${beyondTuple(w)}`,
      at,
    );
  } else if (rm.state === "schema") {
    if (wm.state === "open") {
      engine.report(
        sink,
        "json/additional-items-narrowed",
        `the reader constrains ${keyword} with ${describe(rm.schema)}, but the writer's schema allows any additional item${beyondTuple(w)}`,
        at,
      );
    } else if (wm.state === "schema") engine.compare(rm.schema, wm.schema, sink);
  }
}

type ContentModel = { state: "open" } | { state: "closed" } | { state: "schema"; schema: Schema };

/** What an array allows beyond its tuple, decided by additionalItems alone. */
function contentModel(schema: ArraySchema): ContentModel {
  const extra = schema.additionalItems;
  if (extra === undefined || isBoolean(extra, true)) return { state: "open" };
  if (isBoolean(extra, false)) return { state: "closed" };
  return { state: "schema", schema: extra };
}

/** The schema is written as the JSON boolean `value` (not `{}`, nor a reference). */
function isBoolean(schema: Schema, value: boolean): boolean {
  return schema.node.kind === "scalar" && schema.node.value === value;
}

function beyondTuple(schema: ArraySchema): string {
  const n = schema.tuple?.length ?? 0;
  return n === 0 ? "" : ` beyond its ${n} positional one${n === 1 ? "" : "s"}`;
}
