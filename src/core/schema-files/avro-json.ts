import { blameAvroError } from "./avro-blame.js";
import { readAvroTypes } from "./avro-read.js";
import { avroTypeSites, undefinedAvroNames } from "./avro-walk.js";
import { jsonDocument } from "./json-document.js";
import { nodeAt, type JsonValue } from "./json-source.js";
import { schemaProblem } from "./schema-diagnostic.js";
import type { CheckedText } from "./schema-text.js";
import type { SchemaFileResult } from "./types.js";

/**
 * An `.avsc` file: one Avro schema in JSON, checked by avsc. `referencedTypes` are the schemas of the subjects it
 * references (see SchemaFileInput), read first so the file can use their names.
 */
export function parseAvroJsonFile(
  file: string,
  source: CheckedText,
  referencedTypes?: readonly JsonValue[] | "deferred",
): SchemaFileResult {
  const document = jsonDocument(file, source);
  if (document.root === undefined) return { schemaType: "AVRO", diagnostics: document.diagnostics };
  const schema = document.root.value;
  const sites = avroTypeSites(schema);
  const referenced = Array.isArray(referencedTypes) ? referencedTypes : [];
  // Checked once the references are known; a referenced schema that does not parse is its own file's problem.
  if (referencedTypes === "deferred" || (referenced.length > 0 && !readAvroTypes(referenced).ok)) {
    const externalNames = undefinedAvroNames(sites).map((use) => use.name);
    if (externalNames.length > 0) return { schemaType: "AVRO", diagnostics: document.diagnostics, externalNames };
  }
  const read = readAvroTypes([...referenced, schema]);
  if (read.ok) {
    const type = read.types[referenced.length] as (typeof read.types)[number];
    const parsed = { schemaType: "AVRO", canonicalText: JSON.stringify(schema), schema, type } as const;
    return { schemaType: "AVRO", parsed, diagnostics: document.diagnostics };
  }
  const blame = blameAvroError(schema, sites, read.error, (changed) => {
    const again = readAvroTypes([...referenced, changed]);
    return again.ok ? undefined : again.error;
  });
  const node = nodeAt(document.root, blame.path) ?? document.root;
  const range = source.lines.range(file, node.start, node.end);
  const problem = schemaProblem(
    "schema/avro-invalid",
    blame.message,
    range,
    blame.fix === undefined ? {} : { fix: blame.fix },
  );
  return { schemaType: "AVRO", diagnostics: [...document.diagnostics, problem] };
}
