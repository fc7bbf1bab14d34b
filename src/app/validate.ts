import type { Diagnostic } from "../core/diagnostics/index.js";
import { ownedPrincipals } from "../core/plan/acl-bindings.js";
import { checkAcls } from "../core/validate/acls.js";
import { checkServices } from "../core/validate/services.js";
import { checkTopics } from "../core/validate/topics.js";
import type { DesiredState, SchemaBinding } from "../core/model/desired.js";
import type { FilesPort } from "../ports/files.js";
import type { SchemaFileJob, SchemaFileOutcome, SchemaFilesPort } from "../ports/schema-files.js";
import { referencedSchemaFiles } from "../core/load/build-state.js";
import { buildDesiredFromFiles, readDesiredFiles, type LoadRequest } from "./load-desired.js";

export interface ValidateSummary {
  readonly files: number;
  readonly topics: number;
  readonly services: number;
  readonly acls: number;
  readonly schemas: number;
}

export interface ValidateResult {
  readonly diagnostics: Diagnostic[];
  readonly sources: ReadonlyMap<string, string>;
  readonly summary: ValidateSummary;
}

/** Reports each referenced schema file's outcome once, where the first topic that uses it references it. */
function schemaFileDiagnostics(
  state: DesiredState,
  outcomes: ReadonlyMap<string, SchemaFileOutcome>,
  sources: Map<string, string>,
): { diagnostics: Diagnostic[]; count: number } {
  const byFile = new Map<string, SchemaBinding>();
  for (const topic of state.topics.values())
    for (const b of topic.schemas) if (!byFile.has(b.resolvedFile)) byFile.set(b.resolvedFile, b);
  const diagnostics = [...byFile.values()].flatMap((binding): Diagnostic[] => {
    const outcome = outcomes.get(binding.resolvedFile);
    if (outcome === undefined) {
      // referencedSchemaFiles and the merged state disagree: never skip a file silently.
      return [
        {
          code: "internal/bug",
          severity: "error",
          message: `schema file \`${binding.file}\` was not checked (kgov listed the referenced files wrongly)`,
          source: binding.source,
        },
      ];
    }
    if (outcome.text !== undefined) sources.set(binding.resolvedFile, outcome.text);
    if (outcome.notFound) {
      return [
        {
          code: "schema/missing-file",
          severity: "error",
          message: `schema file \`${binding.file}\` does not exist (looked for ${binding.resolvedFile})`,
          fix: "Paths are relative to the YAML file that declares them.",
          source: binding.source,
        },
      ];
    }
    // A file that cannot be read is reported where it is referenced.
    const unreadable = outcome.readProblems[0];
    return unreadable ? [{ ...unreadable, source: binding.source }] : outcome.findings;
  });
  return { diagnostics, count: byFile.size };
}

/** `kgov validate`: offline checks of the desired state and every schema file it references. */
export async function validateDesiredState(
  request: LoadRequest,
  files: FilesPort,
  schemaFiles?: SchemaFilesPort,
): Promise<ValidateResult> {
  return (await validateAndBuild(request, files, schemaFiles)).validation;
}

/**
 * Validates and also returns the merged state (for plan and apply), which the validation result leaves out: with an
 * environment selected it holds resolved `${env:…}` values.
 */
export async function validateAndBuild(
  request: LoadRequest,
  files: FilesPort,
  schemaFiles: SchemaFilesPort = {
    // The schema parsers (avsc, protobufjs, ajv) load only when there is a schema file to check.
    checkSchemaFiles: async (jobs) =>
      jobs.length === 0
        ? []
        : (await import("./schema-file-checks.js")).schemaFileChecksInProcess(files).checkSchemaFiles(jobs),
  },
): Promise<{ validation: ValidateResult; state?: DesiredState }> {
  // Checking schema files starts as soon as the files that can reference them are parsed: helper threads check
  // them while the rest is parsed, checked and merged.
  let early: { jobs: SchemaFileJob[]; outcomes: Promise<SchemaFileOutcome[]> } | undefined;
  const read = await readDesiredFiles(request, files, (first) => {
    const jobs = referencedSchemaFiles(first);
    early = { jobs, outcomes: schemaFiles.checkSchemaFiles(jobs) };
  });
  const earlyJobs = early?.jobs ?? [];
  const started = new Set(earlyJobs.map((job) => job.path));
  // Only a file that spells `schemas` with escapes can reference one not started yet.
  const lateJobs = referencedSchemaFiles(read.parsed).filter((job) => !started.has(job.path));
  const jobs = [...earlyJobs, ...lateJobs];
  const schemaChecks = Promise.all([
    early?.outcomes ?? [],
    lateJobs.length > 0 ? schemaFiles.checkSchemaFiles(lateJobs) : [],
  ]).then(([first, late]) => [...first, ...late]);
  const loaded = buildDesiredFromFiles(read, request);
  const diagnostics = [...loaded.diagnostics];
  const sources = new Map(loaded.sources);
  const state = loaded.state;
  let schemas = 0;
  if (state) {
    diagnostics.push(...checkTopics(state.topics, state.settings));
    diagnostics.push(...checkServices(state.services, state.topics, state.settings));
    diagnostics.push(...checkAcls(state.acls, ownedPrincipals(state)));
  }
  const outcomes = await schemaChecks;
  if (state) {
    const checked = schemaFileDiagnostics(state, new Map(jobs.map((job, i) => [job.path, outcomes[i]!])), sources);
    diagnostics.push(...checked.diagnostics);
    schemas = checked.count;
  }
  const summary = {
    files: loaded.files.length,
    topics: state?.topics.size ?? 0,
    services: state?.services.size ?? 0,
    acls: state?.acls.length ?? 0,
    schemas,
  };
  return { validation: { diagnostics, sources, summary }, ...(state ? { state } : {}) };
}
