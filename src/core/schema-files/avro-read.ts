import avro from "avsc";
import type { JsonValue } from "./json-source.js";

// avsc recurses once per level of nesting.
export const TOO_DEEP = "the schema is nested too deeply to check";

export type AvroRead =
  { readonly ok: true; readonly types: avro.Type[] } | { readonly ok: false; readonly error: string };

/**
 * Parses Avro JSON schemas in order with one registry, so later schemas can use names defined by earlier ones.
 * No `logicalTypes` option: logical types are kept as attributes and their underlying type is checked, as the
 * registry does. Anonymous records, enums and fixed types are an avsc extension the registry rejects.
 */
export function readAvroTypes(schemas: readonly JsonValue[], namespace = ""): AvroRead {
  const registry = {};
  try {
    const types = schemas.map((schema) =>
      avro.Type.forSchema(schema as Parameters<typeof avro.Type.forSchema>[0], {
        registry,
        namespace,
        noAnonymousTypes: true,
      }),
    );
    return { ok: true, types };
  } catch (error) {
    if (error instanceof RangeError) return { ok: false, error: TOO_DEEP };
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
