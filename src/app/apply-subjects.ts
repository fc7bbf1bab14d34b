import type { Diagnostic } from "../core/diagnostics/index.js";
import type { SubjectAction, SubjectDelete, SubjectRegister, SubjectSetCompatibility } from "../core/plan/index.js";
import { RegistryPortError, type RegistryPort, type SchemaSubmission } from "../ports/registry.js";

export interface SubjectOutcome {
  readonly outcome: "applied" | "failed" | "skipped";
  readonly reason?: string;
  readonly diagnostic?: Diagnostic;
}

/**
 * One subject phase. Level changes and deletions run concurrently (the port bounds the requests in flight).
 * Registrations run in waves: a schema goes once every subject it references has its planned version, and one whose
 * dependency failed is skipped, naming it. A registration the registry could not be asked about at plan time
 * (deferred verdict) is checked first and refused when incompatible, so nothing incompatible is ever registered.
 */
export async function runSubjectPhase(
  phase: SubjectAction["type"],
  actions: readonly SubjectAction[],
  port: RegistryPort,
  diagnostics: Diagnostic[],
): Promise<Map<SubjectAction, SubjectOutcome>> {
  const out = new Map<SubjectAction, SubjectOutcome>();
  const run = async (action: SubjectAction, step: () => Promise<string | undefined>) => {
    try {
      const reason = await step();
      out.set(action, { outcome: "applied", ...(reason !== undefined ? { reason } : {}) });
    } catch (error) {
      if (!(error instanceof RegistryPortError)) throw error;
      diagnostics.push(error.diagnostic);
      out.set(action, { outcome: "failed", diagnostic: error.diagnostic });
    }
  };
  if (phase === "subject.set-compatibility") {
    await Promise.all(
      (actions as SubjectSetCompatibility[]).map((a) =>
        run(a, async () => {
          await port.setSubjectCompatibility(a.subject, a.to);
          return undefined;
        }),
      ),
    );
  } else if (phase === "subject.delete") {
    await Promise.all(
      (actions as SubjectDelete[]).map((a) =>
        run(a, async () => {
          await port.deleteSubject(a.subject, { permanent: false });
          if (a.permanent) await port.deleteSubject(a.subject, { permanent: true });
          return a.permanent ? "soft, then permanently deleted" : "soft-deleted";
        }),
      ),
    );
  } else {
    await registerInWaves(actions as SubjectRegister[], port, out, run);
  }
  return out;
}

async function registerInWaves(
  actions: readonly SubjectRegister[],
  port: RegistryPort,
  out: Map<SubjectAction, SubjectOutcome>,
  run: (action: SubjectAction, step: () => Promise<string | undefined>) => Promise<void>,
): Promise<void> {
  const planned = new Map(actions.map((a) => [a.subject, a]));
  /** Versions registered by this apply, for the references that point at them. */
  const registered = new Map<string, number>();
  const referencedHere = new Set(
    actions.flatMap((a) => a.references.filter((r) => r.version === null).map((r) => r.subject)),
  );
  let pending = [...actions];
  while (pending.length > 0) {
    const ready: SubjectRegister[] = [];
    const waiting: SubjectRegister[] = [];
    for (const action of pending) {
      const blockers = action.references.filter((r) => r.version === null && !registered.has(r.subject));
      const failed = blockers.find((r) => out.has(planned.get(r.subject) as SubjectAction) || !planned.has(r.subject));
      if (failed) {
        out.set(action, {
          outcome: "skipped",
          reason: `not attempted: its reference ${failed.subject} was not registered`,
        });
      } else if (blockers.length === 0) ready.push(action);
      else waiting.push(action);
    }
    if (ready.length === 0) break;
    await Promise.all(
      ready.map((action) =>
        run(action, async () => {
          const submission: SchemaSubmission = {
            schema: action.schema,
            schemaType: action.schemaType,
            references: action.references.map((r) => ({
              name: r.name,
              subject: r.subject,
              version: r.version ?? (registered.get(r.subject) as number),
            })),
          };
          if (action.compatibility.registry.status === "deferred") {
            const verdict = await port.checkCompatibility(action.subject, submission);
            if (!verdict.compatible) throw refused(action, verdict.messages);
          }
          const { id } = await port.register(action.subject, submission);
          if (!referencedHere.has(action.subject)) return `id ${id}`;
          // Registration answers with the id only; the schemas referring to this one need its version.
          const version = (await port.lookupSchema(action.subject, submission))?.version;
          if (version !== undefined) registered.set(action.subject, version);
          return `id ${id}${version !== undefined ? `, version ${version}` : ""}`;
        }),
      ),
    );
    pending = waiting;
  }
  for (const action of pending) {
    if (!out.has(action))
      out.set(action, { outcome: "skipped", reason: "not attempted: a reference was not registered" });
  }
}

function refused(action: SubjectRegister, messages: readonly string[]): RegistryPortError {
  const reasons = messages.length > 0 ? `: ${messages.join("; ")}` : "";
  return new RegistryPortError({
    code: "subject/incompatible",
    severity: "error",
    message: `subject \`${action.subject}\`: the registry refuses the new schema at ${action.compatibility.level}${reasons}; nothing was registered`,
    fix: "Run kgov plan to see kgov's findings, make the change compatible, or publish a new subject.",
    ...(action.source ? { source: action.source } : {}),
  });
}
