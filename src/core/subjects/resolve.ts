import type { Diagnostic } from "../diagnostics/index.js";
import type { DesiredState } from "../model/desired.js";
import type { DesiredSubject } from "../model/subjects.js";
import { checkWithReferences, type AvroCheckSubject } from "./avro-check.js";
import { subjectDeclarations, type SubjectDeclaration } from "./declarations.js";
import { orderByReferences } from "./order.js";
import { resolveReferences, type ResolvedReference, type ReferenceTarget } from "./references.js";
import { readSchemaFacts, type SchemaFacts } from "./schema-facts.js";

export interface ResolvedSubjects {
  /** Dependencies first, ties by name; subjects in (or depending on) a reference cycle last. */
  readonly subjects: DesiredSubject[];
  /** Every problem found; the subjects are complete only when none is an error. */
  readonly diagnostics: Diagnostic[];
}

interface Named {
  readonly name: string;
  readonly declaration: SubjectDeclaration;
  readonly facts: SchemaFacts;
}

/**
 * The subjects the desired state declares, with the exact text to register and the references between them.
 * `texts` holds the schema files by path relative to the working directory, Avro IDL imports included. A declared
 * file missing from it is skipped: reading it failed, and whoever read it reported why.
 */
export function resolveDesiredSubjects(state: DesiredState, texts: ReadonlyMap<string, string>): ResolvedSubjects {
  const { declarations, diagnostics } = subjectDeclarations(state);
  const subjects = new Map<string, Named>();
  for (const named of nameSubjects(declarations, texts, diagnostics)) {
    const first = subjects.get(named.name);
    if (first === undefined) subjects.set(named.name, named);
    else {
      const conflict = conflictBetween(first, named);
      if (conflict !== undefined) diagnostics.push(conflict);
    }
  }

  const targets: ReferenceTarget[] = [...subjects.values()].flatMap(({ name, declaration, facts }) =>
    declaration.declaredBy.kind === "standalone"
      ? [{ subject: name, file: declaration.file, schemaType: facts.schemaType, ...recordNameOf(facts) }]
      : [],
  );
  const references = new Map<string, ResolvedReference[]>();
  const unresolved = new Set<string>();
  for (const { name, declaration, facts } of subjects.values()) {
    const resolved = resolveReferences({ subject: name, file: declaration.file }, facts.needs, targets);
    references.set(name, resolved.references);
    if (resolved.diagnostics.length > 0) unresolved.add(name);
    diagnostics.push(...resolved.diagnostics);
  }

  const { order, cycles } = orderByReferences(
    new Map([...references].map(([name, refs]) => [name, refs.map((r) => r.subject)])),
  );
  const inCycle = new Set(cycles.flat());
  diagnostics.push(...cycles.map((cycle) => cycleDiagnostic(cycle, references)));

  const checkable = new Map<string, AvroCheckSubject>();
  for (const [name, { declaration, facts }] of subjects) {
    checkable.set(name, {
      file: declaration.file,
      text: facts.schema,
      ...(facts.avroJson !== undefined ? { avroJson: facts.avroJson } : {}),
      references: (references.get(name) ?? []).map((r) => r.subject),
    });
  }
  const checkedFiles = new Set<string>();
  for (const [name, { declaration, facts }] of subjects) {
    const needsCheck = facts.schemaType === "AVRO" && facts.needs.length > 0;
    if (!needsCheck || unresolved.has(name) || inCycle.has(name) || checkedFiles.has(declaration.file)) continue;
    checkedFiles.add(declaration.file);
    diagnostics.push(...checkWithReferences(checkable.get(name) as AvroCheckSubject, checkable));
  }

  const desired = order.map((name): DesiredSubject => {
    const { declaration, facts } = subjects.get(name) as Named;
    return {
      name,
      schemaType: facts.schemaType,
      file: declaration.file,
      schema: facts.schema,
      references: (references.get(name) ?? []).map(({ name: refName, subject }) => ({ name: refName, subject })),
      ...(declaration.compatibility !== undefined ? { compatibility: declaration.compatibility } : {}),
      declaredBy: declaration.declaredBy,
      source: declaration.source,
    };
  });
  return { subjects: desired, diagnostics };
}

