import { AVRO_PRIMITIVES, isJsonObject } from "../../schema-files/avro-walk.js";
import type { JsonPath, JsonValue } from "../../schema-files/json-source.js";

/**
 * kgov's own model of an Avro schema for the compatibility check: only what Avro's reader/writer resolution looks
 * at (kinds, names, aliases, fields and whether they have a default, symbols, sizes), each with the place in the
 * schema it came from (turned into a line and column only for a finding). Built straight from the schema JSON, so
 * default values are never validated: the check only asks whether a default is present, and an old version with an
 * invalid default must still be checkable.
 */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** Where a node is in the schema JSON; located in the text only when a finding points at it. */
export interface Place {
  readonly path: JsonPath;
  readonly enclosing?: Enclosing;
}

export type AvroPrimitive = "null" | "boolean" | "int" | "long" | "float" | "double" | "bytes" | "string";

/** A place where a type is used (a field's type, a union branch, array items …) and the type found there. */
export interface TypeUse {
  readonly type: AvroType;
  readonly at?: Place;
}

interface NamedBase {
  /** Full name, namespace included. */
  readonly fullName: string;
  /** Unqualified name: what Avro compares. */
  readonly name: string;
  /** Full names (qualified with the type's namespace when written without one). */
  readonly aliases: readonly string[];
  readonly nameAt?: Place;
}

export interface AvroField {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly hasDefault: boolean;
  readonly type: TypeUse;
  /** The field's name. */
  readonly at?: Place;
  readonly aliasesAt?: Place;
}

export interface AvroSymbol {
  readonly name: string;
  readonly at?: Place;
}

export type AvroRecord = NamedBase & { readonly kind: "record"; readonly fields: AvroField[] };
export type AvroEnum = NamedBase & {
  readonly kind: "enum";
  readonly symbols: readonly AvroSymbol[];
  /** The reader's fallback symbol, when `default` names one of the symbols. */
  readonly defaultSymbol?: string;
};
export type AvroFixed = NamedBase & { readonly kind: "fixed"; readonly size: number; readonly sizeAt?: Place };

export type AvroType =
  | { readonly kind: "primitive"; readonly primitive: AvroPrimitive }
  | AvroRecord
  | AvroEnum
  | AvroFixed
  | { readonly kind: "array"; readonly items: TypeUse }
  | { readonly kind: "map"; readonly values: TypeUse }
  | { readonly kind: "union"; readonly branches: readonly TypeUse[] };

export type NamedType = AvroRecord | AvroEnum | AvroFixed;

/** The named type whose definition encloses a node, for locating it in IDL, where positions are per declaration. */
export interface Enclosing {
  readonly fullName: string;
  readonly path: JsonPath;
}

/** Finds the text of the node at a place in the schema JSON. */
export type Locate = (place: Place) => Span | undefined;

export class AvroModelError extends Error {
  constructor(
    message: string,
    readonly path: JsonPath,
  ) {
    super(message);
  }
}

