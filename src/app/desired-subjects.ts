import type { Diagnostic } from "../core/diagnostics/index.js";
import { schemaFileDeclarations } from "../core/load/build-schemas.js";
import type { DesiredState } from "../core/model/desired.js";
import type { DesiredSubject } from "../core/model/subjects.js";
import type { FilesPort } from "../ports/files.js";
import { readSchemaSources, textsOf, unreadableSchemaFile } from "./schema-sources.js";

export interface DesiredSubjects {
  /** Dependencies first, ties by name (see resolveDesiredSubjects). */
  readonly subjects: DesiredSubject[];
  readonly diagnostics: Diagnostic[];
  /** Text of every schema file read (IDL imports included), for code frames. */
  readonly sources: Map<string, string>;
}

/**
 * The subjects the desired state declares: reads every declared schema file and the files its Avro IDL imports,
 * each once and all concurrently, then resolves names, references and order. A file that cannot be read is
 * reported where the first declaration names it.
 */
export async function loadDesiredSubjects(state: DesiredState, files: FilesPort): Promise<DesiredSubjects> {
  const declarations = schemaFileDeclarations(state);
  if (declarations.length === 0) return { subjects: [], diagnostics: [], sources: new Map() };
  const paths = [...new Set(declarations.map((d) => d.resolvedFile))];
  // The schema parsers (avsc, protobufjs, ajv) load only when there is a schema to resolve, and while files are read.
  const [reads, { resolveDesiredSubjects }] = await Promise.all([
    readSchemaSources(paths, files),
    import("../core/subjects/index.js"),
  ]);
  const diagnostics: Diagnostic[] = [];
  const reported = new Set<string>();
  for (const declared of declarations) {
    const read = reads.get(declared.resolvedFile);
    if (read === undefined || read.text !== undefined || reported.has(declared.resolvedFile)) continue;
    reported.add(declared.resolvedFile);
    diagnostics.push(...unreadableSchemaFile(declared, { ...read, problems: read.diagnostics }));
  }
  const sources = textsOf(reads);
  const resolved = resolveDesiredSubjects(state, sources);
  return { subjects: resolved.subjects, diagnostics: [...diagnostics, ...resolved.diagnostics], sources };
}
