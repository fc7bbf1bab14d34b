import type { SourceRange } from "../../diagnostics/index.js";
import type { JsonValue } from "../../schema-files/json-source.js";
import type { CompatFinding, JsonCompatibilityPolicy } from "../types.js";
import { compareArrays } from "./arrays.js";
import { bothCombined, readerCombined, writerCombined } from "./combined.js";
import { lowerLimit, upperLimit, type At, type Engine, type Sink } from "./engine.js";
import {
  deref,
  escapePointer,
  isTypeSchema,
  type ArraySchema,
  type ConstSchema,
  type EnumSchema,
  type NotSchema,
  type NumberSchema,
  type ObjectSchema,
  type Schema,
  type StringSchema,
  type TypeSchema,
} from "./model.js";
import { compareObjects } from "./objects.js";
import { isIncompatible, type JsonRuleId } from "./rules.js";
import { describe, jsonEqual, keywordSteps, offsetOf, show, typeSteps } from "./text.js";

export interface DiffContext {
  readonly readerPath?: string;
  readonly writerPath?: string;
  readonly policy: JsonCompatibilityPolicy;
}

/**
 * Every reason why `reader` cannot read all data valid under `writer`, following Confluent's JSON Schema diff:
 * each change between the two schemas has a type (see rules.ts), and those that are incompatible under the policy
 * become findings. Recursive schemas terminate: a pair of schemas already being compared counts as compatible.
 */
