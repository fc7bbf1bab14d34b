import type { SchemaType } from "../model/desired.js";

/**
 * The form two schemas are compared in to decide whether a subject needs a new version. It is as coarse as the
 * registries' own dedupe (so kgov never plans a version the registry would answer with an existing id, which would
 * show the same change on every plan) and no coarser: a changed doc, default or alias is a new version there too.
 *
 * - Avro: the parsed JSON with names fully qualified (`namespace` folded into `name`), `{"type": "int"}` written
 *   `"int"`, object keys sorted and no whitespace.
 * - JSON Schema: the parsed JSON with object keys sorted and no whitespace.
 * - Protobuf: the tokens of the file without comments or layout.
 * Text that does not parse is compared as written (trimmed).
 */
export function canonicalSchema(type: SchemaType, text: string): string {
  const key = `${type}\0${text}`;
  let canonical = computed.get(key);
  if (canonical === undefined) {
    canonical = computeCanonical(type, text);
    // A plan compares each desired schema several times (every candidate version, the fingerprint); keep the last
    // few thousand, enough for a large estate without holding every text ever seen.
    if (computed.size >= 10_000) computed.clear();
    computed.set(key, canonical);
  }
  return canonical;
}

const computed = new Map<string, string>();

function computeCanonical(type: SchemaType, text: string): string {
  try {
    if (type === "PROTOBUF") return protobufTokens(text).join(" ");
    const parsed: unknown = JSON.parse(text);
    return stableJson(type === "AVRO" ? avroNormal(parsed, "") : parsed);
  } catch {
    return text.trim();
  }
}

const AVRO_PRIMITIVES = new Set(["null", "boolean", "int", "long", "float", "double", "bytes", "string"]);
const NAMED = new Set(["record", "error", "enum", "fixed"]);

function qualify(name: string, namespace: string): string {
  if (name.includes(".") || AVRO_PRIMITIVES.has(name) || namespace === "") return name;
  return `${namespace}.${name}`;
}

const namespaceOf = (fullName: string) => fullName.slice(0, Math.max(0, fullName.lastIndexOf(".")));

function avroNormal(node: unknown, namespace: string): unknown {
  if (typeof node === "string") return qualify(node, namespace);
  if (Array.isArray(node)) return node.map((branch) => avroNormal(branch, namespace));
  if (node === null || typeof node !== "object") return node;
  const schema = node as Record<string, unknown>;
  const type = schema.type;
  if (typeof type === "string" && AVRO_PRIMITIVES.has(type) && Object.keys(schema).length === 1) return type;
  const out: Record<string, unknown> = { ...schema };
  let inner = namespace;
  if (typeof type === "string" && NAMED.has(type) && typeof schema.name === "string") {
    const ns = typeof schema.namespace === "string" ? schema.namespace : namespace;
    const fullName = qualify(schema.name, ns);
    inner = namespaceOf(fullName);
    out.name = fullName;
    delete out.namespace;
    if (Array.isArray(schema.aliases)) {
      out.aliases = schema.aliases.map((a) => (typeof a === "string" ? qualify(a, inner) : a));
    }
  }
  if (type === "record" || type === "error") {
    if (Array.isArray(schema.fields)) {
      out.fields = schema.fields.map((field: unknown) =>
        field !== null && typeof field === "object"
          ? { ...(field as object), type: avroNormal((field as { type?: unknown }).type, inner) }
          : field,
      );
    }
  } else if (type === "array") out.items = avroNormal(schema.items, inner);
  else if (type === "map") out.values = avroNormal(schema.values, inner);
  else if (typeof type !== "string" || !AVRO_PRIMITIVES.has(type)) {
    if (!NAMED.has(String(type))) out.type = avroNormal(type, inner);
  }
  return out;
}

/** JSON with object keys sorted at every level (array order kept: it is meaningful in every schema format). */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** Protobuf tokens: string literals, words and numbers, and single punctuation characters; comments dropped. */
function protobufTokens(text: string): string[] {
  const tokens: string[] = [];
  const pattern = /\/\/[^\n]*|\/\*[\s\S]*?\*\/|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|[A-Za-z0-9_.+-]+|\S/g;
  for (const match of text.matchAll(pattern)) {
    const token = match[0];
    if (token.startsWith("//") || token.startsWith("/*")) continue;
    tokens.push(token.startsWith("'") ? `"${token.slice(1, -1)}"` : token);
  }
  return tokens;
}
