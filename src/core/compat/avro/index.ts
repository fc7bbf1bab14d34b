import avro from "avsc";
import type { SourceRange } from "../../diagnostics/index.js";
import { READER_OPTIONS } from "../../schema-files/avro-idl.js";
import { locateIdlNode } from "../../schema-files/avro-idl-locate.js";
import { standaloneSchema } from "../../schema-files/avro-idl-schema.js";
import { maskIdl } from "../../schema-files/avro-idl-text.js";
import { isJsonObject, qualifyAvroName } from "../../schema-files/avro-walk.js";
import { parseSchemaFile } from "../../schema-files/index.js";
import { TOO_DEEP } from "../../schema-files/avro-read.js";
import {
  nodeAt,
  parseJsonWithPositions,
  type JsonNode,
  type JsonPath,
  type JsonValue,
} from "../../schema-files/json-source.js";
import { checkSchemaText, type CheckedText } from "../../schema-files/schema-text.js";
import type { LineIndex } from "../../schema-files/text-position.js";
import type { CompatFinding, FormatChecker, SchemaVersion } from "../types.js";
import { AvroModelError, buildAvroModel, type Locate, type TypeUse } from "./model.js";
import { resolveAvro, rootLabel } from "./resolve.js";

export { AVRO_RULES, type AvroRuleId } from "./rules.js";

/** One Avro schema version, read for the compatibility check. */
export interface ParsedAvro {
  readonly root: TypeUse;
  /** The Avro JSON schema; for an .avdl file, its last declared type as a standalone schema. */
  readonly schema: JsonValue;
  readonly lines: LineIndex;
  /** Finds a model node's text; only called for findings. */
  readonly locate: Locate;
  /** The file the version came from, used when the caller passes no path. */
  readonly path?: string;
}

type ParseResult = ReturnType<FormatChecker<ParsedAvro>["parse"]>;

/**
 * Avro for the compatibility check. A candidate must pass kgov's full schema check (avsc: names, defaults and all);
 * a previous version is read tolerantly, as the registry reads stored schemas: default values are not validated,
 * since only their presence matters to the check. `.avdl` files are read as Avro IDL (the last declared type).
 */
export const avroChecker: FormatChecker<ParsedAvro> = {
  parse(version: SchemaVersion, role: "previous" | "candidate"): ParseResult {
    const file = version.path ?? "schema.avsc";
    const source = checkSchemaText(file, version.text);
    if (source.problem !== undefined) return failure(source.problem.message, source.problem.source);
    if (role === "candidate") {
      const strict = parseSchemaFile({ path: file, text: version.text, type: "AVRO" });
      const problem = strict.diagnostics.find((d) => d.severity === "error");
      if (problem !== undefined || strict.parsed === undefined)
        return failure(problem?.message ?? "the schema cannot be read", problem?.source);
    }
    const read = file.toLowerCase().endsWith(".avdl") ? readIdl(file, source) : readJson(file, source);
    if ("error" in read) return read;
    const parsed: ParsedAvro = {
      ...read,
      lines: source.lines,
      ...(version.path === undefined ? {} : { path: version.path }),
    };
    return { parsed };
  },

  canRead(reader, writer, context): CompatFinding[] {
    const root = rootLabel(reader.root.type);
    return resolveAvro(reader.root, writer.root).map((raw) => {
      const side = raw.side === "reader" ? reader : writer;
      const file = (raw.side === "reader" ? context.readerPath : context.writerPath) ?? side.path;
      const finding = { rule: raw.rule, message: raw.message, path: root + raw.path };
      const span = raw.at === undefined ? undefined : side.locate(raw.at);
      if (file === undefined || span === undefined) return finding;
      return { ...finding, source: side.lines.range(file, span.start, span.end) };
    });
  },
};

type Read =
  | { readonly root: TypeUse; readonly schema: JsonValue; readonly locate: Locate }
  | { readonly error: string; readonly source?: SourceRange };

function readJson(file: string, source: CheckedText): Read {
  // Positions are needed only to point at a finding: the values come from the native parser, and the text is parsed
  // again with positions the first time a place is asked for.
  let schema: JsonValue;
  try {
    schema = JSON.parse(source.text) as JsonValue;
  } catch {
    const json = parseJsonWithPositions(source.text);
    const offset = json.ok ? 0 : json.error.offset;
    return failure(json.ok ? "the schema is not valid JSON" : json.error.message, source.lines.range(file, offset));
  }
  let tree: JsonNode | undefined;
  const nodeOf = (path: JsonPath): JsonNode | undefined => {
    if (tree === undefined) {
      const json = parseJsonWithPositions(source.text);
      if (!json.ok) return undefined;
      tree = json.root;
    }
    return nodeAt(tree, path);
  };
  const locate: Locate = (place) => nodeOf(place.path);
  try {
    return { root: buildAvroModel(schema), schema, locate };
  } catch (error) {
    if (error instanceof RangeError) return failure(TOO_DEEP, source.lines.range(file, 0));
    if (!(error instanceof AvroModelError)) throw error;
    const node = nodeOf(error.path) ?? nodeOf([]);
    return failure(error.message, node && source.lines.range(file, node.start, node.end));
  }
}

function readIdl(file: string, source: CheckedText): Read {
  const masked = maskIdl(source.text);
  let protocol: { readonly namespace?: unknown; readonly types?: unknown };
  try {
    protocol = avro.readProtocol(source.text, READER_OPTIONS) as typeof protocol;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return failure(`cannot read the Avro IDL: ${message}`, source.lines.range(file, 0));
  }
  const types = Array.isArray(protocol.types) ? (protocol.types as JsonValue[]) : [];
  const namespace = typeof protocol.namespace === "string" ? protocol.namespace : "";
  if (types.length === 0) return failure("the protocol declares no types", source.lines.range(file, 0));
  const declarations = new Map<string, number>();
  types.forEach((type, i) => {
    if (!isJsonObject(type) || typeof type.name !== "string") return;
    declarations.set(qualifyAvroName(type.name, typeof type.namespace === "string" ? type.namespace : namespace), i);
  });
  const schema = standaloneSchema(types, namespace, types.length - 1);
  // IDL positions are found per declaration: the declared type's index, then the path inside it.
  const locate: Locate = ({ path, enclosing }) => {
    const index = enclosing === undefined ? undefined : declarations.get(enclosing.fullName);
    if (enclosing === undefined || index === undefined) return undefined;
    return locateIdlNode(types, [index, ...path.slice(enclosing.path.length)], masked);
  };
  try {
    return { root: buildAvroModel(schema), schema, locate };
  } catch (error) {
    if (!(error instanceof AvroModelError)) throw error;
    return failure(error.message, source.lines.range(file, 0));
  }
}

function failure(error: string, source: SourceRange | undefined): { error: string; source?: SourceRange } {
  return source === undefined ? { error } : { error, source };
}
