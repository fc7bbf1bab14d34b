export { parseSchemaFile, type SchemaFileInput } from "./parse-schema-file.js";
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
