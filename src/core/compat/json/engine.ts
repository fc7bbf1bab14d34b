import type { CompatFinding } from "../types.js";
import type { Schema, TypeSchema } from "./model.js";
import type { JsonRuleId } from "./rules.js";

export type Side = "reader" | "writer";

/** A place for a finding: a schema on one side and the keys / indexes below it. */
export interface At {
  readonly side: Side;
  readonly schema: Schema;
  readonly steps?: readonly (string | number)[];
}

export type Sink = CompatFinding[];

/**
 * What the per-keyword comparisons (objects.ts, arrays.ts, combined.ts) need from the differ in diff.ts: compare two
 * schemas into a sink, ask whether two schemas are compatible without reporting, and report a finding (which is
 * dropped when the rule is compatible under the active policy).
 */
export interface Engine {
  compare(reader: Schema, writer: Schema, sink: Sink): void;
  compatible(reader: Schema, writer: Schema): boolean;
  report(sink: Sink, rule: JsonRuleId, message: string, at: At): void;
}

/** A numeric limit (maxLength, minimum, maxItems, …) on both sides, with the rules for a new and a tighter one. */
export interface Limit {
  readonly keyword: string;
  readonly reader: number | undefined;
  readonly writer: number | undefined;
  readonly added: JsonRuleId;
  readonly tightened: JsonRuleId;
  /** What the limit applies to, for the message: "strings with a length", "numbers". */
  readonly what: string;
}

/** An upper limit the reader sets breaks when the writer has none, or a higher one. */
export function upperLimit(engine: Engine, sink: Sink, r: TypeSchema, limit: Limit): void {
  bound(engine, sink, r, limit, "upper");
}

/** A lower limit the reader sets breaks when the writer has none, or a lower one. */
export function lowerLimit(engine: Engine, sink: Sink, r: TypeSchema, limit: Limit): void {
  bound(engine, sink, r, limit, "lower");
}

function bound(engine: Engine, sink: Sink, r: TypeSchema, limit: Limit, side: "upper" | "lower"): void {
  const { keyword, reader: rv, writer: wv, what } = limit;
  if (rv === undefined) return;
  const at: At = { side: "reader", schema: r, steps: [keyword] };
  const beyond = side === "upper" ? "above" : "below";
  if (wv === undefined) {
    engine.report(
      sink,
      limit.added,
      `the reader sets ${keyword} ${rv}, which the writer's schema does not have: ${what} ${beyond} it are rejected`,
      at,
    );
  } else if (side === "upper" ? rv < wv : rv > wv) {
    const comparison = side === "upper" ? "lower" : "higher";
    engine.report(
      sink,
      limit.tightened,
      `the reader's ${keyword} is ${rv}, ${comparison} than the writer's ${wv}: ${what} ${beyond} ${rv} are rejected`,
      at,
    );
  }
}
