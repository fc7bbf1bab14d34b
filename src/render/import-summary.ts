import type { ImportSummary } from "../core/import/render.js";
import type { Style } from "./style.js";

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en")} ${n === 1 ? one : many}`;

/** What `kgov import` did, for people: the counts, then every item it left out or changed, then the next step. */
export function renderImportSummary(
  summary: ImportSummary,
  written: { readonly out: string; readonly files: number; readonly planCommand: string },
  style: Style,
): string {
  const lines = [
    style.bold(
      `Imported ${plural(summary.topics, "topic")}, ${plural(summary.services, "service")}, ` +
        `${plural(summary.rawAcls, "raw ACL entry", "raw ACL entries")} (${plural(summary.bindings, "binding")} in all) ` +
        `and ${plural(summary.subjects, "subject")} into ${written.out} (${plural(written.files, "file")}).`,
    ),
  ];
  for (const [outcome, title] of [
    ["skipped", "Skipped"],
    ["changed", "Review: carried over with a different meaning"],
    ["info", "Notes"],
  ] as const) {
    const items = summary.report.filter((r) => r.outcome === outcome);
    if (items.length === 0) continue;
    lines.push("", `${title} (${items.length}):`);
    for (const item of items) {
      const at = item.source ? ` (${item.source.file}:${item.source.start.line}:${item.source.start.column})` : "";
      lines.push(`  ${item.kind} ${item.name}${at}: ${item.reason}`);
    }
  }
  lines.push("", `Next: ${written.planCommand}  (it should print "No changes.")`);
  return `${lines.join("\n")}\n`;
}
