import { parseAvroIdlFile } from "./avro-idl.js";
import { parseAvroJsonFile } from "./avro-json.js";
import { parseJsonSchemaFile } from "./json-schema.js";
import { parseProtobufFile } from "./protobuf.js";
import { schemaProblem } from "./schema-diagnostic.js";
import { checkSchemaText } from "./schema-text.js";
import { extensionOf, schemaTypeOf } from "./schema-type.js";
import type { JsonValue } from "./json-source.js";
import type { SchemaFileResult, SchemaType } from "./types.js";

export interface SchemaFileInput {
  /** Shown in diagnostics; its extension picks the format when `type` is not given. */
  readonly path: string;
  /** The file decoded as UTF-8 (undecodable bytes as U+FFFD, which is reported). */
  readonly text: string;
  /** Declared type; wins over the extension. AVRO reads `.avdl` files as IDL and anything else as JSON. */
  readonly type?: SchemaType;
  /** For `.avdl`: the type to register, by full or short name; default: the last type declared. */
  readonly mainType?: string;
  /**
   * For `.avdl`: the texts of the files it imports, directly or not, by path relative to the working directory (more
   * may be given); an import missing from it is reported. Default: none.
   */
  readonly imports?: ReadonlyMap<string, string>;
  /**
   * For `.avsc`: the Avro schemas of the subjects it references, dependencies first, whose named types the file may
   * use without defining them. `"deferred"`: not known yet; such names are then returned as `externalNames` rather
   * than reported, and the file is to be checked again once they are. Default: none, so every name must be defined.
   */
  readonly referencedTypes?: readonly JsonValue[] | "deferred";
}

/** Parses and checks one schema file offline. Never throws: every problem is a diagnostic in the file. */
export function parseSchemaFile(input: SchemaFileInput): SchemaFileResult {
  const extension = extensionOf(input.path);
  const schemaType = schemaTypeOf(input.path, input.type);
  const source = checkSchemaText(input.path, input.text);
  if (schemaType === undefined) {
    const problem = schemaProblem(
      "schema/unknown-type",
      `cannot tell the schema format of \`${input.path}\` from its extension`,
      source.lines.range(input.path, 0),
      {
        fix: "Name the file .avsc (Avro), .avdl (Avro IDL), .json (JSON Schema) or .proto (Protobuf), or declare its type",
      },
    );
    return { schemaType: "AVRO", diagnostics: [problem] };
  }
  if (source.problem !== undefined) return { schemaType, diagnostics: [source.problem] };
  try {
    if (schemaType === "JSON") return parseJsonSchemaFile(input.path, source);
    if (schemaType === "PROTOBUF") return parseProtobufFile(input.path, source);
    return extension === ".avdl"
      ? parseAvroIdlFile(input.path, source, input.mainType, input.imports ?? new Map())
      : parseAvroJsonFile(input.path, source, input.referencedTypes);
  } catch (error) {
    // The parsers turn every problem in the file into a diagnostic; reaching this is a kgov defect, reported as one.
    const message = `checking the schema file failed: ${error instanceof Error ? error.message : String(error)}`;
    return { schemaType, diagnostics: [schemaProblem("internal/bug", message, source.lines.range(input.path, 0))] };
  }
}
