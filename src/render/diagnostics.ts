import { countDiagnostics, sortDiagnostics, type Diagnostic, type Severity } from "../core/diagnostics/index.js";
import { plainStyle, type Style } from "./style.js";

/** Gives the text of a user file so the text renderer can show a code frame; undefined when not available. */
export type SourceLookup = (file: string) => string | undefined;

/** The JSON contract for diagnostics; bump when a field changes meaning or disappears. */
export const DIAGNOSTICS_FORMAT_VERSION = 1;

const SEVERITY_LABEL: Record<Severity, string> = { error: "error", warning: "warning", info: "info" };

function severityStyled(severity: Severity, style: Style): string {
  const label = SEVERITY_LABEL[severity];
  if (severity === "error") return style.bold(style.red(label));
  if (severity === "warning") return style.bold(style.yellow(label));
  return style.bold(style.cyan(label));
}

/** Two lines of context before the reported line and one after, with a caret under the column. */
function codeFrame(text: string, line: number, column: number, endColumn: number | undefined, style: Style): string[] {
  const lines = text.split(/\r?\n/);
  if (line < 1 || line > lines.length) return [];
  const first = Math.max(1, line - 2);
  const last = Math.min(lines.length, line + 1);
  const width = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const content = (lines[n - 1] ?? "").slice(0, 200);
    const marker = n === line ? style.red(">") : " ";
    out.push(`${marker} ${style.dim(String(n).padStart(width))} | ${content}`);
    if (n === line) {
      const span = Math.max(1, Math.min((endColumn ?? column + 1) - column, content.length - column + 1));
      out.push(`  ${" ".repeat(width)} | ${" ".repeat(Math.max(0, column - 1))}${style.red("^".repeat(span))}`);
    }
  }
  return out;
}

export function formatLocation(d: Diagnostic): string | undefined {
  if (d.source) return `${d.source.file}:${d.source.start.line}:${d.source.start.column}`;
  return d.path;
}

/** Human text: `error[code]: message`, the place, a code frame, then why and fix. */
export function renderDiagnosticsText(
  diagnostics: readonly Diagnostic[],
  options: { style?: Style; sources?: SourceLookup } = {},
): string {
  const style = options.style ?? plainStyle;
  const blocks: string[] = [];
  for (const d of sortDiagnostics(diagnostics)) {
    const lines = [`${severityStyled(d.severity, style)}${style.dim(`[${d.code}]`)}: ${style.bold(d.message)}`];
    const location = formatLocation(d);
    if (location) lines.push(`  ${style.cyan("-->")} ${location}`);
    const text = d.source ? options.sources?.(d.source.file) : undefined;
    if (d.source && text !== undefined) {
      const endColumn = d.source.end && d.source.end.line === d.source.start.line ? d.source.end.column : undefined;
      lines.push(...codeFrame(text, d.source.start.line, d.source.start.column, endColumn, style).map((l) => `  ${l}`));
    }
    if (d.why) lines.push(`  ${style.bold("why:")} ${d.why}`);
    if (d.fix) lines.push(`  ${style.bold("fix:")} ${d.fix}`);
    blocks.push(lines.join("\n"));
  }
  return blocks.length === 0 ? "" : `${blocks.join("\n\n")}\n`;
}

export function renderSummaryLine(diagnostics: readonly Diagnostic[]): string {
  const c = countDiagnostics(diagnostics);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  return `${plural(c.errors, "error")}, ${plural(c.warnings, "warning")}, ${plural(c.infos, "info")}`;
}

export interface DiagnosticsDocument {
  formatVersion: number;
  ok: boolean;
  errorCount: number;
  warningCount: number;
  infoCount: number;
  diagnostics: Diagnostic[];
}

/** The versioned JSON document; arrays are always present and counts are redundant on purpose. */
export function diagnosticsDocument(diagnostics: readonly Diagnostic[]): DiagnosticsDocument {
  const c = countDiagnostics(diagnostics);
  return {
    formatVersion: DIAGNOSTICS_FORMAT_VERSION,
    ok: c.errors === 0,
    errorCount: c.errors,
    warningCount: c.warnings,
    infoCount: c.infos,
    diagnostics: sortDiagnostics(diagnostics),
  };
}

/** GitHub Actions escapes: data needs %, CR, LF; properties also need : and , escaped. */
function escapeData(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}
function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

const ANNOTATION: Record<Severity, string> = { error: "error", warning: "warning", info: "notice" };

/** One workflow command per diagnostic, so findings appear on the pull request's changed lines. */
export function renderDiagnosticsGithub(diagnostics: readonly Diagnostic[]): string {
  const out: string[] = [];
  for (const d of sortDiagnostics(diagnostics)) {
    const props: string[] = [];
    if (d.source) {
      props.push(
        `file=${escapeProperty(d.source.file)}`,
        `line=${d.source.start.line}`,
        `col=${d.source.start.column}`,
      );
      if (d.source.end) props.push(`endLine=${d.source.end.line}`, `endColumn=${d.source.end.column}`);
    }
    props.push(`title=${escapeProperty(d.code)}`);
    const body = [
      d.path && !d.source ? `${d.path}: ${d.message}` : d.message,
      d.why,
      d.fix ? `Fix: ${d.fix}` : undefined,
    ]
      .filter((x): x is string => x !== undefined)
      .join("\n");
    out.push(`::${ANNOTATION[d.severity]} ${props.join(",")}::${escapeData(body)}`);
  }
  return out.length === 0 ? "" : `${out.join("\n")}\n`;
}
