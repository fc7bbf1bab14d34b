import { lowerLimit, upperLimit, type At, type Engine, type Sink } from "./engine.js";
import { deref, type ObjectSchema, type Schema } from "./model.js";
import type { JsonRuleId } from "./rules.js";
import { describe, show } from "./text.js";

/**
 * Confluent's object rules: properties compared by name, a property added or removed judged by the content model
 * that covered its name on the other side (open, closed, or partially open with a pattern / additional schema),
 * `required` changes judged only for properties both sides declare, then dependencies, additional / unevaluated
 * properties and the property-count limits.
 */
export function compareObjects(engine: Engine, r: ObjectSchema, w: ObjectSchema, sink: Sink): void {
  for (const [name, rp] of r.properties) {
    const wp = w.properties.get(name);
    if (wp !== undefined) engine.compare(rp, wp, sink);
    else propertyAdded(engine, r, w, name, rp, sink);
  }
  for (const [name, wp] of w.properties) if (!r.properties.has(name)) propertyRemoved(engine, r, w, name, wp, sink);

  compareRequired(engine, r, w, sink);

  upperLimit(engine, sink, r, {
    keyword: "maxProperties",
    reader: r.maxProperties,
    writer: w.maxProperties,
    added: "json/max-properties-added",
    tightened: "json/max-properties-decreased",
    what: "objects with a property count",
  });
  lowerLimit(engine, sink, r, {
    keyword: "minProperties",
    reader: r.minProperties,
    writer: w.minProperties,
    added: "json/min-properties-added",
    tightened: "json/min-properties-increased",
    what: "objects with a property count",
  });

  openness(engine, sink, r, r.additionalProperties, w.additionalProperties, "additionalProperties", {
    removed: "json/additional-properties-removed",
    narrowed: "json/additional-properties-narrowed",
  });
  openness(engine, sink, r, r.unevaluatedProperties, w.unevaluatedProperties, "unevaluatedProperties", {
    removed: "json/unevaluated-properties-removed",
    narrowed: "json/unevaluated-properties-narrowed",
  });

  for (const rp of r.patternProperties) {
    const wp = w.patternProperties.find((p) => p.pattern === rp.pattern);
    if (wp !== undefined) engine.compare(rp.schema, wp.schema, sink);
  }

  compareDependencies(engine, r, w, sink);
}

/**
 * A property both sides declare that only the reader requires: fine with a default in the reader's schema,
 * otherwise the writer's data may lack it. Names in `required` that either side does not declare under
 * `properties` are not judged here, as in Confluent: an added property's `required` is part of judging the
 * addition, and a required name without a property schema is no change of the property's contract.
 */
function compareRequired(engine: Engine, r: ObjectSchema, w: ObjectSchema, sink: Sink): void {
  r.required.forEach((name, index) => {
    if (w.required.includes(name)) return;
    const rp = r.properties.get(name);
    if (rp === undefined || !w.properties.has(name)) return;
    if (hasDefault(rp)) return; // required-property-with-default-added
    const at: At = { side: "reader", schema: r, steps: ["required", requiredIndex(r, name) ?? index] };
    engine.report(
      sink,
      "json/required-property-added",
      `the reader requires property "${name}" without a default, but the writer's data may lack it`,
      at,
    );
  });
}

function propertyAdded(engine: Engine, r: ObjectSchema, w: ObjectSchema, name: string, rp: Schema, sink: Sink): void {
  const at: At = { side: "reader", schema: r, steps: ["properties", name] };
  const required = r.required.includes(name);
  const withDefault = hasDefault(rp);
  const cover = coverage(w, name);
  if (cover.model === "open") {
    const empty = deref(rp).kind === "true";
    if (!required) {
      if (!empty) {
        engine.report(
          sink,
          "json/optional-property-added-to-open-model",
          `the reader adds property "${name}" (${describe(rp)}), but the writer's schema allows additional properties, so its data may hold any value under "${name}"`,
          at,
        );
      }
    } else if (withDefault) {
      if (!empty) {
        engine.report(
          sink,
          "json/required-property-with-default-added-to-open-model",
          `the reader adds required property "${name}" (${describe(rp)}), but the writer's schema allows additional properties, so its data may hold any value under "${name}"`,
          at,
        );
      }
    } else {
      engine.report(
        sink,
        "json/required-property-added-to-open-model",
        `the reader adds required property "${name}" without a default, which the writer's data may lack or hold with any value`,
        at,
      );
    }
    return;
  }
  if (cover.model === "schemas" && !cover.schemas.every((s) => engine.compatible(rp, s))) {
    engine.report(
      sink,
      "json/property-added-not-covered-by-partially-open-model",
      `the reader adds property "${name}" (${describe(rp)}), which rejects values the writer's ${cover.keyword} allowed under that name`,
      at,
    );
  }
  if (required && !withDefault) {
    engine.report(
      sink,
      "json/required-property-added-to-unopen-model",
      `the reader adds required property "${name}" without a default, which the writer's data does not contain`,
      at,
    );
  }
}

