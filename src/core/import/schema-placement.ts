import { posix } from "node:path";
import type { Diagnostic } from "../diagnostics/index.js";
import type { SchemaType } from "../model/desired.js";
import type { EstateSubject, ImportReportItem } from "./estate.js";

const EXTENSION: Readonly<Record<SchemaType, string>> = { AVRO: ".avsc", JSON: ".json", PROTOBUF: ".proto" };
export const SCHEMA_FOLDER = "schemas";

/** A subject's schema as a file of the import, its path relative to the output folder. */
export interface PlacedSubject {
  readonly subject: EstateSubject;
  readonly path: string;
  /** The file's text: Avro and JSON Schema pretty-printed (kgov compares canonical forms, not text). */
  readonly text: string;
}

/**
 * Where each subject's schema file goes. Avro references are by type name, so any file will do; a Protobuf import
 * and a JSON Schema `$ref` name a path relative to the referring file, so a referenced subject is placed where
 * its referrers' reference names point (`schemas/shop/money.proto` for `import "shop/money.proto"` in
 * `schemas/order.proto`). Two referrers pointing at different places for one subject: the first wins and the
 * other is reported. A path leaving the output folder is an error.
 */
export function placeSubjects(
  subjects: readonly EstateSubject[],
  report: ImportReportItem[],
): { placed: PlacedSubject[]; diagnostics: Diagnostic[] } {
  const bySubject = new Map(subjects.map((s) => [s.subject, s]));
  const paths = new Map<string, string>();
  const taken = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  const claim = (subject: EstateSubject, path: string) => {
    paths.set(subject.subject, path);
    taken.add(path.toLowerCase());
  };
  // Referrers first: a subject nobody references gets a name of its own; its references follow from it.
  const referenced = new Set(subjects.flatMap((s) => s.references.map((r) => r.subject)));
  const queue = subjects.filter((s) => !referenced.has(s.subject) || s.schemaType === "AVRO");
  for (const s of queue) claim(s, uniquePath(s, taken));
  for (let i = 0; i < queue.length; i++) {
    const referrer = queue[i]!;
    for (const ref of referrer.references) {
      const target = bySubject.get(ref.subject);
      if (!target || target.schemaType === "AVRO") continue;
      const wanted = posix.normalize(posix.join(posix.dirname(paths.get(referrer.subject)!), ref.name));
      if (posix.isAbsolute(ref.name) || wanted.startsWith("../") || /^[a-z][a-z0-9+.-]*:/i.test(ref.name)) {
        diagnostics.push(unsafe(referrer.subject, ref.name));
        continue;
      }
      const existing = paths.get(target.subject);
      if (existing === undefined) {
        claim(target, wanted);
        queue.push(target);
      } else if (existing !== wanted) {
        report.push({
          kind: "subject",
          name: referrer.subject,
          outcome: "changed",
          reason: `its reference \`${ref.name}\` points at ${wanted}, but ${target.subject} was written to ${existing} for another referrer; the plan will not resolve this reference until the names agree`,
        });
      }
    }
  }
  // Subjects only reachable through a cycle of references get a name of their own.
  for (const s of subjects) if (!paths.has(s.subject)) claim(s, uniquePath(s, taken));
  return {
    placed: subjects.map((s) => ({ subject: s, path: paths.get(s.subject)!, text: fileText(s) })),
    diagnostics,
  };
}

function uniquePath(s: EstateSubject, taken: ReadonlySet<string>): string {
  const base = s.subject.replace(/[^A-Za-z0-9._-]/g, "_");
  for (let n = 1; ; n++) {
    const path = `${SCHEMA_FOLDER}/${base}${n === 1 ? "" : `-${n}`}${EXTENSION[s.schemaType]}`;
    if (!taken.has(path.toLowerCase())) return path;
  }
}

function fileText(s: EstateSubject): string {
  if (s.schemaType === "PROTOBUF") return s.schema.endsWith("\n") ? s.schema : `${s.schema}\n`;
  try {
    return `${JSON.stringify(JSON.parse(s.schema), null, 2)}\n`;
  } catch {
    return `${s.schema}\n`; // kgov validate will point at what is wrong with it
  }
}

function unsafe(subject: string, name: string): Diagnostic {
  return {
    code: "import/unsafe-path",
    severity: "error",
    message: `subject \`${subject}\` refers to \`${name}\`, which would be written outside the output folder`,
    why: "A Protobuf import or JSON Schema $ref names the referenced file relative to the referring one; kgov writes only inside --out.",
    fix: "Leave this subject out with --subject-prefix, or register it with a relative reference name.",
    path: `subjects.${subject}`,
  };
}
