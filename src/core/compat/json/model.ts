import { nodeAt, parseJsonWithPositions, type JsonNode, type JsonValue } from "../../schema-files/json-source.js";
import { LineIndex } from "../../schema-files/text-position.js";

/**
 * kgov's model of a JSON Schema for the compatibility check. It follows the shape Confluent's check works on (one
 * node per type, with `enum`, `const`, `not` and `allOf`/`anyOf`/`oneOf` as their own nodes, and a schema that
 * combines several of these being an implicit allOf of them), and keeps, for every node, the JSON pointer and the
 * parsed text it came from so that findings can point at a line and column.
 */
export interface JsonSchemaDocument {
  readonly text: string;
  readonly root: JsonNode;
  readonly lines: LineIndex;
}

interface Base {
  readonly doc: JsonSchemaDocument;
  /** JSON pointer of the schema in its file, `#` for the root. */
  readonly pointer: string;
  readonly node: JsonNode;
  /** The schema carries a `default` (a property made required with a default is compatible). */
  readonly hasDefault: boolean;
  /** Kafka Connect's `connect.type` annotation: two `bytes` schemas are equal whatever else they say. */
  readonly connectType?: string;
}

export type TypeKind = "object" | "array" | "string" | "number" | "boolean" | "null";

export interface TrueSchema extends Base {
  readonly kind: "true";
}
export interface FalseSchema extends Base {
  readonly kind: "false";
}
export interface ObjectSchema extends Base {
  readonly kind: "object";
  /** `type` says object; without it the keywords only constrain values that happen to be objects. */
  readonly requiresType: boolean;
  readonly properties: ReadonlyMap<string, Schema>;
  readonly required: readonly string[];
  readonly additionalProperties?: Schema;
  readonly unevaluatedProperties?: Schema;
  readonly patternProperties: readonly { readonly pattern: string; readonly regex?: RegExp; readonly schema: Schema }[];
  readonly minProperties?: number;
  readonly maxProperties?: number;
  /** `dependencies` with an array value and `dependentRequired`. */
  readonly dependentRequired: ReadonlyMap<string, { readonly names: readonly string[]; readonly keyword: string }>;
  /** `dependencies` with a schema value and `dependentSchemas`. */
  readonly dependentSchemas: ReadonlyMap<string, Schema>;
}
export interface ArraySchema extends Base {
  readonly kind: "array";
  readonly requiresType: boolean;
  /** The list form of `items`: one schema for every item (undefined when absent or when `items` is a tuple). */
  readonly items?: Schema;
  /** Positional item schemas (`items` as an array, or `prefixItems`); undefined without a tuple. */
  readonly tuple?: readonly Schema[];
  /** The keyword `tuple` came from. */
  readonly tupleKeyword: "items" | "prefixItems";
  /**
   * What the array allows beyond the tuple: `additionalItems`, or `items` next to `prefixItems`. Read as Confluent
   * reads it: absent or `true` is open, `false` closed, any other schema (`{}` included) constrains the extra items.
   * It is kept, and compared, even when there is no tuple.
   */
  readonly additionalItems?: Schema;
  /** The keyword `additionalItems` came from. */
  readonly additionalItemsKeyword: "additionalItems" | "items";
  readonly contains?: Schema;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly minContains?: number;
  readonly maxContains?: number;
  readonly uniqueItems: boolean;
}
export interface StringSchema extends Base {
  readonly kind: "string";
  readonly requiresType: boolean;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
}
export interface NumberSchema extends Base {
  readonly kind: "number";
  readonly requiresType: boolean;
  readonly integer: boolean;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly multipleOf?: number;
}
export interface BooleanSchema extends Base {
  readonly kind: "boolean";
  readonly requiresType: boolean;
}
export interface NullSchema extends Base {
  readonly kind: "null";
  readonly requiresType: boolean;
}
export interface EnumSchema extends Base {
  readonly kind: "enum";
  readonly values: readonly JsonValue[];
}
export interface ConstSchema extends Base {
  readonly kind: "const";
  readonly value: JsonValue;
}
export interface NotSchema extends Base {
  readonly kind: "not";
  readonly schema: Schema;
}
export type Criterion = "allOf" | "anyOf" | "oneOf";
export interface CombinedSchema extends Base {
  readonly kind: "combined";
  readonly criterion: Criterion;
  readonly subschemas: readonly Schema[];
  /**
   * `implicit`: several keyword groups in one schema object (e.g. `type` and `enum`), which all apply;
   * `type-list`: `"type": ["string", "null"]`; `keyword`: an explicit allOf/anyOf/oneOf.
   */
  readonly origin: "implicit" | "type-list" | "keyword";
}
export interface RefSchema extends Base {
  readonly kind: "ref";
  readonly ref: string;
  /** Filled in once the whole document is built; undefined for an unresolvable local reference. */
  target?: Schema;
}
/** A `$ref` to another document: kgov checks offline and compares such references by their URI only. */
export interface ExternalRefSchema extends Base {
  readonly kind: "external";
  readonly ref: string;
}