function propertyRemoved(engine: Engine, r: ObjectSchema, w: ObjectSchema, name: string, wp: Schema, sink: Sink): void {
  const at: At = { side: "writer", schema: w, steps: ["properties", name] };
  const cover = coverage(r, name);
  if (cover.model === "open") return;
  if (cover.model === "closed") {
    if (deref(wp).kind === "false") return; // property-with-false-removed-from-closed-model
    engine.report(
      sink,
      "json/property-removed-from-closed-model",
      `the writer's property "${name}" is gone from the reader, which does not allow it as an additional property, so data carrying "${name}" is rejected`,
      at,
    );
    return;
  }
  if (!cover.schemas.every((s) => engine.compatible(s, wp))) {
    engine.report(
      sink,
      "json/property-removed-not-covered-by-partially-open-model",
      `the writer's property "${name}" is gone from the reader, and the reader's ${cover.keyword} rejects values the writer allowed under "${name}"`,
      at,
    );
  }
}

/** additionalProperties / unevaluatedProperties transitions between open, closed and a schema. */
function openness(
  engine: Engine,
  sink: Sink,
  r: ObjectSchema,
  rv: Schema | undefined,
  wv: Schema | undefined,
  keyword: string,
  rules: { removed: JsonRuleId; narrowed: JsonRuleId },
): void {
  const rs = openState(rv);
  const ws = openState(wv);
  const at: At = rv !== undefined ? { side: "reader", schema: r, steps: [keyword] } : { side: "reader", schema: r };
  if (rs === "closed" && ws !== "closed") {
    engine.report(
      sink,
      rules.removed,
      `the reader sets ${keyword} to false, but the writer's schema allows ${ws === "open" ? "any" : "some"} additional values`,
      at,
    );
  } else if (rs === "schema" && ws === "open") {
    engine.report(
      sink,
      rules.narrowed,
      `the reader constrains ${keyword} with ${describe(rv!)}, but the writer's schema allows any additional value`,
      at,
    );
  } else if (rs === "schema" && ws === "schema") {
    engine.compare(rv!, wv!, sink);
  }
}

function compareDependencies(engine: Engine, r: ObjectSchema, w: ObjectSchema, sink: Sink): void {
  for (const [key, rdep] of r.dependentRequired) {
    const at: At = { side: "reader", schema: r, steps: [rdep.keyword, key] };
    const wdep = w.dependentRequired.get(key);
    if (wdep === undefined) {
      engine.report(
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
    engine.report(
      sink,
      rule,
      `the reader also requires ${more.map(show).join(", ")} whenever "${key}" is present, which the writer's data may lack`,
      at,
    );
  }
  for (const [key, rs] of r.dependentSchemas) {
    const ws = w.dependentSchemas.get(key);
    if (ws !== undefined) engine.compare(rs, ws, sink);
    else {
      engine.report(
        sink,
        "json/dependency-schema-added",
        `the reader applies a schema whenever "${key}" is present, which the writer's schema does not`,
        { side: "reader", schema: rs },
      );
    }
  }
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

/**
 * What an object schema allows under a property name it does not declare: its content model for that name. As in
 * Confluent, a schema is open only without patternProperties and without an additional / unevaluated properties
 * schema or `false`; a name no pattern matches, in a schema with patterns and no additional schema, is closed.
 */
function coverage(schema: ObjectSchema, name: string): Coverage {
  const patterns = schema.patternProperties.filter((p) => p.regex?.test(name) === true);
  let candidates: Schema[];
  let keyword: string;
  if (patterns.length > 0) {
    candidates = patterns.map((p) => p.schema);
    keyword = `patternProperties ${patterns.map((p) => show(p.pattern)).join(", ")}`;
  } else {
    const extra = schema.additionalProperties ?? schema.unevaluatedProperties;
    const open: Coverage = { model: schema.patternProperties.length > 0 ? "closed" : "open" };
    if (extra === undefined) return open;
    candidates = [extra];
    keyword =
      schema.additionalProperties !== undefined ? "additionalProperties schema" : "unevaluatedProperties schema";
    if (openState(extra) === "open") return open;
  }
  const states = candidates.map(openState);
  if (states.includes("closed")) return { model: "closed" };
  const schemas = candidates.filter((_, i) => states[i] === "schema");
  return schemas.length === 0 ? { model: "open" } : { model: "schemas", schemas, keyword };
}
