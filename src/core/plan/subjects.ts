import { checkCompatibility } from "../compat/index.js";
import type { Diagnostic } from "../diagnostics/index.js";
import type { CompatibilityLevel } from "../model/desired.js";
import type { ObservedRegistry, ObservedSubject, StoredSchema } from "../model/registry.js";
import type { DesiredSubject } from "../model/subjects.js";
import { inlineAvroReferences, type ReferencedText } from "./avro-references.js";
import { heldVersions, plannedReferences } from "./subject-versions.js";
import type {
  EngineFinding,
  PlanOptions,
  Risk,
  SubjectAction,
  SubjectCompatibility,
  SubjectRegister,
} from "./types.js";

/** The registry's default level, used when the subject's level was not read. */
const REGISTRY_DEFAULT_LEVEL: CompatibilityLevel = "BACKWARD";

/**
 * Subject actions: a level change where the desired level differs from the effective one, a new version where no
 * live version holds the desired schema (heldVersions), in dependency order, and a deletion for each live subject
 * inside subjectPrefixes that is not desired. Every new version carries the registry's verdict and kgov's own
 * findings; when either says incompatible it is an error (the registry's verdict decides when they disagree).
 */
export function planSubjects(
  desired: readonly DesiredSubject[],
  observed: ObservedRegistry,
  options: PlanOptions,
): { actions: SubjectAction[]; diagnostics: Diagnostic[] } {
  const actions: SubjectAction[] = [];
  const diagnostics: Diagnostic[] = [];
  const held = heldVersions(desired, observed);
  const byName = new Map(desired.map((s) => [s.name, s]));
  for (const subject of desired) {
    const live = observed.subjects.get(subject.name);
    const from = live?.compatibility;
    if (subject.compatibility !== undefined && subject.compatibility !== from) {
      actions.push({
        type: "subject.set-compatibility",
        subject: subject.name,
        ...(from !== undefined ? { from } : {}),
        to: subject.compatibility,
        risks: levelRisks(from, subject.compatibility),
        source: subject.source,
      });
    }
    const version = held.get(subject.name) ?? null;
    if (version !== null) {
      if (live?.latest && version !== live.latest.version) diagnostics.push(olderVersion(subject, version, live));
      continue;
    }
    const references = plannedReferences(subject, held);
    const level = subject.compatibility ?? from ?? REGISTRY_DEFAULT_LEVEL;
    const compatibility: SubjectCompatibility = {
      level,
      registry: live?.latest
        ? (live.verdict ?? { status: "deferred", reason: "not asked" })
        : { status: "new-subject" },
      kgov: live?.latest
        ? engineVerdict(subject, level, live, observed, byName)
        : { status: "compatible", findings: [] },
    };
    const register: SubjectRegister = {
      type: "subject.register",
      subject: subject.name,
      schemaType: subject.schemaType,
      file: subject.file,
      schema: subject.schema,
      references,
      fromVersion: live?.latest?.version ?? null,
      compatibility,
      risks: [],
      source: subject.source,
    };
    actions.push(register);
    diagnostics.push(...registrationProblems(register, subject, live));
  }
  for (const name of observed.inScope) {
    if (byName.has(name)) continue;
    const versions = observed.subjects.get(name)?.versions?.length ?? 0;
    const permanent = options.permanentDelete === true;
    actions.push({
      type: "subject.delete",
      subject: name,
      versions,
      permanent,
      allowed: options.allowDelete,
      risks: deleteRisks(permanent),
    });
  }
  return { actions, diagnostics };
}

const STRENGTH: Readonly<Record<CompatibilityLevel, { readonly directions: number; readonly transitive: boolean }>> = {
  NONE: { directions: 0, transitive: false },
  BACKWARD: { directions: 1, transitive: false },
  FORWARD: { directions: 1, transitive: false },
  FULL: { directions: 2, transitive: false },
  BACKWARD_TRANSITIVE: { directions: 1, transitive: true },
  FORWARD_TRANSITIVE: { directions: 1, transitive: true },
  FULL_TRANSITIVE: { directions: 2, transitive: true },
};

const checksBackward = (l: CompatibilityLevel) => l.startsWith("BACKWARD") || l.startsWith("FULL");
const checksForward = (l: CompatibilityLevel) => l.startsWith("FORWARD") || l.startsWith("FULL");

