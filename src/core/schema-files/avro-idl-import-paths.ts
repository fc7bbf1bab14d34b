import { posix } from "node:path";
import { findImports, maskIdl, type IdlImport } from "./avro-idl-text.js";

// Where Avro IDL imports point: light on purpose, so reading files can follow imports without loading avsc.

export interface IdlImportTarget {
  readonly kind: string;
  /** Relative to the working directory. */
  readonly path: string;
}

/** The files an IDL text imports, for the caller to read before parsing it. */
export function avroIdlImports(file: string, text: string): IdlImportTarget[] {
  return findImports(text, maskIdl(text)).flatMap((found) =>
    found.file === "" ? [] : [{ kind: found.kind, path: importPath(file, found) }],
  );
}

/** The imported file relative to the working directory: an import's path is relative to the importing file. */
export function importPath(importer: string, found: IdlImport): string {
  return posix.normalize(posix.join(posix.dirname(importer), found.file));
}
