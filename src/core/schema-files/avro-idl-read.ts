import avro from "avsc";
import type { Diagnostic } from "../diagnostics/index.js";
import { explainIdlSyntaxError, findUnfinishedAnnotation, type IdlSyntaxProblem } from "./avro-idl-syntax.js";
import { findImports, maskIdl, type IdlImport } from "./avro-idl-text.js";
import type { JsonValue } from "./json-source.js";
import { schemaProblem } from "./schema-diagnostic.js";
import type { CheckedText } from "./schema-text.js";

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

/** One IDL file's protocol as avsc reads it, its imports not followed. */
export interface IdlFile {
  readonly types: readonly JsonValue[];
  /** The protocol's namespace, "" for none. */
  readonly namespace: string;
  readonly imports: readonly IdlImport[];
  /** The text with comments and strings blanked, for locating names. */
  readonly masked: string;
  /** Where the `protocol` keyword is: the place for problems about the protocol as a whole. */
  readonly protocolStart: number;
}

interface IdlProtocol {
  readonly protocol?: unknown;
  readonly namespace?: unknown;
  readonly types?: unknown;
}

/**
 * Reads one `.avdl` file. avsc's reader refuses imports it cannot follow itself, so the import statements are blanked
 * (offsets kept) and returned for the caller to follow.
 */
export function readIdlFile(file: string, source: CheckedText): { idl?: IdlFile; diagnostics: Diagnostic[] } {
  const { text, lines } = source;
  const masked = maskIdl(text);
  const problem = (p: IdlSyntaxProblem) => {
    const code = p.unsupported ? "schema/avro-idl-unsupported" : "schema/avro-idl-invalid";
    return schemaProblem(code, p.message, lines.range(file, p.start, p.end), p.fix === undefined ? {} : { fix: p.fix });
  };
  const imports = findImports(text, masked);
  const malformed = imports.filter((found) => !isComplete(found, text));
  if (malformed.length > 0) {
    return {
      diagnostics: malformed.map((found) =>
        problem({
          ...found,
          unsupported: false,
          message: `an import names its file in double quotes and ends with \`;\`, e.g. \`import ${found.kind} "common.avdl";\``,
        }),
      ),
    };
  }
  const unfinished = findUnfinishedAnnotation(masked);
  if (unfinished !== undefined) return { diagnostics: [problem(unfinished)] };
  const readable = imports.reduce((t, found) => blank(t, found.start, found.end), text);
  let protocol: IdlProtocol;
  try {
    protocol = avro.readProtocol(readable, READER_OPTIONS) as IdlProtocol;
  } catch (error) {
    return { diagnostics: [problem(explainIdlSyntaxError(error, readable, masked))] };
  }
  const idl: IdlFile = {
    types: Array.isArray(protocol.types) ? (protocol.types as JsonValue[]) : [],
    namespace: protocolNamespace(protocol),
    imports,
    masked,
    protocolStart: /\bprotocol\b/.exec(masked)?.index ?? 0,
  };
  return { idl, diagnostics: [] };
}

/** As Avro reads it: the `namespace` property, else the part of a dotted protocol name before its last dot. */
export function protocolNamespace(protocol: IdlProtocol): string {
  if (typeof protocol.namespace === "string") return protocol.namespace;
  const name = typeof protocol.protocol === "string" ? protocol.protocol : "";
  return name.includes(".") ? name.slice(0, name.lastIndexOf(".")) : "";
}

function isComplete(found: IdlImport, text: string): boolean {
  return found.file !== "" && text[found.end - 1] === ";";
}

function blank(text: string, start: number, end: number): string {
  return text.slice(0, start) + text.slice(start, end).replace(/[^\r\n]/g, " ") + text.slice(end);
}
