// Annotations from a saved plan: its diagnostics, and the risks of each change, on the lines that declare them.
import { annotation, fileFromRepositoryRoot } from "./workflow-commands.mjs";

const LEVEL = { error: "error", warning: "warning", info: "notice" };

function position(source, workingDirectory) {
  return {
    file: fileFromRepositoryRoot(source.file, workingDirectory),
    line: source.start?.line,
    col: source.start?.column,
  };
}

function subjectOf(action) {
  return action.topic ?? action.subject ?? action.binding?.principal ?? action.type;
}

/** Annotations for a plan document (`kgov plan --out`); unknown fields are ignored. */
export function planAnnotations(plan, workingDirectory) {
  const annotations = [];
  for (const d of plan.diagnostics ?? []) {
    if (!d.source?.file) continue;
    const body = [d.message, d.why, d.fix ? `Fix: ${d.fix}` : undefined].filter(Boolean).join("\n");
    annotations.push(
      annotation(LEVEL[d.severity] ?? "warning", { ...position(d.source, workingDirectory), title: d.code }, body),
    );
  }
  for (const action of plan.actions ?? []) {
    const source = action.source ?? action.origins?.find((o) => o.source)?.source;
    if (!source?.file || !action.risks?.length) continue;
    const kinds = [...new Set(action.risks.map((r) => r.kind))].join(", ");
    const body = [`${action.type} ${subjectOf(action)}`, ...action.risks.map((r) => `${r.kind}: ${r.reason}`)];
    annotations.push(
      annotation("warning", { ...position(source, workingDirectory), title: `kgov plan: ${kinds}` }, body.join("\n")),
    );
  }
  return annotations;
}