const recordNameOf = (facts: SchemaFacts) => (facts.recordName !== undefined ? { recordName: facts.recordName } : {});

/** Each declaration with its file's facts and its subject's name; each file (as one type) is read once. */
function nameSubjects(
  declarations: readonly SubjectDeclaration[],
  texts: ReadonlyMap<string, string>,
  diagnostics: Diagnostic[],
): Named[] {
  const factsByFile = new Map<string, SchemaFacts | undefined>();
  const named: Named[] = [];
  for (const declaration of declarations) {
    if (!texts.has(declaration.file)) continue;
    const key = [declaration.file, declaration.schemaType, declaration.mainType].join("\0");
    if (!factsByFile.has(key)) {
      const read = readSchemaFacts(declaration, texts);
      diagnostics.push(...read.diagnostics);
      factsByFile.set(key, read.facts);
    }
    const facts = factsByFile.get(key);
    if (facts === undefined) continue;
    if ("subject" in declaration.naming) {
      named.push({ name: declaration.naming.subject, declaration, facts });
    } else if (facts.recordName !== undefined) {
      named.push({ name: `${declaration.naming.recordNamePrefix}${facts.recordName}`, declaration, facts });
    } else {
      diagnostics.push(noRecordName(declaration, facts));
    }
  }
  return named;
}

function describe(declaration: SubjectDeclaration): string {
  const by = declaration.declaredBy;
  return by.kind === "topic" ? `topic \`${by.topic}\`'s ${by.role} schema` : "the standalone schema";
}

function at(declaration: SubjectDeclaration): string {
  const { file, start } = declaration.source;
  return `${file}:${start.line}:${start.column}`;
}

function noRecordName(declaration: SubjectDeclaration, facts: SchemaFacts): Diagnostic {
  const what = {
    AVRO: "its top-level type is not a named type (record, enum or fixed)",
    JSON: "the JSON Schema has no `title`",
    PROTOBUF: "the .proto file declares no message",
  }[facts.schemaType];
  return {
    code: "subject/no-record-name",
    severity: "error",
    message: `${describe(declaration)} is named after its record name, but ${what}`,
    why: "The record and topic-record strategies name the subject after the schema's fully-qualified record name.",
    fix: "Give the schema a record name, set `subject`, or use `subjectNameStrategy: topic`.",
    source: declaration.source,
  };
}

/** Two declarations of one subject agree when they register the same file the same way at the same level. */
function conflictBetween(first: Named, again: Named): Diagnostic | undefined {
  const a = first.declaration;
  const b = again.declaration;
  const sameSchema = a.file === b.file && a.schemaType === b.schemaType && a.mainType === b.mainType;
  if (sameSchema && a.compatibility === b.compatibility) return undefined;
  const difference = sameSchema
    ? `compatibility ${b.compatibility ?? "(unset)"} instead of ${a.compatibility ?? "(unset)"}`
    : `\`${b.file}\`${b.mainType !== undefined ? ` (${b.mainType})` : ""} instead of \`${a.file}\`${a.mainType !== undefined ? ` (${a.mainType})` : ""}`;
  return {
    code: "subject/conflict",
    severity: "error",
    message: `subject \`${again.name}\` is declared again by ${describe(b)}, with ${difference}`,
    why: `It is first declared at ${at(a)} by ${describe(a)}; a subject holds one schema at one level.`,
    fix: "Make both declarations the same, or give one of them another subject.",
    source: b.source,
  };
}

function cycleDiagnostic(cycle: readonly string[], references: ReadonlyMap<string, ResolvedReference[]>): Diagnostic {
  const [first, second] = [cycle[0] as string, (cycle[1] ?? cycle[0]) as string];
  const edge = references.get(first)?.find((r) => r.subject === second);
  return {
    code: "subject/reference-cycle",
    severity: "error",
    message: `subjects reference each other in a cycle: ${[...cycle, first].join(" → ")}`,
    why: "A registry registers a referenced subject before the ones referring to it, so none of these can go first.",
    fix: "Move the shared part into a schema of its own that the others reference.",
    ...(edge !== undefined ? { source: edge.need.locate() } : {}),
  };
}
