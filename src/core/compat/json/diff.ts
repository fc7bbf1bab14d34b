import type { SourceRange } from "../../diagnostics/index.js";
import type { JsonNode, JsonValue } from "../../schema-files/json-source.js";
import type { CompatFinding, JsonCompatibilityPolicy } from "../types.js";
import {
  deref,
  escapePointer,
  isTypeSchema,
  type ArraySchema,
  type CombinedSchema,
  type ConstSchema,
  type EnumSchema,
  type NotSchema,
  type NumberSchema,
  type ObjectSchema,
  type Schema,
  type StringSchema,
  type TypeSchema,
} from "./model.js";
import { isIncompatible, type JsonRuleId } from "./rules.js";

export interface DiffContext {
  readonly readerPath?: string;
  readonly writerPath?: string;
  readonly policy: JsonCompatibilityPolicy;
}

type Side = "reader" | "writer";

/** A place for a finding: a schema on one side and the keys / indexes below it. */
interface At {
  readonly side: Side;
  readonly schema: Schema;
  readonly steps?: readonly (string | number)[];
}

type Sink = CompatFinding[];

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

class Differ {
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

  private report(sink: Sink, rule: JsonRuleId, message: string, at: At): void {
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
    if (r.kind === "combined" && w.kind === "combined") return this.compareCombined(r, w, sink);
    if (r.kind === "combined") {
      const subs = distinct(r);
      if (subs.length === 1) return this.compare(subs[0]!, w, sink);
      if (r.criterion === "allOf") {
        for (const m of subs) this.compare(m, w, sink);
        return;
      }
      if (subs.some((b) => this.compatible(b, w))) return; // combined-type-extended
      this.report(
        sink,
        "json/type-changed",
        `none of the reader's ${describe(r)} accepts the writer's ${describe(w)}`,
        {
          side: "reader",
          schema: r,
          steps: keywordSteps(r),
        },
      );
      return;
    }
    if (w.kind === "combined") {
      const subs = distinct(w);
      if (subs.length === 1) return this.compare(r, subs[0]!, sink);
      if (w.criterion === "allOf") {
        if (subs.some((m) => this.compatible(r, m))) return; // product-type-narrowed
        const same = subs.find((m) => deref(m).kind === r.kind);
        if (same !== undefined) return this.compare(r, same, sink);
        this.report(
          sink,
          "json/type-changed",
          `the reader expects ${describe(r)} but the writer's schema is ${describe(w)}`,
          {
            side: "reader",
            schema: r,
            steps: typeSteps(r),
          },
        );
        return;
      }
      // The writer may have written data for any branch: each must be readable.
      for (const b of subs) this.compare(r, b, sink);
      return;
    }
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
        return this.compareObjects(r, w as ObjectSchema, sink);
      case "array":
        return this.compareArrays(r, w as ArraySchema, sink);
      case "string":
        return this.compareStrings(r, w as StringSchema, sink);
      case "number":
        return this.compareNumbers(r, w as NumberSchema, sink);
      case "boolean":
      case "null":
        return;
    }
  }

  // ---- limits

  private upper(
    sink: Sink,
    r: TypeSchema,
    rv: number | undefined,
    wv: number | undefined,
    keyword: string,
    added: JsonRuleId,
    decreased: JsonRuleId,
    what: string,
  ): void {
    this.bound("upper", sink, r, rv, wv, keyword, added, decreased, what);
  }

  private lower(
    sink: Sink,
    r: TypeSchema,
    rv: number | undefined,
    wv: number | undefined,
    keyword: string,
    added: JsonRuleId,
    increased: JsonRuleId,
    what: string,
  ): void {
    this.bound("lower", sink, r, rv, wv, keyword, added, increased, what);
  }

  /** A limit the reader sets (maxLength, minimum, …) breaks when the writer has none, or a looser one. */
  private bound(
    side: "upper" | "lower",
    sink: Sink,
    r: TypeSchema,
    rv: number | undefined,
    wv: number | undefined,
    keyword: string,
    added: JsonRuleId,
    tightened: JsonRuleId,
    what: string,
  ): void {
    if (rv === undefined) return;
    const at: At = { side: "reader", schema: r, steps: [keyword] };
    const beyond = side === "upper" ? "above" : "below";
    if (wv === undefined) {
      this.report(
        sink,
        added,
        `the reader sets ${keyword} ${rv}, which the writer's schema does not have: ${what} ${beyond} it are rejected`,
        at,
      );
    } else if (side === "upper" ? rv < wv : rv > wv) {
      const comparison = side === "upper" ? "lower" : "higher";
      this.report(
        sink,
        tightened,
        `the reader's ${keyword} is ${rv}, ${comparison} than the writer's ${wv}: ${what} ${beyond} ${rv} are rejected`,
        at,
      );
    }
  }

  private compareStrings(r: StringSchema, w: StringSchema, sink: Sink): void {
    this.upper(
      sink,
      r,
      r.maxLength,
      w.maxLength,
      "maxLength",
      "json/max-length-added",
      "json/max-length-decreased",
      "strings with a length",
    );
    this.lower(
      sink,
      r,
      r.minLength,
      w.minLength,
      "minLength",
      "json/min-length-added",
      "json/min-length-increased",
      "strings with a length",
    );
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
    this.upper(sink, r, r.maximum, w.maximum, "maximum", "json/maximum-added", "json/maximum-decreased", "numbers");
    this.upper(
      sink,
      r,
      r.exclusiveMaximum,
      w.exclusiveMaximum,
      "exclusiveMaximum",
      "json/exclusive-maximum-added",
      "json/exclusive-maximum-decreased",
      "numbers",
    );
    this.lower(sink, r, r.minimum, w.minimum, "minimum", "json/minimum-added", "json/minimum-increased", "numbers");
    this.lower(
      sink,
      r,
      r.exclusiveMinimum,
      w.exclusiveMinimum,
      "exclusiveMinimum",
      "json/exclusive-minimum-added",
      "json/exclusive-minimum-increased",
      "numbers",
    );
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

  // ---- objects

  private compareObjects(r: ObjectSchema, w: ObjectSchema, sink: Sink): void {
    for (const [name, rp] of r.properties) {
      const wp = w.properties.get(name);
      if (wp !== undefined) this.compare(rp, wp, sink);
      else this.propertyAdded(r, w, name, rp, sink);
    }
    for (const [name, wp] of w.properties) if (!r.properties.has(name)) this.propertyRemoved(r, w, name, wp, sink);

    r.required.forEach((name, index) => {
      if (w.required.includes(name)) return;
      const rp = r.properties.get(name);
      if (rp !== undefined && !w.properties.has(name)) return; // judged as an added property
      const at: At = { side: "reader", schema: r, steps: ["required", requiredIndex(r, name) ?? index] };
      if (rp !== undefined && hasDefault(rp)) return; // required-property-with-default-added
      this.report(
        sink,
        "json/required-property-added",
        `the reader requires property "${name}" without a default, but the writer's data may lack it`,
        at,
      );
    });

    this.upper(
      sink,
      r,
      r.maxProperties,
      w.maxProperties,
      "maxProperties",
      "json/max-properties-added",
      "json/max-properties-decreased",
      "objects with a property count",
    );
    this.lower(
      sink,
      r,
      r.minProperties,
      w.minProperties,
      "minProperties",
      "json/min-properties-added",
      "json/min-properties-increased",
      "objects with a property count",
    );

    this.openness(sink, r, r.additionalProperties, w.additionalProperties, "additionalProperties", {
      removed: "json/additional-properties-removed",
      narrowed: "json/additional-properties-narrowed",
    });
    this.openness(sink, r, r.unevaluatedProperties, w.unevaluatedProperties, "unevaluatedProperties", {
      removed: "json/unevaluated-properties-removed",
      narrowed: "json/unevaluated-properties-narrowed",
    });

    for (const rp of r.patternProperties) {
      const wp = w.patternProperties.find((p) => p.pattern === rp.pattern);
      if (wp !== undefined) this.compare(rp.schema, wp.schema, sink);
    }

    for (const [key, rdep] of r.dependentRequired) {
      const at: At = { side: "reader", schema: r, steps: [rdep.keyword, key] };
      const wdep = w.dependentRequired.get(key);
      if (wdep === undefined) {
        this.report(
          sink,
          "json/dependency-array-added",
          `the reader requires ${rdep.names.map(show).join(", ")} whenever "${key}" is present, which the writer's schema does not`,
          at,
        );
        continue;
      }
      const more = rdep.names.filter((n) => !wdep.names.includes(n));
      if (more.length === 0) continue; // narrowed or unchanged
      const rule = wdep.names.every((n) => rdep.names.includes(n))
        ? "json/dependency-array-extended"
        : "json/dependency-array-changed";
      this.report(
        sink,
        rule,
        `the reader also requires ${more.map(show).join(", ")} whenever "${key}" is present, which the writer's data may lack`,
        at,
      );
    }
    for (const [key, rs] of r.dependentSchemas) {
      const ws = w.dependentSchemas.get(key);
      if (ws !== undefined) this.compare(rs, ws, sink);
      else {
        this.report(
          sink,
          "json/dependency-schema-added",
          `the reader applies a schema whenever "${key}" is present, which the writer's schema does not`,
          {
            side: "reader",
            schema: rs,
          },
        );
      }
    }
  }

  private propertyAdded(r: ObjectSchema, w: ObjectSchema, name: string, rp: Schema, sink: Sink): void {
    const at: At = { side: "reader", schema: r, steps: ["properties", name] };
    const required = r.required.includes(name);
    const withDefault = hasDefault(rp);
    const cover = coverage(w, name);
    if (cover.model === "open") {
      const empty = deref(rp).kind === "true";
      if (!required) {
        if (!empty) {
          this.report(
            sink,
            "json/optional-property-added-to-open-model",
            `the reader adds property "${name}" (${describe(rp)}), but the writer's schema allows additional properties, so its data may hold any value under "${name}"`,
            at,
          );
        }
      } else if (withDefault) {
        if (!empty) {
          this.report(
            sink,
            "json/required-property-with-default-added-to-open-model",
            `the reader adds required property "${name}" (${describe(rp)}), but the writer's schema allows additional properties, so its data may hold any value under "${name}"`,
            at,
          );
        }
      } else {
        this.report(
          sink,
          "json/required-property-added-to-open-model",
          `the reader adds required property "${name}" without a default, which the writer's data may lack or hold with any value`,
          at,
        );
      }
      return;
    }
    if (cover.model === "schemas" && !cover.schemas.every((s) => this.compatible(rp, s))) {
      this.report(
        sink,
        "json/property-added-not-covered-by-partially-open-model",
        `the reader adds property "${name}" (${describe(rp)}), which rejects values the writer's ${cover.keyword} allowed under that name`,
        at,
      );
    }
    if (required && !withDefault) {
      this.report(
        sink,
        "json/required-property-added-to-unopen-model",
        `the reader adds required property "${name}" without a default, which the writer's data does not contain`,
        at,
      );
    }
  }

  private propertyRemoved(r: ObjectSchema, w: ObjectSchema, name: string, wp: Schema, sink: Sink): void {
    const at: At = { side: "writer", schema: w, steps: ["properties", name] };
    const cover = coverage(r, name);
    if (cover.model === "open") return;
    if (cover.model === "closed") {
      if (deref(wp).kind === "false") return;
      this.report(
        sink,
        "json/property-removed-from-closed-model",
        `the writer's property "${name}" is gone from the reader, which does not allow additional properties, so data carrying "${name}" is rejected`,
        at,
      );
      return;
    }
    if (!cover.schemas.every((s) => this.compatible(s, wp))) {
      this.report(
        sink,
        "json/property-removed-not-covered-by-partially-open-model",
        `the writer's property "${name}" is gone from the reader, and the reader's ${cover.keyword} rejects values the writer allowed under "${name}"`,
        at,
      );
    }
  }

  /** additionalProperties / unevaluatedProperties / additionalItems transitions between open, closed and a schema. */
  private openness(
    sink: Sink,
    r: ObjectSchema | ArraySchema,
    rv: Schema | undefined,
    wv: Schema | undefined,
    keyword: string,
    rules: { removed: JsonRuleId; narrowed: JsonRuleId },
  ): void {
    const rs = openState(rv);
    const ws = openState(wv);
    const at: At = rv !== undefined ? { side: "reader", schema: r, steps: [keyword] } : { side: "reader", schema: r };
    if (rs === "closed" && ws !== "closed") {
      this.report(
        sink,
        rules.removed,
        `the reader sets ${keyword} to false, but the writer's schema allows ${ws === "open" ? "any" : "some"} additional values`,
        at,
      );
    } else if (rs === "schema" && ws === "open") {
      this.report(
        sink,
        rules.narrowed,
        `the reader constrains ${keyword} with ${describe(rv!)}, but the writer's schema allows any additional value`,
        at,
      );
    } else if (rs === "schema" && ws === "schema") {
      this.compare(rv!, wv!, sink);
    }
  }

  // ---- arrays

  private compareArrays(r: ArraySchema, w: ArraySchema, sink: Sink): void {
    const rt = r.tuple ?? [];
    const wt = w.tuple ?? [];
    for (let i = 0; i < Math.min(rt.length, wt.length); i++) this.compare(rt[i]!, wt[i]!, sink);
    for (let i = wt.length; i < rt.length; i++) {
      const at: At = { side: "reader", schema: r, steps: [r.tupleKeyword, i] };
      const state = openState(w.rest);
      if (state === "open" && deref(rt[i]!).kind !== "true") {
        this.report(
          sink,
          "json/item-added-to-open-model",
          `the reader adds a schema for array position ${i} (${describe(rt[i]!)}), where the writer's schema allows any item`,
          at,
        );
      } else if (state === "schema" && !this.compatible(rt[i]!, w.rest!)) {
        this.report(
          sink,
          "json/item-added-not-covered-by-partially-open-model",
          `the reader's schema for array position ${i} (${describe(rt[i]!)}) rejects items the writer's ${w.restKeyword} schema allows`,
          at,
        );
      }
    }
    for (let i = rt.length; i < wt.length; i++) {
      const at: At = { side: "writer", schema: w, steps: [w.tupleKeyword, i] };
      const state = openState(r.rest);
      if (state === "closed") {
        this.report(
          sink,
          "json/item-removed-from-closed-model",
          `the reader drops array position ${i} and allows no further items, so the writer's arrays with an item there are rejected`,
          at,
        );
      } else if (state === "schema" && !this.compatible(r.rest!, wt[i]!)) {
        this.report(
          sink,
          "json/item-removed-not-covered-by-partially-open-model",
          `the reader drops array position ${i}, and its ${r.restKeyword} schema rejects items the writer allowed there`,
          at,
        );
      }
    }
    if (r.tuple === undefined && w.tuple === undefined) {
      const rs = openState(r.rest);
      const ws = openState(w.rest);
      if (rs === "schema" && ws === "schema") this.compare(r.rest!, w.rest!, sink);
      else if (rs !== "open" && rs !== ws && !(rs === "schema" && ws === "closed")) {
        this.report(
          sink,
          "json/items-added",
          `the reader constrains array items with ${describe(r.rest!)}, but the writer's schema allows ${ws === "open" ? "any item" : describe(w.rest!)}`,
          {
            side: "reader",
            schema: r,
            steps: ["items"],
          },
        );
      }
    } else {
      this.openness(sink, r, r.rest, w.rest, r.restKeyword, {
        removed: "json/additional-items-removed",
        narrowed: "json/additional-items-narrowed",
      });
    }

    this.upper(
      sink,
      r,
      r.maxItems,
      w.maxItems,
      "maxItems",
      "json/max-items-added",
      "json/max-items-decreased",
      "arrays with a length",
    );
    this.lower(
      sink,
      r,
      r.minItems,
      w.minItems,
      "minItems",
      "json/min-items-added",
      "json/min-items-increased",
      "arrays with a length",
    );
    this.upper(
      sink,
      r,
      r.maxContains,
      w.maxContains,
      "maxContains",
      "json/max-contains-added",
      "json/max-contains-decreased",
      "arrays with a matching item count",
    );
    this.lower(
      sink,
      r,
      r.minContains,
      w.minContains,
      "minContains",
      "json/min-contains-added",
      "json/min-contains-increased",
      "arrays with a matching item count",
    );
    if (r.contains !== undefined) {
      if (w.contains === undefined) {
        this.report(
          sink,
          "json/contains-added",
          `the reader requires an item matching ${describe(r.contains)}, which the writer's schema does not`,
          {
            side: "reader",
            schema: r,
            steps: ["contains"],
          },
        );
      } else this.compare(r.contains, w.contains, sink);
    }
    if (r.uniqueItems && !w.uniqueItems) {
      this.report(
        sink,
        "json/unique-items-added",
        "the reader requires unique array items, but the writer's schema allows repeated ones",
        {
          side: "reader",
          schema: r,
          steps: ["uniqueItems"],
        },
      );
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

  // ---- allOf / anyOf / oneOf

  private compareCombined(r: CombinedSchema, w: CombinedSchema, sink: Sink): void {
    const rs = distinct(r);
    const ws = distinct(w);
    const at: At = { side: "reader", schema: r, steps: keywordSteps(r) };
    if (r.criterion !== w.criterion && r.criterion !== "anyOf" && !(rs.length === 1 && ws.length === 1)) {
      this.report(
        sink,
        "json/combined-type-changed",
        `the reader combines its schemas with ${r.criterion}, the writer's with ${w.criterion}`,
        at,
      );
      return;
    }
    if (ws.length < rs.length && r.criterion === "allOf") {
      this.report(
        sink,
        "json/product-type-extended",
        `the reader's allOf has ${rs.length} schemas, more than the writer's ${ws.length}: data must satisfy them all`,
        at,
      );
    }
    if (ws.length > rs.length && w.criterion !== "allOf") {
      this.report(
        sink,
        "json/sum-type-narrowed",
        `the reader's ${r.origin === "type-list" ? "type list" : r.criterion} has ${rs.length} alternatives, fewer than the writer's ${ws.length}: data matching a dropped one is rejected`,
        at,
      );
    }
    const matchOf = maximumMatching(ws.length, rs.length, (wi, rj) => this.compatible(rs[rj]!, ws[wi]!));
    const matched = matchOf.filter((m) => m >= 0).length;
    if (matched < Math.min(rs.length, ws.length)) {
      const matchedWriters = new Set(matchOf);
      const unmatchedW = ws.map((_, i) => i).filter((i) => !matchedWriters.has(i));
      const unmatchedR = rs.map((_, j) => j).filter((j) => matchOf[j]! < 0);
      this.report(
        sink,
        "json/combined-type-subschemas-changed",
        `the writer's ${unmatchedW.map((i) => `${w.criterion} schema ${ws[i]!.pointer}`).join(", ")} ${unmatchedW.length === 1 ? "has" : "have"} no compatible counterpart in the reader's ${r.criterion}`,
        at,
      );
      // Same position, both unmatched: most likely the same branch, changed. Say how.
      if (rs.length === ws.length) {
        for (const j of unmatchedR) if (unmatchedW.includes(j)) this.compare(rs[j]!, ws[j]!, sink);
      }
    }
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

/** Where a schema's defining keyword is, to point at it. */
function keywordSteps(schema: Schema): (string | number)[] {
  if (schema.kind === "combined") {
    return schema.origin === "keyword" ? [schema.criterion] : schema.origin === "type-list" ? ["type"] : [];
  }
  if (schema.kind === "enum" || schema.kind === "const" || schema.kind === "not") return [schema.kind];
  if (schema.kind === "external") return ["$ref"];
  return isTypeSchema(schema) ? typeSteps(schema) : [];
}

function typeSteps(schema: Schema): (string | number)[] {
  return schema.node.kind === "object" && schema.node.properties.some((p) => p.key === "type") ? ["type"] : [];
}

function hasDefault(schema: Schema): boolean {
  return schema.hasDefault || deref(schema).hasDefault;
}

function requiredIndex(schema: ObjectSchema, name: string): number | undefined {
  const node =
    schema.node.kind === "object" ? schema.node.properties.findLast((p) => p.key === "required")?.node : undefined;
  if (node?.kind !== "array") return undefined;
  const index = node.items.findIndex((item) => item.value === name);
  return index < 0 ? undefined : index;
}

type OpenState = "open" | "closed" | "schema";

function openState(schema: Schema | undefined): OpenState {
  if (schema === undefined) return "open";
  const s = deref(schema);
  return s.kind === "true" ? "open" : s.kind === "false" ? "closed" : "schema";
}

type Coverage = { model: "open" } | { model: "closed" } | { model: "schemas"; schemas: Schema[]; keyword: string };

/** What an object schema allows under a property name it does not declare: its content model for that name. */
function coverage(schema: ObjectSchema, name: string): Coverage {
  const patterns = schema.patternProperties.filter((p) => p.regex?.test(name) === true);
  let candidates: Schema[];
  let keyword: string;
  if (patterns.length > 0) {
    candidates = patterns.map((p) => p.schema);
    keyword = `patternProperties ${patterns.map((p) => show(p.pattern)).join(", ")}`;
  } else {
    const extra = schema.additionalProperties ?? schema.unevaluatedProperties;
    if (extra === undefined) return { model: "open" };
    candidates = [extra];
    keyword =
      schema.additionalProperties !== undefined ? "additionalProperties schema" : "unevaluatedProperties schema";
  }
  const states = candidates.map(openState);
  if (states.includes("closed")) return { model: "closed" };
  const schemas = candidates.filter((_, i) => states[i] === "schema");
  return schemas.length === 0 ? { model: "open" } : { model: "schemas", schemas, keyword };
}

/** An explicit allOf/anyOf/oneOf without repeated members (the members of `type: [...]` share one node). */
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

function canonical(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k] as JsonValue)}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

function jsonEqual(a: JsonValue, b: JsonValue): boolean {
  return canonical(a) === canonical(b);
}

function isMultiple(value: number, divisor: number): boolean {
  if (divisor === 0) return false;
  const q = value / divisor;
  return Math.abs(q - Math.round(q)) < 1e-9;
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
      return schema.tuple === undefined && schema.rest === undefined;
    }
    case "boolean":
    case "null":
      return true;
  }
}