/** Reads an Avro JSON schema into the model; structural problems (unknown type names, missing fields) throw. */
export function buildAvroModel(schema: JsonValue): TypeUse {
  const named = new Map<string, NamedType>();
  const fail = (message: string, path: JsonPath): never => {
    throw new AvroModelError(message, path);
  };

  const use = (value: JsonValue, path: JsonPath, namespace: string, enclosing: Enclosing | undefined): TypeUse => {
    return { type: typeOf(value, path, namespace, enclosing), at: placeOf(path, enclosing) };
  };

  const reference = (name: string, path: JsonPath, namespace: string): AvroType => {
    if (AVRO_PRIMITIVES.has(name)) return { kind: "primitive", primitive: name as AvroPrimitive };
    const fullName = name.startsWith(".") ? name.slice(1) : qualify(name, namespace);
    // Like Avro's parser, an unqualified name not found in the enclosing namespace is looked up without one.
    const found = named.get(fullName) ?? named.get(name);
    return (
      found ?? fail(`unknown type "${name}": it is neither a primitive nor a type defined before this point`, path)
    );
  };

  const typeOf = (value: JsonValue, path: JsonPath, namespace: string, enclosing: Enclosing | undefined): AvroType => {
    if (typeof value === "string") return reference(value, path, namespace);
    if (Array.isArray(value))
      return { kind: "union", branches: value.map((branch, i) => use(branch, [...path, i], namespace, enclosing)) };
    if (!isJsonObject(value)) return fail("expected a type: a type name, a union (JSON array) or an object", path);
    const type = value.type;
    if (Array.isArray(type) || isJsonObject(type)) return typeOf(type, [...path, "type"], namespace, enclosing);
    if (typeof type !== "string") return fail('a type object needs a "type"', path);
    switch (type) {
      case "record":
      case "error":
      case "enum":
      case "fixed":
        return define(value, path, namespace, type);
      case "array":
        if (value.items === undefined) return fail('an array needs "items"', path);
        return { kind: "array", items: use(value.items, [...path, "items"], namespace, enclosing) };
      case "map":
        if (value.values === undefined) return fail('a map needs "values"', path);
        return { kind: "map", values: use(value.values, [...path, "values"], namespace, enclosing) };
      default:
        // A primitive, possibly with a logicalType (invisible to the check), or a reference to a named type.
        return reference(type, [...path, "type"], namespace);
    }
  };

  const define = (
    value: { readonly [key: string]: JsonValue },
    path: JsonPath,
    outer: string,
    type: "record" | "error" | "enum" | "fixed",
  ): NamedType => {
    if (typeof value.name !== "string" || value.name === "") return fail(`a ${type} needs a "name"`, path);
    const namespace = typeof value.namespace === "string" ? value.namespace : outer;
    const fullName = qualify(value.name, namespace);
    if (named.has(fullName)) return fail(`the type "${fullName}" is defined more than once`, [...path, "name"]);
    const space = namespaceOf(fullName);
    const enclosing = { fullName, path };
    const base = {
      fullName,
      name: shortName(fullName),
      aliases: strings(value.aliases).map((alias) => qualify(alias, space)),
      nameAt: placeOf([...path, "name"], enclosing),
    };
    if (type === "enum") {
      if (!Array.isArray(value.symbols)) return fail('an enum needs "symbols"', path);
      const symbols = value.symbols.map((symbol, i) => {
        if (typeof symbol !== "string") return fail("enum symbols must be strings", [...path, "symbols", i]);
        return { name: symbol, at: placeOf([...path, "symbols", i], enclosing) };
      });
      const fallback =
        typeof value.default === "string" && value.symbols.includes(value.default) ? value.default : undefined;
      const node: AvroEnum = {
        kind: "enum",
        ...base,
        symbols,
        ...(fallback === undefined ? {} : { defaultSymbol: fallback }),
      };
      named.set(fullName, node);
      return node;
    }
    if (type === "fixed") {
      if (typeof value.size !== "number") return fail('a fixed type needs a numeric "size"', path);
      const node: AvroFixed = {
        kind: "fixed",
        ...base,
        size: value.size,
        sizeAt: placeOf([...path, "size"], enclosing),
      };
      named.set(fullName, node);
      return node;
    }
    if (!Array.isArray(value.fields)) return fail('a record needs "fields"', path);
    // Registered before its fields are read, so fields can refer to the record itself (recursive types).
    const record: AvroRecord = { kind: "record", ...base, fields: [] };
    named.set(fullName, record);
    value.fields.forEach((field, i) => {
      const at: JsonPath = [...path, "fields", i];
      if (!isJsonObject(field)) return fail("a record field must be an object", at);
      if (typeof field.name !== "string") return fail('a record field needs a "name"', at);
      if (field.type === undefined) return fail(`field "${field.name}" needs a "type"`, at);
      record.fields.push({
        name: field.name,
        aliases: strings(field.aliases),
        hasDefault: Object.hasOwn(field, "default"),
        type: use(field.type, [...at, "type"], space, enclosing),
        at: placeOf([...at, "name"], enclosing),
        ...(field.aliases === undefined ? {} : { aliasesAt: placeOf([...at, "aliases"], enclosing) }),
      });
    });
    return record;
  };

  return use(schema, [], "", undefined);
}

function placeOf(path: JsonPath, enclosing: Enclosing | undefined): Place {
  return enclosing === undefined ? { path } : { path, enclosing };
}

function strings(value: JsonValue | undefined): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

function qualify(name: string, namespace: string): string {
  if (name.includes(".")) return name;
  return namespace === "" ? name : `${namespace}.${name}`;
}

export function namespaceOf(fullName: string): string {
  const dot = fullName.lastIndexOf(".");
  return dot < 0 ? "" : fullName.slice(0, dot);
}

export function shortName(fullName: string): string {
  return fullName.slice(fullName.lastIndexOf(".") + 1);
}
