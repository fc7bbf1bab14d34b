export { parseSchemaFile, type SchemaFileInput } from "./parse-schema-file.js";
export { isAvroIdlFile, schemaTypeOf } from "./schema-type.js";
export { avroIdlImports, type IdlImportTarget } from "./avro-idl-import-paths.js";
export type {
  JsonSchemaDraft,
  ParsedAvroSchema,
  ParsedJsonSchema,
  ParsedProtobufSchema,
  ParsedSchema,
  SchemaFileResult,
  SchemaType,
} from "./types.js";
export type { JsonValue } from "./json-source.js";
