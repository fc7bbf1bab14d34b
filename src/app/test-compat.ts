import type { Diagnostic } from "../core/diagnostics/index.js";
import { checkCompatibility } from "../core/compat/index.js";
import type { CompatibilityLevel, DesiredState, SchemaBinding, SchemaType } from "../core/model/desired.js";
import type { FilesPort } from "../ports/files.js";
import { loadDesiredState } from "./load-desired.js";

/** The registry default when neither the binding nor anything else sets a level. */
const DEFAULT_LEVEL: CompatibilityLevel = "BACKWARD";

export interface SubjectVerdict {
  readonly subject: string;
  readonly file: string;
  readonly level: CompatibilityLevel;
  readonly status: "new" | "unchanged" | "compatible" | "incompatible" | "invalid" | "removed";
}

export interface TestCompatResult {
  readonly diagnostics: Diagnostic[];
  readonly subjects: SubjectVerdict[];
  readonly sources: ReadonlyMap<string, string>;
}

export interface TestCompatRequest {
  readonly paths: readonly string[];
  readonly variables: Readonly<Record<string, string | undefined>>;
}

function inferType(binding: SchemaBinding): SchemaType {
  if (binding.type) return binding.type;
  if (/\.proto$/i.test(binding.file)) return "PROTOBUF";
  if (/\.json$/i.test(binding.file)) return "JSON";
  return "AVRO";
}

function bindingsBySubject(state: DesiredState | undefined): Map<string, SchemaBinding> {
  const out = new Map<string, SchemaBinding>();
  // Topic-named subjects only; subjects named by a strategy or standalone are resolved by loadDesiredSubjects.
  for (const topic of state?.topics.values() ?? [])
    for (const b of topic.schemas) out.set(b.subject ?? `${topic.name}-${b.role}`, b);
  return out;
}

/**
 * `kgov schema test-compat --against`: every subject's schema in the working tree against the same subject's schema
 * at the comparison source (a git revision or a folder), at the subject's level. Offline: no registry involved.
 */
export async function testCompatAgainst(
  request: TestCompatRequest,
  current: FilesPort,
  against: FilesPort,
  againstLabel: string,
  /** How a file at the comparison source is named in findings (default `<againstLabel>:<file>`). */
  describePrevious: (file: string) => string = (file) => `${againstLabel}:${file}`,
): Promise<TestCompatResult> {
  const options = { paths: request.paths, variables: request.variables };
  const [now, before] = await Promise.all([loadDesiredState(options, current), loadDesiredState(options, against)]);
  const diagnostics: Diagnostic[] = now.diagnostics.filter((d) => d.severity === "error");
  // A desired state at the comparison source that cannot be read would silently turn every subject into a "new"
  // one, which always passes: say so, as warnings (an old mistake must not block fixing it), located there.
  for (const d of before.diagnostics.filter((x) => x.severity === "error")) {
    diagnostics.push({
      ...d,
      severity: "warning",
      message: `at ${againstLabel}: ${d.message}`,
      why: "Subjects declared only in that part of the desired state at the comparison source are treated as new.",
      ...(d.source ? { source: { ...d.source, file: describePrevious(d.source.file) } } : {}),
    });
  }
  const sources = new Map(now.sources);
  for (const [file, text] of before.sources) sources.set(describePrevious(file), text);
  const previousBindings = bindingsBySubject(before.state);
  const subjects: SubjectVerdict[] = [];

  for (const [subject, binding] of bindingsBySubject(now.state)) {
    const level = binding.compatibility ?? DEFAULT_LEVEL;
    const verdict = (status: SubjectVerdict["status"]) =>
      subjects.push({ subject, file: binding.resolvedFile, level, status });
    const candidate = await current.readText(binding.resolvedFile);
    if (candidate.text === undefined) {
      diagnostics.push(...candidate.diagnostics.map((d) => ({ ...d, source: binding.source })));
      verdict("invalid");
      continue;
    }
    sources.set(binding.resolvedFile, candidate.text);
    const old = previousBindings.get(subject);
    const previous = old ? await against.readText(old.resolvedFile) : undefined;
    if (!old || previous?.text === undefined) {
      verdict("new");
      continue;
    }
    if (previous.text === candidate.text) {
      verdict("unchanged");
      continue;
    }
    const type = inferType(binding);
    if (type !== inferType(old)) {
      diagnostics.push({
        code: "compat/schema-type-changed",
        severity: "error",
        message: `subject \`${subject}\` changes schema type from ${inferType(old)} to ${type}`,
        why: "Schema Registry treats a different schema type as always incompatible.",
        fix: "Keep the type, or register the new schema under a new subject (usually with a new topic version).",
        source: binding.source,
      });
      verdict("incompatible");
      continue;
    }
    const previousPath = describePrevious(old.resolvedFile);
    sources.set(previousPath, previous.text);
    const result = checkCompatibility({
      schemaType: type,
      level,
      previous: [{ text: previous.text, path: previousPath }],
      candidate: { text: candidate.text, path: binding.resolvedFile },
    });
    if (result.invalid) {
      diagnostics.push({
        code: "compat/invalid-schema",
        severity: "error",
        message: `subject \`${subject}\`: the ${result.invalid.which} schema cannot be parsed: ${result.invalid.message}`,
        source: binding.source,
      });
      verdict("invalid");
      continue;
    }
    for (const f of result.findings) {
      diagnostics.push({
        code: `compat/${f.rule}` as Diagnostic["code"],
        severity: "error",
        message: `${subject} (${level}, ${f.direction === "BACKWARD" ? "new schema reading old data" : "old schema reading new data"}): ${f.message}`,
        path: f.path,
        ...(f.source ? { source: f.source } : {}),
        fix: `Make the change ${level}-compatible, or publish a new subject/topic version.`,
      });
    }
    verdict(result.compatible ? "compatible" : "incompatible");
  }
  const currentSubjects = bindingsBySubject(now.state);
  for (const [subject, old] of previousBindings) {
    if (currentSubjects.has(subject)) continue;
    diagnostics.push({
      code: "compat/subject-removed",
      severity: "warning",
      message: `subject \`${subject}\` (${old.resolvedFile} at ${againstLabel}) is no longer declared`,
      why: "Consumers and producers of its topic may still depend on it; kgov never deletes it without an explicit opt-in.",
    });
    subjects.push({ subject, file: old.resolvedFile, level: old.compatibility ?? DEFAULT_LEVEL, status: "removed" });
  }
  subjects.sort((a, b) => (a.subject < b.subject ? -1 : 1));
  return { diagnostics, subjects, sources };
}
