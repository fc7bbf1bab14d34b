import { avroTypeSites, declaredName, isJsonObject, undefinedAvroNames } from "../schema-files/avro-walk.js";
import type { JsonValue } from "../schema-files/json-source.js";
import type { SchemaFacts, SchemaText } from "./schema-facts.js";

const NAMED_TYPES = new Set(["record", "error", "enum", "fixed"]);

/**
 * An `.avsc` schema: its record name is the full name of its top-level named type, and every named type it uses
 * without defining it is a reference to the subject that does.
 */
export function avroFacts(text: SchemaText, schema: JsonValue): SchemaFacts {
  const sites = avroTypeSites(schema);
  const top = sites[0];
  const named = isJsonObject(top?.value) && NAMED_TYPES.has(String(top.value.type));
  const recordName = named && top !== undefined ? declaredName(top) : undefined;
  const localNames = sites.flatMap((site) => declaredName(site) ?? []);
  return {
    schemaType: "AVRO",
    schema: text.source.text,
    ...(recordName !== undefined ? { recordName } : {}),
    needs: undefinedAvroNames(sites).map((use) => ({
      kind: "avro-name",
      name: use.name,
      locate: () => text.locate(use.path),
      localNames,
    })),
    avroJson: schema,
  };
}
