import type { Diagnostic } from "../core/diagnostics/index.js";
import { ownedPrincipals } from "../core/plan/acl-bindings.js";
import { checkAcls } from "../core/validate/acls.js";
import { checkServices } from "../core/validate/services.js";
import { checkTopics } from "../core/validate/topics.js";
import type { DesiredState, SchemaFileDeclaration } from "../core/model/desired.js";
import type { DesiredSubject } from "../core/model/subjects.js";
import type { FilesPort } from "../ports/files.js";
import type { SchemaFileJob, SchemaFileOutcome, SchemaFilesPort } from "../ports/schema-files.js";
import { referencedSchemaFiles, schemaFileDeclarations } from "../core/load/build-schemas.js";
import { loadDesiredSubjects } from "./desired-subjects.js";
import { buildDesiredFromFiles, readDesiredFiles, type LoadRequest } from "./load-desired.js";
import { unreadableSchemaFile } from "./schema-sources.js";

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

/** Reports each declared schema file's outcome once, where the first declaration names it. */
function schemaFileDiagnostics(
  state: DesiredState,
  outcomes: ReadonlyMap<string, SchemaFileOutcome>,
  sources: Map<string, string>,
): { diagnostics: Diagnostic[]; count: number } {
  const byFile = new Map<string, SchemaFileDeclaration>();
  for (const declared of schemaFileDeclarations(state))
    if (!byFile.has(declared.resolvedFile)) byFile.set(declared.resolvedFile, declared);
  const diagnostics = [...byFile.values()].flatMap((declared): Diagnostic[] => {
    const outcome = outcomes.get(declared.resolvedFile);
    if (outcome === undefined) {
      // referencedSchemaFiles and the merged state disagree: never skip a file silently.
      return [
        {
          code: "internal/bug",
          severity: "error",
          message: `schema file \`${declared.file}\` was not checked (kgov listed the referenced files wrongly)`,
          source: declared.source,
        },
      ];
    }
    if (outcome.text !== undefined) sources.set(declared.resolvedFile, outcome.text);
    for (const [path, text] of outcome.importedTexts ?? []) sources.set(path, text);
    const unreadable = unreadableSchemaFile(declared, { ...outcome, problems: outcome.readProblems });
    return unreadable.length > 0 ? unreadable : outcome.findings;
  });
  return { diagnostics, count: byFile.size };
}

/**
 * The findings in `more` not already reported: the file checks and the subjects read the same files, and two IDL
 * files importing the same broken file each find its problem. Sources are added for the files they point into.
 */
function unreported(
  reported: readonly Diagnostic[],
  more: readonly Diagnostic[],
  sources: Map<string, string>,
  texts: ReadonlyMap<string, string> = new Map(),
): Diagnostic[] {
  const key = (d: Diagnostic) => JSON.stringify([d.code, d.message, d.source]);
  const seen = new Set(reported.map(key));
  const fresh = more.filter((d) => !seen.has(key(d)) && seen.add(key(d)));
  for (const d of fresh) {
    const text = d.source ? texts.get(d.source.file) : undefined;
    if (d.source && text !== undefined) sources.set(d.source.file, text);
  }
  return fresh;
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
 * environment selected it holds resolved `${env:…}` values. The desired subjects come along (complete only when the
 * validation has no error), so callers need not resolve them again.
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
): Promise<{ validation: ValidateResult; state?: DesiredState; subjects?: DesiredSubject[] }> {
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
  // Read while the checks below run.
  const subjectsLoading = state ? loadDesiredSubjects(state, files) : undefined;
  let schemas = 0;
  if (state) {
    diagnostics.push(...checkTopics(state.topics, state.settings));
    diagnostics.push(...checkServices(state.services, state.topics, state.settings));
    diagnostics.push(...checkAcls(state.acls, ownedPrincipals(state)));
  }
  const [outcomes, desiredSubjects] = await Promise.all([schemaChecks, subjectsLoading]);
  if (state) {
    const checked = schemaFileDiagnostics(state, new Map(jobs.map((job, i) => [job.path, outcomes[i]!])), sources);
    diagnostics.push(...unreported(diagnostics, checked.diagnostics, sources));
    schemas = checked.count;
  }
  if (desiredSubjects)
    diagnostics.push(...unreported(diagnostics, desiredSubjects.diagnostics, sources, desiredSubjects.sources));
  const summary = {
    files: loaded.files.length,
    topics: state?.topics.size ?? 0,
    services: state?.services.size ?? 0,
    acls: state?.acls.length ?? 0,
    schemas,
  };
  return {
    validation: { diagnostics, sources, summary },
    ...(state ? { state } : {}),
    ...(desiredSubjects ? { subjects: desiredSubjects.subjects } : {}),
  };
}
