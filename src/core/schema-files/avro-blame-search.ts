import {
  declaredName,
  isJsonObject,
  isValidAvroName,
  qualifyAvroName,
  type AvroFieldSite,
  type AvroTypeSite,
} from "./avro-walk.js";
import type { JsonPath, JsonValue } from "./json-source.js";

/** Searches of the schema for the node an avsc message is about, when the message alone does not say. */

export function isEnum(value: JsonValue): value is { [key: string]: JsonValue } {
  return isJsonObject(value) && value.type === "enum";
}

/** avsc's invalid-name message gives the qualified name; the culprit is a name, namespace, alias or reference in it. */
export function findInvalidName(sites: readonly AvroTypeSite[], qualified: string): JsonPath | undefined {
  const inName = (text: JsonValue | undefined): boolean =>
    typeof text === "string" &&
    qualified.includes(text) &&
    text.split(".").some((part) => part !== "" && !isValidAvroName(part));
  for (const site of sites) {
    if (typeof site.value === "string" && inName(site.value)) return site.path;
    if (!isJsonObject(site.value)) continue;
    for (const key of ["name", "namespace"]) if (inName(site.value[key])) return [...site.path, key];
    const aliases = site.value.aliases;
    if (Array.isArray(aliases)) {
      const index = aliases.findIndex(inName);
      if (index >= 0) return [...site.path, "aliases", index];
    }
  }
  return undefined;
}

export function findSymbol(
  sites: readonly AvroTypeSite[],
  symbolJson: string,
  duplicate: boolean,
): JsonPath | undefined {
  for (const site of sites) {
    if (!isEnum(site.value) || !Array.isArray(site.value.symbols)) continue;
    const matches = site.value.symbols.flatMap((s, i) => (JSON.stringify(s) === symbolJson ? [i] : []));
    const index = duplicate ? matches[1] : matches[0];
    if (index !== undefined) return [...site.path, "symbols", index];
  }
  return undefined;
}

function branchName(site: AvroTypeSite): string | undefined {
  const value = site.value;
  if (typeof value === "string") return qualifyAvroName(value, site.namespace);
  if (!isJsonObject(value)) return undefined;
  return declaredName(site) ?? String(value.type);
}

export function findDuplicateBranch(sites: readonly AvroTypeSite[], name: string): JsonPath | undefined {
  for (const union of sites) {
    if (!Array.isArray(union.value)) continue;
    const names = union.value.map((value, i) =>
      branchName({ path: [...union.path, i], value, namespace: union.namespace }),
    );
    const second = names.findIndex((n, i) => n === name && names.indexOf(n) < i);
    if (second >= 0) return [...union.path, second];
  }
  return undefined;
}

/**
 * avsc's message gives the rejected default but not the field. Several fields can share that default, so the
 * culprit is the first one whose removal changes avsc's verdict (avsc reads fields in document order).
 */
export function fieldWithInvalidDefault(
  fields: readonly AvroFieldSite[],
  document: JsonValue,
  error: string,
  reparse: (document: JsonValue) => string | undefined,
): AvroFieldSite | undefined {
  const candidates = fields.filter(
    (f) =>
      f.field.default !== undefined &&
      error.startsWith(`incompatible field default ${JSON.stringify(f.field.default)} (`),
  );
  if (candidates.length <= 1) return candidates[0];
  return candidates.find((c) => reparse(withoutDefault(document, c.path)) !== error) ?? candidates[0];
}

function withoutDefault(document: JsonValue, fieldPath: JsonPath): JsonValue {
  const copy = structuredClone(document);
  let node: JsonValue = copy;
  for (const step of fieldPath) node = (node as Record<string | number, JsonValue>)[step] as JsonValue;
  if (isJsonObject(node)) delete node.default;
  return copy;
}
