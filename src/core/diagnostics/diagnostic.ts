import type { DiagnosticCode } from "./codes.js";

export type CompatRuleCode = `compat/${"avro" | "json" | "protobuf"}/${string}`;

/**
 * The one shape for every problem kgov reports: config errors, compatibility findings, plan problems and runtime
 * failures. Problems are collected into a list and rendered together, never thrown one at a time.
 */
export type Severity = "error" | "warning" | "info";

/** Lines and columns are 1-based. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** Where in the user's files a problem is. `end` is exclusive and optional. */
export interface SourceRange {
  readonly file: string;
  readonly start: Position;
  readonly end?: Position;
}

export interface Diagnostic {
  /**
   * Stable identifier, "area/kebab-name"; listed in codes.ts and docs/diagnostics.md. Schema compatibility findings
   * use their rule id (`compat/avro/...`), listed in the compat rule tables and docs/compat-rules.md.
   */
  readonly code: DiagnosticCode | CompatRuleCode;
  readonly severity: Severity;
  /** What was found: one line, no trailing period. */
  readonly message: string;
  /** Why it matters. */
  readonly why?: string;
  /** What to do about it. */
  readonly fix?: string;
  readonly source?: SourceRange;
  /** Logical place when no file position is known, e.g. `topics.orders.v1.partitions` or `OrderRequested.amount`. */
  readonly path?: string;
}

export interface DiagnosticCounts {
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
}

export function countDiagnostics(diagnostics: readonly Diagnostic[]): DiagnosticCounts {
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const d of diagnostics) {
    if (d.severity === "error") errors++;
    else if (d.severity === "warning") warnings++;
    else infos++;
  }
  return { errors, warnings, infos };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** Deterministic order for output: by file, line, column, then code. Diagnostics without a source go last. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => {
    const fa = a.source?.file ?? "\uffff";
    const fb = b.source?.file ?? "\uffff";
    if (fa !== fb) return fa < fb ? -1 : 1;
    const la = a.source?.start.line ?? 0;
    const lb = b.source?.start.line ?? 0;
    if (la !== lb) return la - lb;
    const ca = a.source?.start.column ?? 0;
    const cb = b.source?.start.column ?? 0;
    if (ca !== cb) return ca - cb;
    if (a.code !== b.code) return a.code < b.code ? -1 : 1;
    // Last tie-break, so output does not depend on the order concurrent file reads finished in.
    return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
  });
}
