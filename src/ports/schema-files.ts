import type { Diagnostic } from "../core/diagnostics/index.js";
import type { SchemaType } from "../core/model/desired.js";

/** One schema file to read and check, by its path relative to the working directory. */
export interface SchemaFileJob {
  readonly path: string;
  readonly type?: SchemaType;
}

export interface SchemaFileOutcome {
  /** Why the file could not be read (empty when it was read). */
  readonly readProblems: Diagnostic[];
  readonly notFound?: boolean;
  /** Findings in the file's content. */
  readonly findings: Diagnostic[];
  /** The file's text when it has findings, for code frames. */
  readonly text?: string;
  /** The texts of files it imports (Avro IDL) that findings point into, by path. */
  readonly importedTexts?: readonly (readonly [string, string])[];
}

/** Reads and checks schema files, possibly on several threads. Outcomes come back in the order of the jobs. */
export interface SchemaFilesPort {
  checkSchemaFiles(jobs: readonly SchemaFileJob[]): Promise<SchemaFileOutcome[]>;
}
