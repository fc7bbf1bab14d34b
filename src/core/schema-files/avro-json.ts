import { blameAvroError } from "./avro-blame.js";
import { readAvroTypes } from "./avro-read.js";
import { avroTypeSites } from "./avro-walk.js";
import { jsonDocument } from "./json-document.js";
import { nodeAt } from "./json-source.js";
import { schemaProblem } from "./schema-diagnostic.js";
import type { CheckedText } from "./schema-text.js";
import type { SchemaFileResult } from "./types.js";

/** An `.avsc` file: one Avro schema in JSON, checked by avsc. */
export function parseAvroJsonFile(file: string, source: CheckedText): SchemaFileResult {
  const document = jsonDocument(file, source);
  if (document.root === undefined) return { schemaType: "AVRO", diagnostics: document.diagnostics };
  const schema = document.root.value;
  const read = readAvroTypes([schema]);
  if (read.ok) {
    const type = read.types[0] as (typeof read.types)[number];
    const parsed = { schemaType: "AVRO", canonicalText: JSON.stringify(schema), schema, type } as const;
    return { schemaType: "AVRO", parsed, diagnostics: document.diagnostics };
  }
  const blame = blameAvroError(schema, avroTypeSites(schema), read.error, (changed) => {
    const again = readAvroTypes([changed]);
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
