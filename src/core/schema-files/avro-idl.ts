import avro from "avsc";
import type { Diagnostic } from "../diagnostics/index.js";
import { blameAvroError } from "./avro-blame.js";
import { locateIdlNode } from "./avro-idl-locate.js";
import { standaloneSchema } from "./avro-idl-schema.js";
import { explainIdlSyntaxError, findUnfinishedAnnotation, type IdlSyntaxProblem } from "./avro-idl-syntax.js";
import { findImports, maskIdl } from "./avro-idl-text.js";
import { readAvroTypes } from "./avro-read.js";
import { avroTypeSites, declaredName } from "./avro-walk.js";
import type { JsonValue } from "./json-source.js";
import { schemaProblem } from "./schema-diagnostic.js";
import type { CheckedText } from "./schema-text.js";
import type { SchemaFileResult } from "./types.js";

// avsc's reader option `typeRefs` replaces its built-in type keywords (the first four), so they are repeated here next
// to the two Avro IDL keywords avsc lacks.
const IDL_TYPE_REFS = {
  date: { type: "int", logicalType: "date" },
  decimal: { type: "bytes", logicalType: "decimal" },
  time_ms: { type: "long", logicalType: "time-millis" },
  timestamp_ms: { type: "long", logicalType: "timestamp-millis" },
  local_timestamp_ms: { type: "long", logicalType: "local-timestamp-millis" },
  uuid: { type: "string", logicalType: "uuid" },
};
// avsc's typings do not list the reader's options.
export const READER_OPTIONS = { typeRefs: IDL_TYPE_REFS } as Parameters<typeof avro.readProtocol>[1];

interface IdlProtocol {
  readonly namespace?: unknown;
  readonly types?: unknown;
}

/**
 * An `.avdl` file: one Avro IDL protocol, read by avsc without following imports (kgov works on single files and
 * offline). The value schema is the protocol's last declared type unless `mainType` names another; it is returned
 * as a standalone Avro JSON schema, since registries accept only JSON.
 */
export function parseAvroIdlFile(file: string, source: CheckedText, mainType?: string): SchemaFileResult {
  const { text, lines } = source;
  const masked = maskIdl(text);
  const fail = (diagnostics: Diagnostic[]): SchemaFileResult => ({ schemaType: "AVRO", diagnostics });

  const diagnostics = findImports(text, masked).map((found) =>
    schemaProblem(
      "schema/avro-idl-unsupported",
      `\`import ${found.kind} "${found.file}"\` is not supported: kgov reads single-file Avro IDL`,
      lines.range(file, found.start, found.end),
      {
        why: "kgov checks schema files offline one at a time and does not follow IDL imports",
        fix: "Declare the imported types in this file, or convert the IDL to .avsc (avro-tools idl2schemata) and reference that",
      },
    ),
  );

  const syntaxFailure = (problem: IdlSyntaxProblem): SchemaFileResult => {
    const code = problem.unsupported ? "schema/avro-idl-unsupported" : "schema/avro-idl-invalid";
    const details = problem.fix === undefined ? {} : { fix: problem.fix };
    return fail([
      ...diagnostics,
      schemaProblem(code, problem.message, lines.range(file, problem.start, problem.end), details),
    ]);
  };
  const unfinished = findUnfinishedAnnotation(masked);
  if (unfinished !== undefined) return syntaxFailure(unfinished);
  let protocol: IdlProtocol;
  try {
    protocol = avro.readProtocol(text, READER_OPTIONS) as IdlProtocol;
  } catch (error) {
    if (diagnostics.length > 0 && error instanceof Error && error.message === "unresolvable import")
      return fail(diagnostics);
    return syntaxFailure(explainIdlSyntaxError(error, text, masked));
  }
  if (diagnostics.length > 0) return fail(diagnostics);

  const types = Array.isArray(protocol.types) ? (protocol.types as JsonValue[]) : [];
  const namespace = typeof protocol.namespace === "string" ? protocol.namespace : "";
  const protocolStart = /\bprotocol\b/.exec(masked)?.index ?? 0;
  if (types.length === 0) {
    return fail([
      schemaProblem("schema/avro-invalid", "the protocol declares no types", lines.range(file, protocolStart), {
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
    const span = locateIdlNode(types, blame.path, masked) ?? { start: protocolStart, end: protocolStart };
    const details = blame.fix === undefined ? {} : { fix: blame.fix };
    return fail([
      schemaProblem("schema/avro-invalid", blame.message, lines.range(file, span.start, span.end), details),
    ]);
  }

  const names = sites.filter((s) => s.path.length === 1).map((s) => declaredName(s) ?? "");
  const main =
    mainType === undefined ? types.length - 1 : names.findIndex((n) => n === mainType || n.endsWith(`.${mainType}`));
  if (main < 0) {
    return fail([
      schemaProblem(
        "schema/avro-invalid",
        `the protocol declares no type named "${String(mainType)}"`,
        lines.range(file, protocolStart),
        {
          fix: `Name one of the declared types: ${names.join(", ")}`,
        },
      ),
    ]);
  }
  const schema = standaloneSchema(types, namespace, main);
  const standalone = readAvroTypes([schema]);
  if (!standalone.ok) {
    // The protocol's types parsed together, so this is a defect in the conversion, not in the user's file.
    return fail([
      schemaProblem(
        "internal/bug",
        `converting the IDL type to a JSON schema failed: ${standalone.error}`,
        lines.range(file, protocolStart),
      ),
    ]);
  }
  const type = standalone.types[0] as avro.Type;
  return {
    schemaType: "AVRO",
    parsed: { schemaType: "AVRO", canonicalText: JSON.stringify(schema), schema, type },
    diagnostics: [],
  };
}
