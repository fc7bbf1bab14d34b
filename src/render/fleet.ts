import type { FleetEntry, FleetPlan } from "../core/plan/fleet.js";
import { hasChanges } from "../core/plan/types.js";
import { renderDiagnosticsText } from "./diagnostics.js";
import { renderPlanMarkdown } from "./plan-markdown.js";
import { renderPlanText } from "./plan-text.js";
import { plainStyle, type Style } from "./style.js";

/** One line of the summary table per environment: its outcome and its counts. */
function summaryRow(e: FleetEntry): string[] {
  if (!e.plan) {
    const first = e.diagnostics.find((d) => d.severity === "error");
    return [
      e.environment,
      `not planned (exit ${e.exitCode})`,
      "",
      "",
      "",
      first ? `${first.code}: ${first.message}` : "",
    ];
  }
  const s = e.plan.summary;
  const errors = e.plan.diagnostics.filter((d) => d.severity === "error").length;
  const outcome = errors > 0 ? `${errors} error(s)` : hasChanges(e.plan) ? "changes" : "no changes";
  const drift = e.plan.drift ? `${e.plan.drift.actions.length} drift` : "";
  return [
    e.environment,
    outcome,
    `+${s.create} ~${s.update} -${s.delete}`,
    `+${s.acls.create} -${s.acls.delete}`,
    `+${s.subjects.register} ~${s.subjects.compatibility} -${s.subjects.delete}`,
    drift,
  ];
}

const HEADERS = ["environment", "result", "topics", "ACL bindings", "subjects", "note"];

/** The fleet as text: a section per environment (its whole plan), then the summary table. */
export function renderFleetText(fleet: FleetPlan, style: Style = plainStyle): string {
  const out: string[] = [];
  for (const e of fleet.environments) {
    out.push(style.bold(`━━ environment ${e.environment} ━━`), "");
    if (e.plan) out.push(renderPlanText(e.plan, { style }));
    else out.push(renderDiagnosticsText(e.diagnostics, { style }), `Not planned (exit ${e.exitCode}).`, "");
  }
  const rows = [HEADERS, ...fleet.environments.map(summaryRow)];
  const widths = HEADERS.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  out.push(style.bold(`Summary of ${fleet.environments.length} environments:`));
  for (const row of rows)
    out.push(
      `  ${row
        .map((c, i) => c.padEnd(widths[i] ?? 0))
        .join("  ")
        .trimEnd()}`,
    );
  return `${out.join("\n")}\n`;
}

/** The fleet as Markdown: the summary table first (what a reviewer reads), then each environment's plan. */
export function renderFleetMarkdown(fleet: FleetPlan, command: "plan" | "drift" = "plan"): string {
  const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
  const out = [
    `## kgov ${command}: ${fleet.environments.length} environments`,
    "",
    `| ${HEADERS.join(" | ")} |`,
    `| ${HEADERS.map(() => "---").join(" | ")} |`,
    ...fleet.environments.map((e) => `| ${summaryRow(e).map(cell).join(" | ")} |`),
    "",
  ];
  for (const e of fleet.environments) {
    out.push(`## Environment \`${e.environment}\``, "");
    if (e.plan) out.push(renderPlanMarkdown(e.plan));
    else out.push(...e.diagnostics.map((d) => `- **${d.severity}** \`${d.code}\`: ${cell(d.message)}`), "");
  }
  return `${out.join("\n").replace(/\n+$/, "")}\n`;
}
