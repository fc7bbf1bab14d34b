import type { Type as AvroType } from "avsc";
import type { Root } from "protobufjs";
import type { Diagnostic } from "../diagnostics/index.js";
import type { SchemaType } from "../model/desired.js";
import type { JsonValue } from "./json-source.js";

export type { SchemaType };

export type JsonSchemaDraft = "draft-07" | "2019-09" | "2020-12";

interface ParsedBase {
  /** The text to register: compact JSON for Avro (also for .avdl) and JSON Schema, the file itself for Protobuf. */
  readonly canonicalText: string;
}

export interface ParsedAvroSchema extends ParsedBase {
  readonly schemaType: "AVRO";
  /** The Avro JSON schema; for an .avdl file, the chosen type with the types it uses inlined. */
  readonly schema: JsonValue;
  readonly type: AvroType;
}

export interface ParsedJsonSchema extends ParsedBase {
  readonly schemaType: "JSON";
  readonly schema: JsonValue;
  /** The draft the schema was meta-validated against; absent when `$schema` names a draft kgov cannot check. */
  readonly draft?: JsonSchemaDraft;
}

export interface ParsedProtobufSchema extends ParsedBase {
  readonly schemaType: "PROTOBUF";
  readonly root: Root;
  readonly package?: string;
  /** `import` paths as written; imported types are only resolved for google/protobuf well-known types. */
  readonly imports: readonly string[];
}

export type ParsedSchema = ParsedAvroSchema | ParsedJsonSchema | ParsedProtobufSchema;

export interface SchemaFileResult {
  /** The format the file was read as; AVRO, the registry's default, when the format cannot be told. */
  readonly schemaType: SchemaType;
  /** Present when there is no error diagnostic and nothing is left unchecked (`externalNames`). */
  readonly parsed?: ParsedSchema;
  readonly diagnostics: Diagnostic[];
  /**
   * An `.avsc` file whose references are not known (yet): the full names of the named types it uses without
   * defining them, i.e. the other subjects it references. It is checked once their schemas are given.
   */
  readonly externalNames?: readonly string[];
}
