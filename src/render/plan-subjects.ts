import type { Plan, SubjectAction, SubjectCompatibility, SubjectRegister } from "../core/plan/types.js";
import { plural } from "./plan-common.js";
import type { Style } from "./style.js";

/**
 * Subject actions for the text and Markdown plans: one entry per subject, in the order apply runs them (levels,
 * registrations in dependency order, deletions).
 */
export function subjectActions(plan: Plan): SubjectAction[] {
  return plan.actions.filter((a): a is SubjectAction => a.type.startsWith("subject."));
}

/** "registry compatible, kgov compatible" and the like: both verdicts, the registry's first (it decides). */
export function verdictPhrase(c: SubjectCompatibility): string {
  const registry =
    c.registry.status === "new-subject"
      ? "new subject"
      : c.registry.status === "deferred"
        ? `registry asked at apply (${c.registry.reason})`
        : `registry ${c.registry.status}`;
  const kgov = c.kgov.status === "not-checked" ? `kgov not checked (${c.kgov.reason})` : `kgov ${c.kgov.status}`;
  return `${c.level}: ${registry}, ${kgov}`;
}

export function referencesPhrase(action: SubjectRegister): string {
  return action.references
    .map((r) => `${r.name} -> ${r.subject} ${r.version === null ? "(registered by this plan)" : `v${r.version}`}`)
    .join(", ");
}

export function subjectTextLines(plan: Plan, style: Style): string[] {
  const lines: string[] = [];
  for (const action of subjectActions(plan)) {
    const name = JSON.stringify(action.subject);
    switch (action.type) {
      case "subject.set-compatibility":
        lines.push(
          style.bold(`  # subject ${name}: compatibility level will be set (before any registration)`),
          `  ${style.yellow("~")} subject ${name} compatibility = ${action.from ?? "(unknown)"} -> ${action.to}`,
        );
        break;
      case "subject.register": {
        const next = action.fromVersion === null ? "a first version" : `a new version after v${action.fromVersion}`;
        lines.push(style.bold(`  # subject ${name} will get ${next}`));
        lines.push(`  ${style.green("+")} subject ${name} {`);
        lines.push(`      ${style.green("+")} file          = ${JSON.stringify(action.file)} (${action.schemaType})`);
        if (action.references.length > 0) {
          lines.push(`      ${style.green("+")} references    = ${referencesPhrase(action)}`);
        }
        const verdict = verdictPhrase(action.compatibility);
        const bad =
          action.compatibility.registry.status === "incompatible" ||
          action.compatibility.kgov.status === "incompatible";
        lines.push(`      ${style.green("+")} compatibility = ${bad ? style.red(verdict) : verdict}`);
        lines.push("    }");
        break;
      }
      case "subject.delete": {
        const how = action.permanent ? "soft, then permanently deleted" : "soft-deleted";
        const header = action.allowed
          ? `  # subject ${name} will be ${how}`
          : `  # subject ${name} is not desired: would delete; pass --allow-delete`;
        lines.push(style.bold(header), `  ${style.red("-")} subject ${name} (${plural(action.versions, "version")})`);
        break;
      }
    }
    for (const risk of action.risks) lines.push(`      ${style.red(`# ${risk.kind}: ${risk.reason}`)}`);
    lines.push("");
  }
  return lines;
}