export function diffSchemas(reader: Schema, writer: Schema, context: DiffContext): CompatFinding[] {
  const sink: Sink = [];
  new Differ(context).compare(reader, writer, sink);
  const seen = new Set<string>();
  return sink.filter((f) => {
    const key = `${f.rule}\u0000${f.path}\u0000${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

class Differ implements Engine {
  private readonly active = new Map<Schema, Set<Schema>>();
  private readonly verdicts = new Map<Schema, Map<Schema, boolean>>();

  constructor(private readonly context: DiffContext) {}

  /** Whether `reader` reads everything `writer` allows, without reporting anything. */
  compatible(reader: Schema, writer: Schema): boolean {
    const r = deref(reader);
    const w = deref(writer);
    const known = this.verdicts.get(r)?.get(w);
    if (known !== undefined) return known;
    const sink: Sink = [];
    this.compare(r, w, sink);
    const verdict = sink.length === 0;
    let row = this.verdicts.get(r);
    if (row === undefined) this.verdicts.set(r, (row = new Map()));
    row.set(w, verdict);
    return verdict;
  }

  compare(reader: Schema, writer: Schema, sink: Sink): void {
    const r = deref(reader);
    const w = deref(writer);
    if (r.kind === "true" || w.kind === "false") return;
    if (r.connectType === "bytes" && w.connectType === "bytes") return;
    let row = this.active.get(r);
    if (row?.has(w)) return;
    if (row === undefined) this.active.set(r, (row = new Set()));
    row.add(w);
    try {
      const rParts = partsOf(r);
      const wParts = partsOf(w);
      if (rParts.length === 1 && wParts.length === 1) this.compareSingle(rParts[0]!, wParts[0]!, sink);
      else this.compareParts(rParts, wParts, sink);
    } finally {
      row.delete(w);
    }
  }

  report(sink: Sink, rule: JsonRuleId, message: string, at: At): void {
    if (!isIncompatible(rule, this.context.policy)) return;
    const steps = at.steps ?? [];
    const path = at.schema.pointer + steps.map((s) => "/" + escapePointer(s)).join("");
    const file = at.side === "reader" ? this.context.readerPath : this.context.writerPath;
    const source: SourceRange | undefined =
      file === undefined ? undefined : at.schema.doc.lines.range(file, offsetOf(at.schema.node, steps));
    sink.push({ rule, message, path, ...(source ? { source } : {}) });
  }

  /** Both sides are (implicit) allOfs of keyword groups: compare group with group. */
  private compareParts(rParts: readonly Schema[], wParts: readonly Schema[], sink: Sink): void {
    const rTypes = rParts.filter(isTypePart);
    const wTypes = wParts.filter(isTypePart);
    if (rTypes.length === 1 && wTypes.length === 1) this.compare(rTypes[0]!, wTypes[0]!, sink);
    else {
      for (const q of rTypes) {
        const same = wTypes.find((p) => p.kind === q.kind);
        if (same !== undefined) this.compare(q, same, sink);
        else if (!wParts.some((p) => this.compatible(q, p))) {
          this.report(
            sink,
            "json/type-narrowed",
            `the reader requires ${describe(q)} where the writer's schema (${wParts.map(describe).join(" and ")}) does not`,
            { side: "reader", schema: q, steps: typeSteps(q) },
          );
        }
      }
    }
    for (const q of rParts) {
      if (isTypePart(q)) continue;
      const same = wParts.find((p) => !isTypePart(p) && slot(p) === slot(q));
      if (same !== undefined) this.compare(q, same, sink);
      else if (!wParts.some((p) => this.compatible(q, p))) {
        if (q.kind === "false") {
          this.report(sink, "json/type-narrowed", "the reader's schema is false and rejects every value", {
            side: "reader",
            schema: q,
          });
        } else {
          this.report(
            sink,
            "json/product-type-extended",
            `the reader adds "${slot(q)}", a constraint the writer's schema does not have, so data the writer allows may be rejected`,
            { side: "reader", schema: q, steps: keywordSteps(q) },
          );
        }
      }
    }
  }

  /** Neither side is an implicit allOf. */
  private compareSingle(r: Schema, w: Schema, sink: Sink): void {
    // deref never returns a reference; this only narrows the types.
    if (r.kind === "ref" || w.kind === "ref") return;
    if (r.kind === "true" || w.kind === "false") return;
    if (r.kind === "false") {
      this.report(sink, "json/type-narrowed", "the reader's schema is false and rejects every value", {
        side: "reader",
        schema: r,
      });
      return;
    }
    if (w.kind === "true") {
      this.report(
        sink,
        "json/type-narrowed",
        `the writer's schema accepts any value, but the reader only accepts ${describe(r)}`,
        {
          side: "reader",
          schema: r,
          steps: keywordSteps(r),
        },
      );
      return;
    }
    if (r.kind === "combined" && w.kind === "combined") return bothCombined(this, r, w, sink);
    if (r.kind === "combined") return readerCombined(this, r, w, sink);
    if (w.kind === "combined") return writerCombined(this, r, w, sink);
    if (r.kind === "external" || w.kind === "external") {
      if (r.kind === "external" && w.kind === "external" && r.ref === w.ref) return;
      this.report(
        sink,
        "json/external-reference-changed",
        `the reader is ${describe(r)} but the writer's schema is ${describe(w)}; kgov cannot follow references to other documents offline`,
        { side: "reader", schema: r, steps: r.kind === "external" ? ["$ref"] : [] },
      );
      return;
    }
    if (r.kind === "enum" || r.kind === "const") return this.compareValues(r, w, sink);
    if (r.kind === "not") {
      if (w.kind === "not") return this.compareNot(r, w, sink);
      this.report(
        sink,
        "json/not-type-extended",
        `the reader excludes ${describe(r.schema)} with "not", which the writer's ${describe(w)} allows`,
        {
          side: "reader",
          schema: r,
          steps: ["not"],
        },
      );
      return;
    }
    if (w.kind === "enum" || w.kind === "const") {
      const values = w.kind === "enum" ? w.values : [w.value];
      const rejected = values.filter((v) => !accepts(r, v));
      if (rejected.length > 0) {
        this.report(
          sink,
          "json/type-changed",
          `the reader expects ${describe(r)} but the writer's schema allows ${rejected.map(show).join(", ")}`,
          { side: "reader", schema: r, steps: typeSteps(r) },
        );
      }
      return;
    }
    if (w.kind === "not") {
      this.report(
        sink,
        "json/type-narrowed",
        `the writer's schema allows any value except ${describe(w.schema)}, but the reader only accepts ${describe(r)}`,
        {
          side: "reader",
          schema: r,
          steps: typeSteps(r),
        },
      );
      return;
    }
    this.compareTypes(r, w, sink);
  }

  private compareTypes(r: TypeSchema, w: TypeSchema, sink: Sink): void {
    const at: At = { side: "reader", schema: r, steps: typeSteps(r) };
    if (r.kind !== w.kind) {
      this.report(
        sink,
        "json/type-changed",
        `the reader expects ${describe(r)} but the writer's schema allows ${describe(w)}`,
        at,
      );
      return;
    }
    if (r.kind === "number" && w.kind === "number" && r.integer && !w.integer) {
      this.report(
        sink,
        "json/type-narrowed",
        "the reader accepts only integers but the writer's schema allows any number",
        at,
      );
    } else if (r.requiresType && !w.requiresType) {
      this.report(
        sink,
        "json/type-narrowed",
        `the reader requires ${describe(r)} but the writer's schema does not restrict the type`,
        at,
      );
    }
    switch (r.kind) {
      case "object":
        return compareObjects(this, r, w as ObjectSchema, sink);
      case "array":
        return compareArrays(this, r, w as ArraySchema, sink);
      case "string":
        return this.compareStrings(r, w as StringSchema, sink);
      case "number":
        return this.compareNumbers(r, w as NumberSchema, sink);
      case "boolean":
      case "null":
        return;
    }
  }

  private compareStrings(r: StringSchema, w: StringSchema, sink: Sink): void {
    upperLimit(this, sink, r, {
      keyword: "maxLength",
      reader: r.maxLength,
      writer: w.maxLength,
      added: "json/max-length-added",
      tightened: "json/max-length-decreased",
      what: "strings with a length",
    });
    lowerLimit(this, sink, r, {
      keyword: "minLength",
      reader: r.minLength,
      writer: w.minLength,
      added: "json/min-length-added",
      tightened: "json/min-length-increased",
      what: "strings with a length",
    });
    if (r.pattern !== undefined && r.pattern !== w.pattern) {
      const at: At = { side: "reader", schema: r, steps: ["pattern"] };
      if (w.pattern === undefined)
        this.report(
          sink,
          "json/pattern-added",
          `the reader requires strings to match ${show(r.pattern)}, which the writer's schema does not`,
          at,
        );
      else
        this.report(
          sink,
          "json/pattern-changed",
          `the reader's pattern ${show(r.pattern)} differs from the writer's ${show(w.pattern)}`,
          at,
        );
    }
  }

  private compareNumbers(r: NumberSchema, w: NumberSchema, sink: Sink): void {
    upperLimit(this, sink, r, {
      keyword: "maximum",
      reader: r.maximum,
      writer: w.maximum,
      added: "json/maximum-added",
      tightened: "json/maximum-decreased",
      what: "numbers",
    });
    upperLimit(this, sink, r, {
      keyword: "exclusiveMaximum",
      reader: r.exclusiveMaximum,
      writer: w.exclusiveMaximum,
      added: "json/exclusive-maximum-added",
      tightened: "json/exclusive-maximum-decreased",
      what: "numbers",
    });
    lowerLimit(this, sink, r, {
      keyword: "minimum",
      reader: r.minimum,
      writer: w.minimum,
      added: "json/minimum-added",
      tightened: "json/minimum-increased",
      what: "numbers",
    });
    lowerLimit(this, sink, r, {
      keyword: "exclusiveMinimum",
      reader: r.exclusiveMinimum,
      writer: w.exclusiveMinimum,
      added: "json/exclusive-minimum-added",
      tightened: "json/exclusive-minimum-increased",
      what: "numbers",
    });
    if (r.multipleOf !== undefined && r.multipleOf !== w.multipleOf) {
      const at: At = { side: "reader", schema: r, steps: ["multipleOf"] };
      if (w.multipleOf === undefined) {
        this.report(
          sink,
          "json/multiple-of-added",
          `the reader requires multiples of ${r.multipleOf}, which the writer's schema does not`,
          at,
        );
      } else if (!isMultiple(w.multipleOf, r.multipleOf)) {
        const rule = isMultiple(r.multipleOf, w.multipleOf) ? "json/multiple-of-expanded" : "json/multiple-of-changed";
        this.report(
          sink,
          rule,
          `the reader requires multiples of ${r.multipleOf}, but the writer's schema allows any multiple of ${w.multipleOf}`,
          at,
        );
      }
    }
  }

  // ---- enum, const, not

  private compareValues(r: EnumSchema | ConstSchema, w: Schema, sink: Sink): void {
    const rValues = r.kind === "enum" ? r.values : [r.value];
    const at: At = { side: "reader", schema: r, steps: [r.kind] };
    if (w.kind !== "enum" && w.kind !== "const") {
      this.report(
        sink,
        "json/type-changed",
        `the reader accepts only ${describe(r)}, but the writer's schema allows ${describe(w)}`,
        at,
      );
      return;
    }
    const wValues = w.kind === "enum" ? w.values : [w.value];
    const missing = wValues.filter((v) => !rValues.some((x) => jsonEqual(x, v)));
    if (missing.length === 0) return;
    if (r.kind === "const" && w.kind === "const") {
      this.report(
        sink,
        "json/const-changed",
        `the reader's const is ${show(r.value)}, but the writer's is ${show(w.value)}`,
        at,
      );
      return;
    }
    const extra = rValues.some((x) => !wValues.some((v) => jsonEqual(x, v)));
    this.report(
      sink,
      extra ? "json/enum-array-changed" : "json/enum-array-narrowed",
      `the reader does not accept ${missing.map(show).join(", ")}, which the writer's schema allows`,
      at,
    );
  }

  private compareNot(r: NotSchema, w: NotSchema, sink: Sink): void {
    // Excluding less is fine: whatever the reader excludes must already be excluded by the writer.
    if (this.compatible(w.schema, r.schema)) return;
    this.report(
      sink,
      "json/not-type-extended",
      `the reader's "not" excludes ${describe(r.schema)}, more than the writer's "not" (${describe(w.schema)})`,
      {
        side: "reader",
        schema: r,
        steps: ["not"],
      },
    );
  }
}

