import { DIAGNOSTIC_CODES, type Diagnostic, type DiagnosticCode, type SourceRange } from "../diagnostics/index.js";

export interface ProblemDetails {
  readonly why?: string;
  readonly fix?: string;
  readonly path?: string;
}

/** A diagnostic with the code's default severity, located in a schema file. */
export function schemaProblem(
  code: DiagnosticCode,
  message: string,
  source: SourceRange,
  details: ProblemDetails = {},
): Diagnostic {
  return { code, severity: DIAGNOSTIC_CODES[code].severity, message, source, ...details };
}
