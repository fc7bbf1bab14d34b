import { DATA_KEYWORDS, SCHEMA_MAPS } from "../schema-files/json-schema-checks.js";
import type { JsonPath, JsonValue } from "../schema-files/json-source.js";
import type { ReferenceNeed, SchemaFacts, SchemaText } from "./schema-facts.js";

/**
 * A JSON Schema: its record name is its `title`, and every `$ref` into another file (a URL part before `#`) is a
 * reference, named as the `$ref` writes that part.
 */
export function jsonSchemaFacts(text: SchemaText, schema: JsonValue): SchemaFacts {
  const needs = new Map<string, ReferenceNeed>();
  const visit = (node: JsonValue, path: JsonPath): void => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => visit(item, [...path, i]));
      return;
    }
    if (typeof node !== "object" || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      const at = [...path, key];
      if (key === "$ref" && typeof value === "string") {
        const url = value.split("#")[0] ?? "";
        if (url !== "" && !needs.has(url))
          needs.set(url, { kind: "json-ref", name: url, locate: () => text.locate(at) });
      } else if (SCHEMA_MAPS.has(key) && typeof value === "object" && value !== null && !Array.isArray(value)) {
        // Keys here are names, not keywords: a property called `enum` is still a schema.
        for (const [name, schemaValue] of Object.entries(value)) visit(schemaValue, [...at, name]);
      } else if (!DATA_KEYWORDS.has(key)) visit(value, at);
    }
  };
  visit(schema, []);
  const title =
    typeof schema === "object" && schema !== null && !Array.isArray(schema) && typeof schema.title === "string"
      ? schema.title
      : undefined;
  return {
    schemaType: "JSON",
    schema: text.source.text,
    ...(title !== undefined ? { recordName: title } : {}),
    needs: [...needs.values()],
  };
}
