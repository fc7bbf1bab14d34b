import type { DesiredSubject } from "../model/subjects.js";
import type { ObservedRegistry, StoredSchema } from "../model/registry.js";
import { canonicalSchema } from "./schema-canonical.js";
import type { PlannedReference } from "./types.js";

/**
 * For each desired subject (dependencies first), the live version that already holds its desired schema — same
 * type, same canonical text and the same references — or null when the plan must register a new version. A schema
 * referring to a subject that gets a new version is itself new: its reference points at a version not yet there.
 * Older versions count only when their history was read (observeRegistry reads it for subjects whose latest differs).
 */
export function heldVersions(
  desired: readonly DesiredSubject[],
  observed: ObservedRegistry,
): Map<string, number | null> {
  const held = new Map<string, number | null>();
  for (const subject of desired) {
    const live = observed.subjects.get(subject.name);
    const references = plannedReferences(subject, held);
    const candidates = [live?.latest, ...[...(live?.history ?? [])].reverse()];
    const match = references.some((r) => r.version === null)
      ? undefined
      : candidates.find((stored) => stored !== undefined && holds(stored, subject, references));
    held.set(subject.name, match?.version ?? null);
  }
  return held;
}

/** The subject's references with the version each points at (null: registered by this plan). */
export function plannedReferences(
  subject: DesiredSubject,
  held: ReadonlyMap<string, number | null>,
): PlannedReference[] {
  return subject.references.map((r) => ({ name: r.name, subject: r.subject, version: held.get(r.subject) ?? null }));
}

function holds(stored: StoredSchema, subject: DesiredSubject, references: readonly PlannedReference[]): boolean {
  if (stored.schemaType !== subject.schemaType) return false;
  if (stored.references.length !== references.length) return false;
  const byName = new Map(stored.references.map((r) => [r.name, r]));
  for (const r of references) {
    const live = byName.get(r.name);
    if (!live || live.subject !== r.subject || live.version !== r.version) return false;
  }
  return canonicalSchema(stored.schemaType, stored.schema) === canonicalSchema(subject.schemaType, subject.schema);
}
