// Shared by the real registry tests: small Avro schemas and the registry's URL.
import type { SchemaSubmission } from "../../../src/ports/registry.js";
import { useRegistry } from "../../helpers/servers.js";

export { failure } from "../../unit/adapters/registry/fake-server.js";

export const record = (name: string, fields: object[]): string =>
  JSON.stringify({ type: "record", name, namespace: "kgov.test", fields });

export const avro = (schema: string, references: SchemaSubmission["references"] = []): SchemaSubmission => ({
  schema,
  schemaType: "AVRO",
  references,
});

export const a = { name: "a", type: "string" };
export const bWithDefault = { name: "b", type: "int", default: 0 };
export const bWithoutDefault = { name: "b", type: "int" };

/** The registry's base URL (Apicurio, started on first use). */
export async function registryUrl(): Promise<string> {
  return (await useRegistry()).url;
}
