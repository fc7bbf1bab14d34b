import type { JsonNode, JsonValue } from "../../schema-files/json-source.js";
import { deref, isTypeSchema, type Schema } from "./model.js";

/** A JSON value, shortened for a message. */
export function show(value: JsonValue): string {
  const text = JSON.stringify(value);
  return text.length > 60 ? text.slice(0, 57) + "..." : text;
}

/** A short phrase for a schema, for messages. */
export function describe(schema: Schema): string {
  return phrase(schema, new Set());
}

/** `within` holds the schemas being described around this one, so a schema that reaches itself (via `not`) ends. */
function phrase(schema: Schema, within: Set<Schema>): string {
  const s = deref(schema);
  if (within.has(s)) return "the schema itself";
  within.add(s);
  const text = phraseOf(s, (inner) => phrase(inner, within));
  within.delete(s);
  return text;
}

function phraseOf(s: Schema, describe: (inner: Schema) => string): string {
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
      return `${s.criterion} of ${s.subschemas.length} schema${s.subschemas.length === 1 ? "" : "s"}`;
  }
}

/** Where a schema's defining keyword is, to point at it. */
export function keywordSteps(schema: Schema): (string | number)[] {
  if (schema.kind === "combined") {
    return schema.origin === "keyword" ? [schema.criterion] : schema.origin === "type-list" ? ["type"] : [];
  }
  if (schema.kind === "enum" || schema.kind === "const" || schema.kind === "not") return [schema.kind];
  if (schema.kind === "external") return ["$ref"];
  return isTypeSchema(schema) ? typeSteps(schema) : [];
}

export function typeSteps(schema: Schema): (string | number)[] {
  return schema.node.kind === "object" && schema.node.properties.some((p) => p.key === "type") ? ["type"] : [];
}

/** The text offset of the key or item `steps` leads to below `node` (as far as it exists). */
export function offsetOf(node: JsonNode, steps: readonly (string | number)[]): number {
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

/** A JSON value as text with sorted keys, so that equal values compare equal. */
export function canonical(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k] as JsonValue)}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

export function jsonEqual(a: JsonValue, b: JsonValue): boolean {
  return canonical(a) === canonical(b);
}
