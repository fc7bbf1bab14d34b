import type { Diagnostic } from "../core/diagnostics/index.js";
import type { SchemaFileDeclaration } from "../core/model/desired.js";
// Not the schema-files index: that loads the schema parsers, which validate loads only when there are schemas.
import { avroIdlImports } from "../core/schema-files/avro-idl-import-paths.js";
import { isAvroIdlFile } from "../core/schema-files/schema-type.js";
import type { FilesPort, ReadTextResult } from "../ports/files.js";

/**
 * Reads schema files and every file their Avro IDL imports name (transitively), each once. The files are read
 * concurrently; an IDL file's imports are requested as soon as it is read.
 */
export async function readSchemaSources(
  paths: readonly string[],
  files: FilesPort,
): Promise<Map<string, ReadTextResult>> {
  const reads = new Map<string, Promise<ReadTextResult>>();
  const read = async (path: string, idl: boolean): Promise<void> => {
    if (reads.has(path)) return;
    const reading = files.readText(path);
    reads.set(path, reading);
    const { text } = await reading;
    if (!idl || text === undefined) return;
    await Promise.all(avroIdlImports(path, text).map((target) => read(target.path, target.kind === "idl")));
  };
  await Promise.all(paths.map((path) => read(path, isAvroIdlFile(path))));
  const done = await Promise.all([...reads].map(async ([path, reading]) => [path, await reading] as const));
  return new Map(done);
}

/** The texts that were read, by path. */
export function textsOf(reads: ReadonlyMap<string, ReadTextResult>): Map<string, string> {
  const texts = new Map<string, string>();
  for (const [path, read] of reads) if (read.text !== undefined) texts.set(path, read.text);
  return texts;
}

/**
 * Why a declared schema file could not be read (`problems`: the reader's, empty when it was read), reported where
 * the YAML declares it.
 */
export function unreadableSchemaFile(
  declared: SchemaFileDeclaration,
  read: { readonly notFound?: boolean; readonly problems: readonly Diagnostic[] },
): Diagnostic[] {
  if (read.notFound) {
    return [
      {
        code: "schema/missing-file",
        severity: "error",
        message: `schema file \`${declared.file}\` does not exist (looked for ${declared.resolvedFile})`,
        fix: "Paths are relative to the YAML file that declares them.",
        source: declared.source,
      },
    ];
  }
  const unreadable = read.problems[0];
  return unreadable ? [{ ...unreadable, source: declared.source }] : [];
}