/** A level that stops checking a direction or the history the old one checked lets breaking changes in. */
function levelRisks(from: CompatibilityLevel | undefined, to: CompatibilityLevel): Risk[] {
  if (from === undefined) return [];
  const lost: string[] = [];
  if (checksBackward(from) && !checksBackward(to)) lost.push("new schemas reading old data");
  if (checksForward(from) && !checksForward(to)) lost.push("old schemas reading new data");
  if (STRENGTH[from].transitive && !STRENGTH[to].transitive && STRENGTH[to].directions > 0) {
    lost.push("versions older than the latest");
  }
  if (lost.length === 0) return [];
  return [{ kind: "weakens-compatibility", reason: `the registry stops checking ${lost.join(" and ")}` }];
}

function deleteRisks(permanent: boolean): Risk[] {
  const risks: Risk[] = [
    {
      kind: "destructive",
      reason: "producers that look the subject up fail, and the next registration starts a history without checks",
    },
  ];
  if (permanent) {
    risks.push({ kind: "data-loss", reason: "consumers can no longer fetch these schemas by id to read old records" });
  }
  return risks;
}

function olderVersion(subject: DesiredSubject, version: number, live: ObservedSubject): Diagnostic {
  return {
    code: "subject/matches-older-version",
    severity: "warning",
    message: `subject \`${subject.name}\`: the desired schema is version ${version}, not the latest (${live.latest?.version ?? "?"}); kgov registers nothing`,
    why: "A registry answers a schema it already holds with the existing id and adds no version, so the latest stays as it is.",
    fix: "Bring the file up to the latest version, or delete the newer versions if they were a mistake.",
    source: subject.source,
  };
}

/** Text kgov's engine reads for one version: Avro with its references inlined, the others as stored. */
function engineText(
  schemaType: DesiredSubject["schemaType"],
  text: string,
  references: ReadonlyMap<string, ReferencedText>,
): string | undefined {
  if (references.size === 0 || schemaType !== "AVRO") return text;
  return inlineAvroReferences(text, references);
}

function desiredReferences(
  subject: DesiredSubject,
  byName: ReadonlyMap<string, DesiredSubject>,
): Map<string, ReferencedText> {
  const out = new Map<string, ReferencedText>();
  for (const r of subject.references) {
    const target = byName.get(r.subject);
    if (target) out.set(r.name, { text: target.schema, references: desiredReferences(target, byName) });
  }
  return out;
}

function storedReferences(stored: StoredSchema, observed: ObservedRegistry, depth = 0): Map<string, ReferencedText> {
  const out = new Map<string, ReferencedText>();
  if (depth > 32) return out;
  for (const r of stored.references) {
    const target = observed.referenced.get(`${r.subject}\0${r.version}`);
    if (target) out.set(r.name, { text: target.schema, references: storedReferences(target, observed, depth + 1) });
  }
  return out;
}

function engineVerdict(
  subject: DesiredSubject,
  level: CompatibilityLevel,
  live: ObservedSubject,
  observed: ObservedRegistry,
  byName: ReadonlyMap<string, DesiredSubject>,
): SubjectCompatibility["kgov"] {
  const history = live.history ?? (live.latest ? [live.latest] : []);
  if (history.some((v) => v.schemaType !== subject.schemaType)) {
    return { status: "incompatible", findings: [typeChanged(subject, history)] };
  }
  if (subject.schemaType !== "AVRO" && (subject.references.length > 0 || history.some((v) => v.references.length))) {
    return { status: "not-checked", reason: "kgov's engine resolves references for Avro only; the registry decides" };
  }
  const candidateText = engineText(subject.schemaType, subject.schema, desiredReferences(subject, byName));
  const previous = history.map((v) => engineText(v.schemaType, v.schema, storedReferences(v, observed)));
  if (candidateText === undefined || previous.some((p) => p === undefined)) {
    return { status: "not-checked", reason: "a version or a referenced schema does not parse" };
  }
  // Findings point into the file only when the checked text is the file's own (not converted IDL, not inlined).
  const located = candidateText === subject.schema && !subject.file.toLowerCase().endsWith(".avdl");
  const result = checkCompatibility({
    schemaType: subject.schemaType,
    level,
    previous: previous.map((text, i) => ({
      text: text ?? "",
      path: `registry:${subject.name}@v${history[i]?.version}`,
    })),
    candidate: located ? { text: candidateText, path: subject.file } : { text: candidateText },
  });
  if (result.invalid)
    return {
      status: "not-checked",
      reason: `the ${result.invalid.which} schema does not parse: ${result.invalid.message}`,
    };
  const findings: EngineFinding[] = result.findings.map((f) => ({
    rule: f.rule,
    message: f.message,
    againstVersion: history[f.againstVersion - 1]?.version ?? f.againstVersion,
    direction: f.direction,
    ...(f.path ? { path: f.path } : {}),
    ...(f.source && located ? { source: f.source } : {}),
  }));
  return { status: findings.length === 0 ? "compatible" : "incompatible", findings };
}