// ---- helpers

function partsOf(schema: Schema): Schema[] {
  const s = deref(schema);
  if (s.kind === "combined" && s.origin === "implicit")
    return s.subschemas.flatMap(partsOf).filter((p) => p.kind !== "true");
  return [s];
}

function isTypePart(schema: Schema): boolean {
  return isTypeSchema(schema) || (schema.kind === "combined" && schema.origin === "type-list");
}

function slot(schema: Schema): string {
  if (schema.kind === "combined") return schema.origin === "type-list" ? "type" : schema.criterion;
  if (schema.kind === "external") return "$ref";
  return schema.kind;
}

function isMultiple(value: number, divisor: number): boolean {
  if (divisor === 0) return false;
  const q = value / divisor;
  return Math.abs(q - Math.round(q)) < 1e-9;
}

/** Whether a writer's enum/const value is valid under a reader's type schema (the keywords kgov can judge). */
function accepts(schema: TypeSchema, value: JsonValue): boolean {
  const kind =
    value === null
      ? "null"
      : Array.isArray(value)
        ? "array"
        : typeof value === "object"
          ? "object"
          : (typeof value as "string" | "number" | "boolean");
  if (kind !== schema.kind) return !schema.requiresType;
  switch (schema.kind) {
    case "string": {
      const s = value as string;
      const length = [...s].length;
      if (schema.minLength !== undefined && length < schema.minLength) return false;
      if (schema.maxLength !== undefined && length > schema.maxLength) return false;
      if (schema.pattern !== undefined) {
        try {
          return new RegExp(schema.pattern, "u").test(s);
        } catch {
          return false;
        }
      }
      return true;
    }
    case "number": {
      const n = value as number;
      if (schema.integer && !Number.isInteger(n)) return false;
      if (schema.minimum !== undefined && n < schema.minimum) return false;
      if (schema.maximum !== undefined && n > schema.maximum) return false;
      if (schema.exclusiveMinimum !== undefined && n <= schema.exclusiveMinimum) return false;
      if (schema.exclusiveMaximum !== undefined && n >= schema.exclusiveMaximum) return false;
      return schema.multipleOf === undefined || isMultiple(n, schema.multipleOf);
    }
    case "object": {
      const o = value as { [key: string]: JsonValue };
      return (
        schema.required.every((k) => Object.prototype.hasOwnProperty.call(o, k)) &&
        schema.properties.size === 0 &&
        schema.additionalProperties === undefined
      );
    }
    case "array": {
      const a = value as JsonValue[];
      if (schema.minItems !== undefined && a.length < schema.minItems) return false;
      if (schema.maxItems !== undefined && a.length > schema.maxItems) return false;
      return schema.tuple === undefined && schema.items === undefined && schema.additionalItems === undefined;
    }
    case "boolean":
    case "null":
      return true;
  }
}
