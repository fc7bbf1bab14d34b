import type { JsonPath, JsonValue } from "./json-source.js";

/**
 * Walks an Avro JSON schema the way avsc reads it (document order, namespaces inherited from the enclosing named
 * type), listing every value in a type position, so an avsc error naming a type or field can be traced to a node.
 */
export interface AvroTypeSite {
  readonly path: JsonPath;
  readonly value: JsonValue;
  /** The namespace in force at this position, "" for none. */
  readonly namespace: string;
}

export interface AvroFieldSite {
  readonly path: JsonPath;
  readonly field: { readonly [key: string]: JsonValue };
  /** The path of the record declaring the field. */
  readonly recordPath: JsonPath;
}

export const AVRO_PRIMITIVES: ReadonlySet<string> = new Set([
  "null",
  "boolean",
  "int",
  "long",
  "float",
  "double",
  "bytes",
  "string",
]);

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function isValidAvroName(name: string): boolean {
  return NAME.test(name);
}

/** The full name avsc gives `name` inside `namespace` (a dotted name is already full; primitives have none). */
export function qualifyAvroName(name: string, namespace: string): string {
  if (AVRO_PRIMITIVES.has(name)) return name;
  if (name.includes(".")) return name.replace(/^\./, "");
  return namespace === "" ? name : `${namespace}.${name}`;
}

export function isJsonObject(value: JsonValue | undefined): value is { [key: string]: JsonValue } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The full name a definition site declares, if it declares one. */
export function declaredName(site: AvroTypeSite): string | undefined {
  if (!isJsonObject(site.value) || typeof site.value.name !== "string") return undefined;
  const namespace = typeof site.value.namespace === "string" ? site.value.namespace : site.namespace;
  return qualifyAvroName(site.value.name, namespace);
}

export function avroTypeSites(schema: JsonValue, path: JsonPath = [], namespace = ""): AvroTypeSite[] {
  const sites: AvroTypeSite[] = [];
  const visit = (value: JsonValue, at: JsonPath, ns: string): void => {
    sites.push({ path: at, value, namespace: ns });
    if (Array.isArray(value)) {
      value.forEach((branch, i) => visit(branch, [...at, i], ns));
      return;
    }
    if (!isJsonObject(value)) return;
    const fullName = declaredName({ path: at, value, namespace: ns });
    const inner = fullName === undefined ? ns : fullName.slice(0, Math.max(0, fullName.lastIndexOf(".")));
    if ((value.type === "record" || value.type === "error") && Array.isArray(value.fields)) {
      value.fields.forEach((field, i) => {
        if (isJsonObject(field) && field.type !== undefined) visit(field.type, [...at, "fields", i, "type"], inner);
      });
    } else if (value.type === "array" && value.items !== undefined) {
      visit(value.items, [...at, "items"], inner);
    } else if (value.type === "map" && value.values !== undefined) {
      visit(value.values, [...at, "values"], inner);
    }
  };
  visit(schema, path, namespace);
  return sites;
}

export function avroFieldSites(sites: readonly AvroTypeSite[]): AvroFieldSite[] {
  const fields: AvroFieldSite[] = [];
  for (const site of sites) {
    if (!isJsonObject(site.value) || !Array.isArray(site.value.fields)) continue;
    site.value.fields.forEach((field, i) => {
      if (isJsonObject(field)) fields.push({ path: [...site.path, "fields", i], field, recordPath: site.path });
    });
  }
  return fields;
}

export interface AvroNameUse {
  /** The full name, as avsc resolves it where it is used. */
  readonly name: string;
  /** Where it is first used. */
  readonly path: JsonPath;
}

/** The named types a schema uses without defining them anywhere in it, each once, in document order. */
export function undefinedAvroNames(sites: readonly AvroTypeSite[]): AvroNameUse[] {
  const defined = new Set(sites.flatMap((site) => declaredName(site) ?? []));
  const uses = new Map<string, AvroNameUse>();
  for (const site of sites) {
    if (typeof site.value !== "string" || AVRO_PRIMITIVES.has(site.value)) continue;
    const name = qualifyAvroName(site.value, site.namespace);
    if (!defined.has(name) && !uses.has(name)) uses.set(name, { name, path: site.path });
  }
  return [...uses.values()];
}
