import { countDiagnostics, sortDiagnostics, type Diagnostic } from "../core/diagnostics/index.js";
import { formatLocation } from "./diagnostics.js";

export interface SubjectLine {
  readonly subject: string;
  readonly file: string;
  readonly level: string;
  readonly status: string;
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/</g, "&lt;").replace(/\r?\n/g, " ");

/** `kgov schema test-compat --output markdown`: a verdict line, one row per subject, then the findings. */
export function renderTestCompatMarkdown(
  heading: string,
  subjects: readonly SubjectLine[],
  diagnostics: readonly Diagnostic[],
): string {
  const { errors } = countDiagnostics(diagnostics);
  const out = [
    `### ${cell(heading)}`,
    "",
    errors > 0 ? `**Incompatible: ${errors} error${errors === 1 ? "" : "s"}.**` : "**All subjects are compatible.**",
    "",
  ];
  if (subjects.length > 0) {
    out.push("| Subject | Level | Verdict | File |", "| --- | --- | --- | --- |");
    for (const s of subjects) {
      const verdict = s.status === "incompatible" || s.status === "invalid" ? `**${s.status}**` : s.status;
      out.push(`| \`${cell(s.subject)}\` | ${s.level} | ${verdict} | \`${cell(s.file)}\` |`);
    }
    out.push("");
  }
  for (const d of sortDiagnostics(diagnostics)) {
    const where = formatLocation(d);
    out.push(
      `- **${d.severity}** \`${d.code}\`${where ? ` at \`${cell(where)}\`` : ""}: ${cell(d.message)}${d.fix ? ` — Fix: ${cell(d.fix)}` : ""}`,
    );
  }
  return `${out.join("\n").replace(/\n+$/, "")}\n`;
}
