import type { JsonNode, JsonValue } from "./json-source.js";
import { closestMatch } from "./suggest.js";

/**
 * Checks the meta-schemas leave out but a registry's JSON Schema parser does not: every regular expression compiles,
 * and every `$ref` into this same file points at something.
 */
export interface SchemaNodeProblem {
  readonly start: number;
  readonly end: number;
  readonly message: string;
  readonly fix?: string;
}

// Values under these keywords are instance data, not schemas.
export const DATA_KEYWORDS = new Set(["enum", "const", "default", "examples"]);
// Values under these keywords are maps from a name to a schema.
export const SCHEMA_MAPS = new Set([
  "properties",
  "patternProperties",
  "definitions",
  "$defs",
  "dependentSchemas",
  "dependencies",
]);

interface Ref {
  readonly target: string;
  readonly node: JsonNode;
}

export function checkJsonSchemaDetails(root: JsonNode): SchemaNodeProblem[] {
  const problems: SchemaNodeProblem[] = [];
  const refs: Ref[] = [];
  let nestedBase = false;

  const checkRegex = (pattern: string, start: number, end: number): void => {
    try {
      new RegExp(pattern, "u");
    } catch (error) {
      const reason = (error as Error).message.replace(/^Invalid regular expression: \/.*\/\w*: /s, "");
      problems.push({ start, end, message: `invalid regular expression ${JSON.stringify(pattern)}: ${reason}` });
    }
  };

  const visitSchema = (node: JsonNode, isRoot: boolean): void => {
    if (node.kind === "array") node.items.forEach((item) => visitSchema(item, false));
    if (node.kind !== "object") return;
    for (const { key, node: value } of node.properties) {
      if (DATA_KEYWORDS.has(key)) continue;
      if (key === "pattern" && typeof value.value === "string") checkRegex(value.value, value.start, value.end);
      else if (key === "$ref" && typeof value.value === "string") refs.push({ target: value.value, node: value });
      else if (key === "$id" && !isRoot && typeof value.value === "string" && !value.value.startsWith("#"))
        nestedBase = true;
      else if (SCHEMA_MAPS.has(key) && value.kind === "object") {
        for (const entry of value.properties) {
          if (key === "patternProperties") checkRegex(entry.key, entry.keyStart, entry.keyEnd);
          visitSchema(entry.node, false);
        }
      } else visitSchema(value, false);
    }
  };
  visitSchema(root, true);

  // A nested $id changes the base that fragment-only refs below it resolve against; leave those to the registry.
  if (!nestedBase) problems.push(...unresolvedRefs(root.value, refs));
  return problems;
}

function unresolvedRefs(schema: JsonValue, refs: readonly Ref[]): SchemaNodeProblem[] {
  const anchors = collectAnchors(schema);
  const definitions = definitionPointers(schema);
  return refs
    .filter((ref) => ref.target.startsWith("#") && !resolves(schema, ref.target, anchors))
    .map((ref) => {
      const suggestion = closestMatch(ref.target, definitions);
      return {
        start: ref.node.start,
        end: ref.node.end,
        message: `$ref "${ref.target}" points at nothing in this file`,
        ...(suggestion === undefined ? {} : { fix: `Did you mean "${suggestion}"?` }),
      };
    });
}

function resolves(schema: JsonValue, target: string, anchors: ReadonlySet<string>): boolean {
  if (target === "#") return true;
  if (!target.startsWith("#/")) return anchors.has(target.slice(1));
  let node: JsonValue | undefined = schema;
  for (const raw of target.slice(2).split("/")) {
    let step: string;
    try {
      step = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    } catch {
      return false;
    }
    if (Array.isArray(node) && /^(0|[1-9][0-9]*)$/.test(step)) node = node[Number(step)];
    else if (typeof node === "object" && node !== null && !Array.isArray(node) && Object.hasOwn(node, step))
      node = node[step];
    else return false;
  }
  return node !== undefined;
}

/** `$anchor` / `$dynamicAnchor` names (2019-09+) and draft-07 `$id: "#name"` anchors. */
function collectAnchors(schema: JsonValue, anchors = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) schema.forEach((item) => collectAnchors(item, anchors));
  else if (typeof schema === "object" && schema !== null) {
    for (const [key, value] of Object.entries(schema)) {
      if ((key === "$anchor" || key === "$dynamicAnchor") && typeof value === "string") anchors.add(value);
      else if (key === "$id" && typeof value === "string" && value.startsWith("#")) anchors.add(value.slice(1));
      else if (!DATA_KEYWORDS.has(key)) collectAnchors(value, anchors);
    }
  }
  return anchors;
}

function definitionPointers(schema: JsonValue): string[] {
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) return [];
  return ["definitions", "$defs"].flatMap((key) => {
    const map = schema[key];
    return typeof map === "object" && map !== null && !Array.isArray(map)
      ? Object.keys(map).map((name) => `#/${key}/${name}`)
      : [];
  });
}