export type TypeSchema = ObjectSchema | ArraySchema | StringSchema | NumberSchema | BooleanSchema | NullSchema;
export type Schema =
  | TrueSchema
  | FalseSchema
  | TypeSchema
  | EnumSchema
  | ConstSchema
  | NotSchema
  | CombinedSchema
  | RefSchema
  | ExternalRefSchema;

export interface ParsedJsonSchema {
  readonly doc: JsonSchemaDocument;
  readonly root: Schema;
}

export type BuildResult =
  | { readonly ok: true; readonly parsed: ParsedJsonSchema; readonly problems: readonly Problem[] }
  | { readonly ok: false; readonly problem: Problem };

export interface Problem {
  readonly message: string;
  readonly offset: number;
}

const TYPE_KINDS: ReadonlySet<string> = new Set(["object", "array", "string", "number", "integer", "boolean", "null"]);

const KEYWORDS_BY_TYPE: Readonly<Record<"object" | "array" | "string" | "number", readonly string[]>> = {
  object: [
    "properties",
    "required",
    "additionalProperties",
    "patternProperties",
    "minProperties",
    "maxProperties",
    "dependencies",
    "dependentRequired",
    "dependentSchemas",
    "unevaluatedProperties",
  ],
  array: [
    "items",
    "prefixItems",
    "additionalItems",
    "minItems",
    "maxItems",
    "uniqueItems",
    "contains",
    "minContains",
    "maxContains",
  ],
  string: ["minLength", "maxLength", "pattern"],
  number: ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"],
};

export function isTypeSchema(schema: Schema): schema is TypeSchema {
  return (
    schema.kind === "object" ||
    schema.kind === "array" ||
    schema.kind === "string" ||
    schema.kind === "number" ||
    schema.kind === "boolean" ||
    schema.kind === "null"
  );
}

/** Escapes one JSON pointer segment. */
export function escapePointer(segment: string | number): string {
  return String(segment).replaceAll("~", "~0").replaceAll("/", "~1");
}

/** Parses JSON text into the model; a text that is not JSON, or not a schema object or boolean, fails. */
export function parseJsonSchemaText(text: string): BuildResult {
  const result = parseJsonWithPositions(text);
  if (!result.ok)
    return { ok: false, problem: { message: `not valid JSON: ${result.error.message}`, offset: result.error.offset } };
  const root = result.root;
  if (root.kind !== "object" && typeof root.value !== "boolean") {
    return { ok: false, problem: { message: "a JSON Schema must be a JSON object or a boolean", offset: root.start } };
  }
  const doc: JsonSchemaDocument = { text, root, lines: new LineIndex(text) };
  const builder = new Builder(doc);
  const schema = builder.build(root, []);
  builder.resolveRefs();
  return { ok: true, parsed: { doc, root: schema }, problems: builder.problems };
}

/** Follows `$ref`s to the schema they name; a reference cycle without content, or a dangling one, means any value. */
export function deref(schema: Schema): Schema {
  let current = schema;
  const seen = new Set<Schema>();
  while (current.kind === "ref") {
    if (seen.has(current) || current.target === undefined) return { ...base(current), kind: "true" };
    seen.add(current);
    current = current.target;
  }
  return current;
}

function base(schema: Base): Base {
  return {
    doc: schema.doc,
    pointer: schema.pointer,
    node: schema.node,
    hasDefault: schema.hasDefault,
    ...(schema.connectType !== undefined ? { connectType: schema.connectType } : {}),
  };
}

function pointerOf(path: readonly (string | number)[]): string {
  return "#" + path.map((s) => "/" + escapePointer(s)).join("");
}

function child(node: JsonNode, key: string): JsonNode | undefined {
  return node.kind === "object" ? node.properties.findLast((p) => p.key === key)?.node : undefined;
}

function compileRegex(pattern: string): RegExp | undefined {
  try {
    return new RegExp(pattern, "u");
  } catch {
    try {
      return new RegExp(pattern);
    } catch {
      return undefined;
    }
  }
}

