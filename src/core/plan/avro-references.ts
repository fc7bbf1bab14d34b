import { canonicalSchema } from "./schema-canonical.js";

/** A referenced schema: its text and its own references by name (nested references are followed). */
export interface ReferencedText {
  readonly text: string;
  readonly references: ReadonlyMap<string, ReferencedText>;
}

const PRIMITIVES = new Set(["null", "boolean", "int", "long", "float", "double", "bytes", "string"]);

/**
 * An Avro schema with its references inlined: a named type the schema uses but does not define is replaced, at
 * its first use, by the referenced schema's definition — the one self-contained schema the registry itself builds
 * before checking. kgov's own engine reads that. Names are fully qualified first (canonicalSchema), so an inlined
 * type means the same wherever it lands. Returns undefined when the text does not parse.
 */
export function inlineAvroReferences(
  text: string,
  references: ReadonlyMap<string, ReferencedText>,
): string | undefined {
  let root: unknown;
  try {
    root = JSON.parse(canonicalSchema("AVRO", text));
  } catch {
    return undefined;
  }
  const defined = new Set<string>();
  const expand = (node: unknown, refs: ReadonlyMap<string, ReferencedText>): unknown => {
    if (typeof node === "string") {
      if (PRIMITIVES.has(node) || defined.has(node)) return node;
      const referenced = refs.get(node);
      if (!referenced) return node;
      let parsed: unknown;
      try {
        parsed = JSON.parse(canonicalSchema("AVRO", referenced.text));
      } catch {
        return node;
      }
      return expand(parsed, referenced.references);
    }
    if (Array.isArray(node)) return node.map((n) => expand(n, refs));
    if (node === null || typeof node !== "object") return node;
    const schema = { ...(node as Record<string, unknown>) };
    if (typeof schema.name === "string" && ["record", "error", "enum", "fixed"].includes(String(schema.type))) {
      defined.add(schema.name);
    }
    if (Array.isArray(schema.fields)) {
      schema.fields = schema.fields.map((f: unknown) =>
        f !== null && typeof f === "object"
          ? { ...(f as object), type: expand((f as { type?: unknown }).type, refs) }
          : f,
      );
    }
    if ("items" in schema) schema.items = expand(schema.items, refs);
    if ("values" in schema) schema.values = expand(schema.values, refs);
    if (typeof schema.type !== "string" || !PRIMITIVES.has(schema.type)) {
      if (!["record", "error", "enum", "fixed", "array", "map"].includes(String(schema.type))) {
        schema.type = expand(schema.type, refs);
      }
    }
    return schema;
  };
  return JSON.stringify(expand(root, references));
}
