import type { Diagnostic } from "../../src/core/diagnostics/index.js";
import { buildDesiredState } from "../../src/core/load/build-state.js";
import { checkStructure } from "../../src/core/load/check-structure.js";
import { parseYaml } from "../../src/core/load/parse-yaml.js";
import type { DesiredState } from "../../src/core/model/desired.js";

/** Parses, structurally checks and merges desired-state files given as strings, as the load pipeline does. */
export function desiredStateOf(files: Record<string, string>): { state: DesiredState; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const parsed = Object.entries(files).flatMap(([path, text]) => {
    const result = parseYaml({ path, text });
    diagnostics.push(...result.diagnostics);
    if (result.file) diagnostics.push(...checkStructure(result.file));
    return result.file ? [result.file] : [];
  });
  const built = buildDesiredState(parsed, { variables: {} });
  return { state: built.state, diagnostics: [...diagnostics, ...built.diagnostics] };
}

/** code@file:line:column, the compact form tests assert on. */
export function located(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map(
    (d) => `${d.code}@${d.source ? `${d.source.file}:${d.source.start.line}:${d.source.start.column}` : "-"}`,
  );
}