class Builder {
  readonly problems: Problem[] = [];
  private readonly cache = new Map<JsonNode, Schema>();
  private readonly refs: { schema: RefSchema; target?: JsonNode; path: readonly (string | number)[] }[] = [];
  private readonly rootId: string | undefined;

  constructor(private readonly doc: JsonSchemaDocument) {
    const id = child(doc.root, "$id") ?? child(doc.root, "id");
    this.rootId = typeof id?.value === "string" ? id.value.replace(/#.*$/, "") : undefined;
  }

  build(node: JsonNode, path: readonly (string | number)[]): Schema {
    const cached = this.cache.get(node);
    if (cached !== undefined) return cached;
    const schema = this.buildUncached(node, path);
    this.cache.set(node, schema);
    return schema;
  }

  /** Builds every schema a `$ref` names (which may add more references) and links the references to them. */
  resolveRefs(): void {
    for (let i = 0; i < this.refs.length; i++) {
      const entry = this.refs[i]!;
      if (entry.target !== undefined) entry.schema.target = this.build(entry.target, entry.path);
    }
  }

  private problem(message: string, node: JsonNode): void {
    this.problems.push({ message, offset: node.start });
  }

  private buildUncached(node: JsonNode, path: readonly (string | number)[]): Schema {
    const pointer = pointerOf(path);
    if (node.kind === "scalar" && typeof node.value === "boolean") {
      return { doc: this.doc, pointer, node, hasDefault: false, kind: node.value ? "true" : "false" };
    }
    if (node.kind !== "object") {
      this.problem(`the schema at ${pointer} must be a JSON object or a boolean`, node);
      return { doc: this.doc, pointer, node, hasDefault: false, kind: "true" };
    }
    const value = node.value as { [key: string]: JsonValue };
    const has = (key: string) => Object.prototype.hasOwnProperty.call(value, key);
    const connect = value["connect.type"];
    const common: Base = {
      doc: this.doc,
      pointer,
      node,
      hasDefault: has("default"),
      ...(typeof connect === "string" ? { connectType: connect } : {}),
    };
    const parts: Schema[] = [];

    if (has("$ref")) {
      const ref = value["$ref"];
      if (typeof ref !== "string") this.problem(`"$ref" at ${pointer} must be a string`, child(node, "$ref")!);
      else parts.push(this.reference(ref, common, child(node, "$ref")!));
    }

    const type = value["type"];
    const typeNode = child(node, "type");
    if (typeof type === "string" || Array.isArray(type)) {
      const names = (typeof type === "string" ? [type] : type).filter((t): t is string => {
        const known = typeof t === "string" && TYPE_KINDS.has(t);
        if (!known) this.problem(`unknown type ${JSON.stringify(t)} at ${pointer}`, typeNode!);
        return known;
      });
      const unique = [...new Set(names)];
      const typed = unique.map((name) => this.typeSchema(name, true, node, value, path, common));
      if (typed.length === 1) parts.push(typed[0]!);
      else if (typed.length > 1)
        parts.push({ ...common, kind: "combined", criterion: "anyOf", subschemas: typed, origin: "type-list" });
    } else {
      if (type !== undefined) this.problem(`"type" at ${pointer} must be a string or an array of strings`, typeNode!);
      for (const kind of ["object", "array", "string", "number"] as const) {
        if (KEYWORDS_BY_TYPE[kind].some(has)) parts.push(this.typeSchema(kind, false, node, value, path, common));
      }
    }

    if (has("enum")) {
      const values = value["enum"];
      if (Array.isArray(values)) parts.push({ ...common, kind: "enum", values });
      else this.problem(`"enum" at ${pointer} must be an array`, child(node, "enum")!);
    }
    if (has("const")) parts.push({ ...common, kind: "const", value: value["const"] as JsonValue });
    if (has("not")) parts.push({ ...common, kind: "not", schema: this.build(child(node, "not")!, [...path, "not"]) });
    for (const criterion of ["allOf", "anyOf", "oneOf"] as const) {
      const list = child(node, criterion);
      if (list === undefined) continue;
      if (list.kind !== "array" || list.items.length === 0) {
        this.problem(`"${criterion}" at ${pointer} must be a non-empty array of schemas`, list);
        continue;
      }
      const subschemas = list.items.map((item, i) => this.build(item, [...path, criterion, i]));
      parts.push({ ...common, kind: "combined", criterion, subschemas, origin: "keyword" });
    }

    if (parts.length === 0) return { ...common, kind: "true" };
    if (parts.length === 1) return parts[0]!;
    return { ...common, kind: "combined", criterion: "allOf", subschemas: parts, origin: "implicit" };
  }

  private reference(ref: string, common: Base, refNode: JsonNode): Schema {
    let fragment: string | undefined;
    if (ref.startsWith("#")) fragment = ref.slice(1);
    else if (this.rootId !== undefined && ref.startsWith(this.rootId) && /^#|^$/.test(ref.slice(this.rootId.length))) {
      fragment = ref.slice(this.rootId.length + 1);
    }
    if (fragment === undefined) return { ...common, kind: "external", ref };
    const schema: RefSchema = { ...common, kind: "ref", ref };
    const found = this.locate(fragment);
    if (found === undefined) this.problem(`cannot resolve "$ref": ${JSON.stringify(ref)}`, refNode);
    this.refs.push({ schema, ...(found ? { target: found.node } : {}), path: found?.path ?? [] });
    return schema;
  }

  /** A JSON pointer (`/definitions/a`) or a plain-name anchor (`$anchor`, or `$id: "#name"`). */
  private locate(fragment: string): { node: JsonNode; path: (string | number)[] } | undefined {
    let decoded: string;
    try {
      decoded = decodeURIComponent(fragment);
    } catch {
      return undefined;
    }
    if (decoded === "" || decoded.startsWith("/")) {
      const path: (string | number)[] = decoded
        .split("/")
        .slice(1)
        .map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"));
      // Array indexes are numbers in the walk.
      let node: JsonNode | undefined = this.doc.root;
      const steps: (string | number)[] = [];
      for (const step of path) {
        const next: string | number =
          node?.kind === "array" && /^(0|[1-9][0-9]*)$/.test(String(step)) ? Number(step) : step;
        steps.push(next);
        node = node === undefined ? undefined : nodeAt(node, [next]);
      }
      return node === undefined ? undefined : { node, path: steps };
    }
    return findAnchor(this.doc.root, decoded, []);
  }

  private typeSchema(
    name: string,
    requiresType: boolean,
    node: JsonNode,
    value: { [key: string]: JsonValue },
    path: readonly (string | number)[],
    common: Base,
  ): TypeSchema {
    const num = (key: string): number | undefined => {
      const v = value[key];
      if (v === undefined) return undefined;
      if (typeof v === "number") return v;
      this.problem(`"${key}" at ${common.pointer} must be a number`, child(node, key)!);
      return undefined;
    };
    const sub = (key: string): Schema | undefined => {
      const n = child(node, key);
      return n === undefined ? undefined : this.build(n, [...path, key]);
    };
    switch (name) {
      case "object":
        return this.objectSchema(requiresType, node, value, path, common, num, sub);
      case "array": {
        const items = child(node, "items");
        const prefix = child(node, "prefixItems");
        const tupleNode = prefix ?? (items?.kind === "array" ? items : undefined);
        const tupleKeyword = prefix !== undefined ? "prefixItems" : "items";
        const tuple =
          tupleNode?.kind === "array"
            ? tupleNode.items.map((item, i) => this.build(item, [...path, tupleKeyword, i]))
            : undefined;
        // 2020-12: `items` next to `prefixItems` is what earlier drafts call additionalItems.
        const additionalItemsKeyword = prefix !== undefined ? "items" : "additionalItems";
        const additionalItems = sub(additionalItemsKeyword);
        const allItems = tupleNode === undefined ? sub("items") : undefined;
        return {
          ...common,
          kind: "array",
          requiresType,
          ...opt("items", allItems),
          ...(tuple ? { tuple } : {}),
          tupleKeyword,
          ...opt("additionalItems", additionalItems),
          additionalItemsKeyword,
          ...opt("contains", sub("contains")),
          ...opt("minItems", num("minItems")),
          ...opt("maxItems", num("maxItems")),
          ...opt("minContains", num("minContains")),
          ...opt("maxContains", num("maxContains")),
          uniqueItems: value["uniqueItems"] === true,
        };
      }
      case "string": {
        const pattern = value["pattern"];
        return {
          ...common,
          kind: "string",
          requiresType,
          ...opt("minLength", num("minLength")),
          ...opt("maxLength", num("maxLength")),
          ...opt("pattern", typeof pattern === "string" ? pattern : undefined),
        };
      }
      case "number":
      case "integer": {
        // Draft 4 writes exclusive bounds as a boolean next to minimum/maximum.
        let minimum = num("minimum");
        let maximum = num("maximum");
        let exclusiveMinimum =
          value["exclusiveMinimum"] === true
            ? minimum
            : typeof value["exclusiveMinimum"] === "number"
              ? value["exclusiveMinimum"]
              : undefined;
        let exclusiveMaximum =
          value["exclusiveMaximum"] === true
            ? maximum
            : typeof value["exclusiveMaximum"] === "number"
              ? value["exclusiveMaximum"]
              : undefined;
        if (value["exclusiveMinimum"] === true) minimum = undefined;
        if (value["exclusiveMaximum"] === true) maximum = undefined;
        if (exclusiveMinimum === null) exclusiveMinimum = undefined;
        if (exclusiveMaximum === null) exclusiveMaximum = undefined;
        return {
          ...common,
          kind: "number",
          requiresType,
          integer: name === "integer",
          ...opt("minimum", minimum),
          ...opt("maximum", maximum),
          ...opt("exclusiveMinimum", exclusiveMinimum),
          ...opt("exclusiveMaximum", exclusiveMaximum),
          ...opt("multipleOf", num("multipleOf")),
        };
      }
      case "boolean":
        return { ...common, kind: "boolean", requiresType };
      default:
        return { ...common, kind: "null", requiresType };
    }
  }

  private objectSchema(
    requiresType: boolean,
    node: JsonNode,
    value: { [key: string]: JsonValue },
    path: readonly (string | number)[],
    common: Base,
    num: (key: string) => number | undefined,
    sub: (key: string) => Schema | undefined,
  ): ObjectSchema {
    const properties = new Map<string, Schema>();
    const propertiesNode = child(node, "properties");
    if (propertiesNode?.kind === "object") {
      for (const p of propertiesNode.properties)
        properties.set(p.key, this.build(p.node, [...path, "properties", p.key]));
    } else if (propertiesNode !== undefined)
      this.problem(`"properties" at ${common.pointer} must be an object`, propertiesNode);
    const required = value["required"];
    if (required !== undefined && !Array.isArray(required))
      this.problem(`"required" at ${common.pointer} must be an array`, child(node, "required")!);
    const patternProperties: { pattern: string; regex?: RegExp; schema: Schema }[] = [];
    const patternNode = child(node, "patternProperties");
    if (patternNode?.kind === "object") {
      for (const p of patternNode.properties) {
        const regex = compileRegex(p.key);
        patternProperties.push({
          pattern: p.key,
          ...(regex ? { regex } : {}),
          schema: this.build(p.node, [...path, "patternProperties", p.key]),
        });
      }
    }
    const dependentRequired = new Map<string, { names: string[]; keyword: string }>();
    const dependentSchemas = new Map<string, Schema>();
    for (const keyword of ["dependencies", "dependentRequired", "dependentSchemas"]) {
      const deps = child(node, keyword);
      if (deps?.kind !== "object") continue;
      for (const d of deps.properties) {
        if (Array.isArray(d.node.value)) {
          dependentRequired.set(d.key, {
            names: d.node.value.filter((n): n is string => typeof n === "string"),
            keyword,
          });
        } else dependentSchemas.set(d.key, this.build(d.node, [...path, keyword, d.key]));
      }
    }
    return {
      ...common,
      kind: "object",
      requiresType,
      properties,
      required: Array.isArray(required) ? [...new Set(required.filter((r): r is string => typeof r === "string"))] : [],
      ...opt("additionalProperties", sub("additionalProperties")),
      ...opt("unevaluatedProperties", sub("unevaluatedProperties")),
      patternProperties,
      ...opt("minProperties", num("minProperties")),
      ...opt("maxProperties", num("maxProperties")),
      dependentRequired,
      dependentSchemas,
    };
  }
}

function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function findAnchor(
  node: JsonNode,
  name: string,
  path: (string | number)[],
): { node: JsonNode; path: (string | number)[] } | undefined {
  if (node.kind === "object") {
    const anchor = child(node, "$anchor")?.value;
    const id = child(node, "$id")?.value;
    if (anchor === name || id === `#${name}`) return { node, path };
    for (const p of node.properties) {
      if (p.key === "enum" || p.key === "const" || p.key === "default" || p.key === "examples") continue;
      const found = findAnchor(p.node, name, [...path, p.key]);
      if (found) return found;
    }
  } else if (node.kind === "array") {
    for (let i = 0; i < node.items.length; i++) {
      const found = findAnchor(node.items[i]!, name, [...path, i]);
      if (found) return found;
    }
  }
  return undefined;
}
