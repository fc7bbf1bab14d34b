import type { SchemaType } from "../model/desired.js";

const EXTENSIONS: Readonly<Record<string, SchemaType>> = {
  ".avsc": "AVRO",
  ".avdl": "AVRO",
  ".json": "JSON",
  ".proto": "PROTOBUF",
};

export const extensionOf = (path: string): string => /\.[^./\\]*$/.exec(path)?.[0].toLowerCase() ?? "";

/** The format a schema file is read as: the declared type, else the one its extension tells. */
export function schemaTypeOf(path: string, declared: SchemaType | undefined): SchemaType | undefined {
  return declared ?? EXTENSIONS[extensionOf(path)];
}

/** `.avdl` files are read as Avro IDL (when read as AVRO): the registered schema is converted from them. */
export const isAvroIdlFile = (path: string): boolean => extensionOf(path) === ".avdl";
