// The JSON shapes of the Confluent REST API, and their mapping to kgov's port types.
import type { CompatibilityLevel } from "../../core/model/desired.js";
import type { RegisteredSchema, SchemaSubmission } from "../../ports/registry.js";

export interface RawSchema {
  readonly subject?: string;
  readonly version: number;
  readonly id: number;
  readonly schema: string;
  readonly schemaType?: RegisteredSchema["schemaType"];
  readonly references?: readonly { readonly name: string; readonly subject: string; readonly version: number }[];
}

/** Confluent omits `schemaType` for Avro and `references` when there are none. */
export function registeredSchema(raw: RawSchema, subject: string): RegisteredSchema {
  return {
    subject: raw.subject ?? subject,
    version: raw.version,
    id: raw.id,
    schema: raw.schema,
    schemaType: raw.schemaType ?? "AVRO",
    references: (raw.references ?? []).map(({ name, subject, version }) => ({ name, subject, version })),
  };
}

/** The request body: `schemaType` only when not Avro, `references` only when there are some (as Confluent's clients). */
export function submission(schema: SchemaSubmission): Record<string, unknown> {
  return {
    schema: schema.schema,
    ...(schema.schemaType !== "AVRO" ? { schemaType: schema.schemaType } : {}),
    ...(schema.references.length > 0 ? { references: schema.references } : {}),
  };
}

export interface RawConfig {
  readonly compatibilityLevel?: CompatibilityLevel;
  readonly compatibility?: CompatibilityLevel;
}