function show(value: JsonValue): string {
  const text = JSON.stringify(value);
  return text.length > 60 ? text.slice(0, 57) + "..." : text;
}

/** A short phrase for a schema, for messages. */
function describe(schema: Schema): string {
  const s = deref(schema);
  switch (s.kind) {
    case "true":
      return "any value";
    case "false":
      return "no value";
    case "object":
    case "array":
    case "string":
    case "boolean":
    case "null":
      return s.kind === "array" || s.kind === "object" ? `an ${s.kind}` : `a ${s.kind}`;
    case "number":
      return s.integer ? "an integer" : "a number";
    case "enum":
      return `one of ${s.values.map(show).join(", ")}`;
    case "const":
      return `the value ${show(s.value)}`;
    case "not":
      return `anything but ${describe(s.schema)}`;
    case "external":
      return `a reference to ${show(s.ref)}`;
    case "ref":
      return "a reference";
    case "combined":
      if (s.origin === "type-list") return s.subschemas.map(describe).join(" or ");
      if (s.origin === "implicit") return s.subschemas.map(describe).join(" and ");
      return `${s.criterion} of ${s.subschemas.length} schemas`;
  }
}

function offsetOf(node: JsonNode, steps: readonly (string | number)[]): number {
  let current: JsonNode = node;
  let offset = node.start;
  for (const step of steps) {
    if (current.kind === "object" && typeof step === "string") {
      const property = current.properties.findLast((p) => p.key === step);
      if (property === undefined) break;
      offset = property.keyStart;
      current = property.node;
    } else if (current.kind === "array" && typeof step === "number") {
      const item = current.items[step];
      if (item === undefined) break;
      offset = item.start;
      current = item;
    } else break;
  }
  return offset;
}
