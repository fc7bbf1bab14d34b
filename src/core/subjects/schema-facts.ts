import type { Diagnostic, SourceRange } from "../diagnostics/index.js";
import type { SchemaType } from "../model/desired.js";
import { parseSchemaFile } from "../schema-files/index.js";
import { jsonDocument } from "../schema-files/json-document.js";
import { nodeAt, type JsonNode, type JsonPath, type JsonValue } from "../schema-files/json-source.js";
import { checkSchemaText, type CheckedText } from "../schema-files/schema-text.js";
import { isAvroIdlFile } from "../schema-files/schema-type.js";
import { avroFacts } from "./avro-facts.js";
import { jsonSchemaFacts } from "./json-facts.js";
import { protobufFacts } from "./protobuf-facts.js";

/**
 * What resolving subjects needs to know of a schema file: the text to register, its record name and the references
 * it makes. Files are read lightly (a JSON parse, a scan of the .proto text): checking them is `kgov validate`'s
 * file check. Only Avro IDL is fully parsed, since its registered text is converted from it.
 */

/** A name the schema uses that another subject must provide, as the schema writes it. */
export interface ReferenceNeed {
  readonly kind: "avro-name" | "protobuf-import" | "json-ref";
  /** The Avro full name, the import path, or the `$ref` URL without its fragment. */
  readonly name: string;
  /** Where it is written; only asked for a problem. */
  locate(): SourceRange;
  /** Names the schema itself defines, for a "did you mean" when the need resolves to nothing. */
  readonly localNames?: readonly string[];
}

export interface SchemaFacts {
  readonly schemaType: SchemaType;
  /** The text to register. */
  readonly schema: string;
  /** The fully-qualified record name (for the record strategies; for Avro, the type a standalone entry provides). */
  readonly recordName?: string;
  readonly needs: readonly ReferenceNeed[];
  /** Avro: the schema as JSON, for checking the schemas that reference it. */
  readonly avroJson?: JsonValue;
}

/** A schema file's text, checked for being text at all, with its JSON tree located on demand. */
export interface SchemaText {
  readonly file: string;
  readonly source: CheckedText;
  /** The source of the node at `path`, or of the whole file. */
  locate(path: JsonPath): SourceRange;
}

export interface FactsRequest {
  readonly file: string;
  readonly schemaType?: SchemaType;
  readonly mainType?: string;
}

/** The facts of one declared file; `texts` holds every file read, IDL imports included. */
export function readSchemaFacts(
  request: FactsRequest,
  texts: ReadonlyMap<string, string>,
): { facts?: SchemaFacts; diagnostics: Diagnostic[] } {
  const { file, schemaType, mainType } = request;
  const raw = texts.get(file) ?? "";
  const source = checkSchemaText(file, raw);
  const fullCheck = () => {
    const parsed = parseSchemaFile({
      path: file,
      text: raw,
      ...(schemaType !== undefined ? { type: schemaType } : {}),
      ...(mainType !== undefined ? { mainType } : {}),
      imports: texts,
    });
    return { parsed: parsed.parsed, diagnostics: parsed.diagnostics.filter((d) => d.severity === "error") };
  };
  if (schemaType === undefined || source.problem !== undefined) return { diagnostics: fullCheck().diagnostics };
  if (schemaType === "AVRO" && isAvroIdlFile(file)) {
    const { parsed, diagnostics } = fullCheck();
    if (parsed?.schemaType !== "AVRO") return { diagnostics };
    const facts: SchemaFacts = {
      schemaType,
      schema: parsed.canonicalText,
      ...(parsed.type.name !== undefined ? { recordName: parsed.type.name } : {}),
      needs: [],
      avroJson: parsed.schema,
    };
    return { facts, diagnostics: [] };
  }
  if (schemaType === "PROTOBUF") return { facts: protobufFacts(file, source), diagnostics: [] };
  let value: JsonValue;
  try {
    value = JSON.parse(source.text) as JsonValue;
  } catch {
    // Only kgov's own parser locates the problem.
    return { diagnostics: fullCheck().diagnostics };
  }
  const text = { file, source, locate: jsonLocator(file, source) };
  return { facts: schemaType === "AVRO" ? avroFacts(text, value) : jsonSchemaFacts(text, value), diagnostics: [] };
}

function jsonLocator(file: string, source: CheckedText): (path: JsonPath) => SourceRange {
  let root: JsonNode | undefined;
  return (path) => {
    root ??= jsonDocument(file, source).root;
    const node = root === undefined ? undefined : (nodeAt(root, path) ?? root);
    return source.lines.range(file, node?.start ?? 0, node?.end);
  };
}
