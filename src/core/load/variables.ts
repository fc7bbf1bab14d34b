import type { Diagnostic, SourceRange } from "../diagnostics/index.js";

const REFERENCE = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * Replaces `${env:NAME}` in every string of a value. An unset variable is an error that names the variable;
 * the value of a set variable is never put into a diagnostic, because it may be a secret.
 */
export function resolveVariables(
  value: unknown,
  variables: Readonly<Record<string, string | undefined>>,
  locate: (path: (string | number)[]) => SourceRange,
): { value: unknown; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const walk = (v: unknown, path: (string | number)[]): unknown => {
    if (typeof v === "string") {
      return v.replace(REFERENCE, (match, name: string) => {
        const resolved = variables[name];
        if (resolved === undefined) {
          diagnostics.push({
            code: "format/unset-variable",
            severity: "error",
            message: `environment variable ${name} is not set`,
            why: `\`${match}\` must be replaced by the variable's value.`,
            fix: `Export ${name} before running kgov (in CI, from a secret).`,
            source: locate(path),
          });
          return match;
        }
        return resolved;
      });
    }
    if (Array.isArray(v)) return v.map((item, i) => walk(item, [...path, i]));
    if (typeof v === "object" && v !== null) {
      return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, walk(item, [...path, k])]));
    }
    return v;
  };
  return { value: walk(value, []), diagnostics };
}
