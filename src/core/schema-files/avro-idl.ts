import type avro from "avsc";
import type { Diagnostic } from "../diagnostics/index.js";
import { blameAvroError } from "./avro-blame.js";
import { assembleIdl } from "./avro-idl-imports.js";
import { standaloneSchema } from "./avro-idl-schema.js";
import { readAvroTypes } from "./avro-read.js";
import { avroTypeSites, declaredName } from "./avro-walk.js";
import type { JsonValue } from "./json-source.js";
import { schemaProblem } from "./schema-diagnostic.js";
import type { CheckedText } from "./schema-text.js";
import type { SchemaFileResult } from "./types.js";

export { READER_OPTIONS } from "./avro-idl-read.js";

/**
 * An `.avdl` file: one Avro IDL protocol, read by avsc, with its imports taken from `files` (texts by path relative
 * to the working directory). The value schema is the protocol's last declared type unless `mainType` names another;
 * it is returned as a standalone Avro JSON schema, since registries accept only JSON.
 */
export function parseAvroIdlFile(
  file: string,
  source: CheckedText,
  mainType: string | undefined,
  files: ReadonlyMap<string, string>,
): SchemaFileResult {
  const fail = (diagnostics: Diagnostic[]): SchemaFileResult => ({ schemaType: "AVRO", diagnostics });
  const assembled = assembleIdl(file, source, files);
  const warnings = assembled.diagnostics;
  if (!("root" in assembled) || warnings.some((d) => d.severity === "error")) return fail(warnings);
  const { root, types: entries } = assembled;
  const atProtocol = source.lines.range(file, root.protocolStart);
  const types = entries.map((entry) => entry.schema);
  const namespace = root.namespace;
  if (types.length === 0) {
    return fail([
      ...warnings,
      schemaProblem("schema/avro-invalid", "the protocol declares no types", atProtocol, {
        fix: "Declare the record to register inside the protocol block",
      }),
    ]);
  }

  const sites = types.flatMap((schema, i) => avroTypeSites(schema, [i], namespace));
  const read = readAvroTypes(types, namespace);
  if (!read.ok) {
    const blame = blameAvroError(types, sites, read.error, (changed) => {
      const again = readAvroTypes(changed as JsonValue[], namespace);
      return again.ok ? undefined : again.error;
    });
    const [index, ...inside] = blame.path;
    const entry = typeof index === "number" ? entries[index] : undefined;
    const details = blame.fix === undefined ? {} : { fix: blame.fix };
    return fail([
      ...warnings,
      schemaProblem("schema/avro-invalid", blame.message, entry?.locate(inside) ?? atProtocol, details),
    ]);
  }

  const names = sites.filter((s) => s.path.length === 1).map((s) => declaredName(s) ?? "");
  const main =
    mainType === undefined ? types.length - 1 : names.findIndex((n) => n === mainType || n.endsWith(`.${mainType}`));
  if (main < 0) {
    return fail([
      ...warnings,
      schemaProblem("schema/avro-invalid", `the protocol declares no type named "${String(mainType)}"`, atProtocol, {
        fix: `Name one of the declared types: ${names.join(", ")}`,
      }),
    ]);
  }
  const schema = standaloneSchema(types, namespace, main);
  const standalone = readAvroTypes([schema]);
  if (!standalone.ok) {
    // The protocol's types parsed together, so this is a defect in the conversion, not in the user's file.
    return fail([
      schemaProblem("internal/bug", `converting the IDL type to a JSON schema failed: ${standalone.error}`, atProtocol),
    ]);
  }
  const type = standalone.types[0] as avro.Type;
  return {
    schemaType: "AVRO",
    parsed: { schemaType: "AVRO", canonicalText: JSON.stringify(schema), schema, type },
    diagnostics: warnings,
  };
}