function typeChanged(subject: DesiredSubject, history: readonly StoredSchema[]): EngineFinding {
  const other = history.find((v) => v.schemaType !== subject.schemaType);
  return {
    rule: "schema-type-changed",
    message: `the subject holds ${other?.schemaType ?? "another type"} schemas and the desired one is ${subject.schemaType}`,
    againstVersion: other?.version ?? 0,
    direction: "BACKWARD",
  };
}

/**
 * Whether a new version is refused: the registry said incompatible, or it could not be asked and kgov's engine
 * found problems. The registry's verdict decides whenever there is one.
 */
export function isRefused(c: SubjectCompatibility): boolean {
  if (c.registry.status === "incompatible") return true;
  return c.registry.status !== "compatible" && c.kgov.status === "incompatible";
}

/** Errors that keep a registration out of an applicable plan: refused by the registry or kgov, or a read-only subject. */
function registrationProblems(
  action: SubjectRegister,
  subject: DesiredSubject,
  live: ObservedSubject | undefined,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const { registry, kgov, level } = action.compatibility;
  const where = { source: subject.source };
  if (live?.mode === "READONLY" || live?.mode === "READONLY_OVERRIDE") {
    out.push({
      code: "subject/read-only",
      severity: "error",
      message: `subject \`${subject.name}\` is in ${live.mode} mode; the registry refuses new versions`,
      fix: "Ask the registry's operators to set the subject (or the registry) back to READWRITE, then plan again.",
      ...where,
    });
  }
  const kgovSays = kgov.status === "incompatible" ? kgov.findings : [];
  const label = `${level}, checked against ${action.fromVersion === null ? "nothing" : `the stored versions`}`;
  if (registry.status === "incompatible") {
    const reasons = registry.messages.length > 0 ? `: ${registry.messages.join("; ")}` : " (it gave no reasons)";
    out.push({
      code: "subject/incompatible",
      severity: "error",
      message: `subject \`${subject.name}\`: the registry says the new schema is incompatible (${label})${reasons}`,
      why:
        kgovSays.length === 0
          ? "kgov's own engine found no problem; the registry's verdict decides."
          : "Consumers or producers of the subject could not read the data of the others.",
      fix: `Make the change ${level}-compatible (kgov's findings below say where), or publish a new subject.`,
      ...where,
    });
  } else if (kgovSays.length > 0 && registry.status === "compatible") {
    out.push({
      code: "subject/engines-disagree",
      severity: "warning",
      message: `subject \`${subject.name}\`: the registry accepts the new schema but kgov's engine finds ${kgovSays.length} problem(s); the registry's verdict decides`,
      why: "kgov follows Confluent's rules; a registry with its own implementation (such as Apicurio) may judge differently.",
      fix: "Check the findings below; they may break clients of a Confluent registry.",
      ...where,
    });
  } else if (kgovSays.length > 0) {
    out.push({
      code: "subject/incompatible",
      severity: "error",
      message: `subject \`${subject.name}\`: the new schema is incompatible (${label}, kgov's engine; the registry checks at apply)`,
      fix: `Make the change ${level}-compatible, or publish a new subject.`,
      ...where,
    });
  }
  const severity = registry.status === "compatible" ? "warning" : "error";
  for (const f of kgovSays) {
    out.push({
      code: `compat/${f.rule}` as Diagnostic["code"],
      severity,
      message: `${subject.name} (${level}, against v${f.againstVersion}, ${f.direction === "BACKWARD" ? "new schema reading old data" : "old schema reading new data"}): ${f.message}`,
      ...(f.path ? { path: f.path } : {}),
      source: f.source ?? subject.source,
      fix: `Make the change ${level}-compatible, or publish a new subject.`,
    });
  }
  return out;
}
