import type { Diagnostic } from "../core/diagnostics/index.js";
import type { DesiredSubject } from "../core/model/subjects.js";
import { isRefused, planSubjects, type SubjectRegister } from "../core/plan/index.js";
import type { RegistryPort } from "../ports/registry.js";
import { observeRegistry } from "./observe-registry.js";
import type { SubjectVerdict } from "./test-compat.js";

export interface RegistryTestCompatResult {
  readonly diagnostics: Diagnostic[];
  readonly subjects: SubjectVerdict[];
  /** HTTP requests sent (retries included): every one a GET or a compatibility check. */
  readonly requests: number;
}

/**
 * `kgov schema test-compat --against registry`: each desired subject whose schema no live version holds is checked by
 * the registry (POST /compatibility/subjects/{s}/versions, which honours the transitive levels) and by kgov's own
 * engine against every stored version — the same reading and verdicts as `kgov plan`, which is why it reuses
 * observeRegistry and planSubjects. It only reads: GET requests, plus the compatibility checks, which store nothing.
 * A new subject passes; a subject whose level the files change is judged by kgov's engine at the new level.
 */
export async function testCompatAgainstRegistry(
  subjects: readonly DesiredSubject[],
  port: RegistryPort,
  url: string,
): Promise<RegistryTestCompatResult> {
  const observed = await observeRegistry(port, subjects, undefined, url);
  const planned = planSubjects(subjects, observed, { allowDelete: false });
  const registrations = new Map(
    planned.actions.filter((a): a is SubjectRegister => a.type === "subject.register").map((a) => [a.subject, a]),
  );
  const verdicts = subjects.map((subject): SubjectVerdict => {
    const action = registrations.get(subject.name);
    const level =
      action?.compatibility.level ??
      subject.compatibility ??
      observed.subjects.get(subject.name)?.compatibility ??
      "BACKWARD";
    const verdict = (status: SubjectVerdict["status"]): SubjectVerdict => ({
      subject: subject.name,
      file: subject.file,
      level,
      status,
    });
    if (!action) return verdict("unchanged");
    if (action.fromVersion === null) return verdict("new");
    return verdict(isRefused(action.compatibility) ? "incompatible" : "compatible");
  });
  // A read-only subject is a problem for apply, not for the compatibility of the change.
  const diagnostics = planned.diagnostics.map((d) =>
    d.code === "subject/read-only" ? { ...d, severity: "warning" as const } : d,
  );
  verdicts.sort((a, b) => (a.subject < b.subject ? -1 : 1));
  return { diagnostics, subjects: verdicts, requests: port.traffic().requests };
}
