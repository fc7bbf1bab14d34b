import { posix } from "node:path";
import type { Diagnostic } from "../diagnostics/index.js";
import type { SchemaType } from "../model/desired.js";
import type { DesiredReference } from "../model/subjects.js";
import { AVRO_PRIMITIVES } from "../schema-files/avro-walk.js";
import { closestMatch } from "../schema-files/suggest.js";
import type { ReferenceNeed } from "./schema-facts.js";

/** A standalone entry, as a schema referring to another file or type finds it. */
export interface ReferenceTarget {
  readonly subject: string;
  readonly file: string;
  readonly schemaType: SchemaType;
  /** Avro: the full name of its top-level named type. */
  readonly recordName?: string;
}

export interface ResolvedReference extends DesiredReference {
  readonly need: ReferenceNeed;
}

/**
 * The standalone subjects a schema's needs refer to: an Avro name to the entry whose top-level type has it, a
 * Protobuf import or a JSON Schema `$ref` to the entry whose file it names (relative to the referring file; an import
 * may also name the end of the entry's path). Every need that matches no entry, or several, is a located error.
 */
export function resolveReferences(
  referrer: { readonly subject: string; readonly file: string },
  needs: readonly ReferenceNeed[],
  targets: readonly ReferenceTarget[],
): { references: ResolvedReference[]; diagnostics: Diagnostic[] } {
  const references: ResolvedReference[] = [];
  const diagnostics: Diagnostic[] = [];
  const others = targets.filter((t) => t.subject !== referrer.subject);
  for (const need of needs) {
    // A $ref into the file itself is local, whatever path it takes.
    if (need.kind === "json-ref" && relativeTo(referrer.file, need.name) === referrer.file) continue;
    const matches = matching(need, referrer.file, others);
    const subjects = [...new Set(matches.map((t) => t.subject))].sort();
    if (subjects.length === 1) references.push({ name: need.name, subject: subjects[0] as string, need });
    else if (subjects.length === 0) diagnostics.push(unresolved(need, others));
    else diagnostics.push(ambiguous(need, subjects));
  }
  references.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { references, diagnostics };
}

function relativeTo(referrer: string, path: string): string {
  return posix.normalize(posix.join(posix.dirname(referrer), path));
}

function matching(need: ReferenceNeed, referrer: string, targets: readonly ReferenceTarget[]): ReferenceTarget[] {
  if (need.kind === "avro-name") return targets.filter((t) => t.schemaType === "AVRO" && t.recordName === need.name);
  const schemaType = need.kind === "json-ref" ? "JSON" : "PROTOBUF";
  const sameType = targets.filter((t) => t.schemaType === schemaType);
  const path = relativeTo(referrer, need.name);
  const exact = sameType.filter((t) => t.file === path);
  if (exact.length > 0 || need.kind === "json-ref") return exact;
  // protoc resolves imports against include paths, often the repository root or a proto folder.
  return sameType.filter((t) => t.file === need.name || t.file.endsWith(`/${need.name}`));
}

const WHAT: Readonly<Record<ReferenceNeed["kind"], (name: string) => string>> = {
  "avro-name": (name) => `type \`${name}\` is defined neither in this file nor by a standalone schema`,
  "protobuf-import": (name) => `import "${name}" is not the file of any standalone schema`,
  "json-ref": (name) => `$ref "${name}" is not the file of any standalone schema`,
};

function unresolved(need: ReferenceNeed, targets: readonly ReferenceTarget[]): Diagnostic {
  const suggestion = need.kind === "avro-name" ? avroSuggestion(need, targets) : undefined;
  return {
    code: "subject/reference-unresolved",
    severity: "error",
    message: WHAT[need.kind](need.name),
    why: "The registry resolves it through a schema reference to the subject holding it, so that subject must be declared.",
    fix:
      (suggestion !== undefined ? `Did you mean \`${suggestion}\`? Otherwise declare` : "Declare") +
      " the schema that holds it under the top-level `schemas:` section (subject → `{ file: … }`).",
    source: need.locate(),
  };
}

/** A likely typo: of a type defined here or by a standalone schema, or of a primitive (written without namespace). */
function avroSuggestion(need: ReferenceNeed, targets: readonly ReferenceTarget[]): string | undefined {
  const avroNames = targets.flatMap((t) => (t.schemaType === "AVRO" && t.recordName) || []);
  const shortName = need.name.slice(need.name.lastIndexOf(".") + 1);
  return (
    closestMatch(need.name, [...(need.localNames ?? []), ...avroNames]) ?? closestMatch(shortName, [...AVRO_PRIMITIVES])
  );
}

function ambiguous(need: ReferenceNeed, subjects: readonly string[]): Diagnostic {
  return {
    code: "subject/reference-ambiguous",
    severity: "error",
    message: `${need.kind === "avro-name" ? "type" : "file"} \`${need.name}\` is provided by several standalone schemas: ${subjects.join(", ")}`,
    why: "A reference names exactly one subject; kgov cannot tell which one is meant.",
    fix: "Keep one standalone schema for it.",
    source: need.locate(),
  };
}
