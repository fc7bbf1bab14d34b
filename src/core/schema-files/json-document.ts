import type { Diagnostic } from "../diagnostics/index.js";
import { parseJsonWithPositions, type JsonNode } from "./json-source.js";
import { schemaProblem } from "./schema-diagnostic.js";
import type { CheckedText } from "./schema-text.js";

export interface JsonDocument {
  /** Undefined when the text is not JSON. */
  readonly root?: JsonNode;
  readonly diagnostics: Diagnostic[];
}

/** Parses a JSON schema file: a syntax error, or the tree plus warnings for repeated keys. */
export function jsonDocument(file: string, source: CheckedText): JsonDocument {
  const result = parseJsonWithPositions(source.text);
  if (!result.ok) {
    const problem = schemaProblem(
      "schema/json-invalid",
      result.error.message,
      source.lines.range(file, result.error.offset),
    );
    return { diagnostics: [problem] };
  }
  const diagnostics = result.duplicateKeys.map((key) =>
    schemaProblem(
      "schema/json-duplicate-key",
      `key "${key.key}" appears more than once in this object`,
      source.lines.range(file, key.keyStart, key.keyEnd),
      {
        why: "JSON parsers keep only the last value, so the earlier one is silently ignored",
        fix: "Remove or rename one of the keys",
      },
    ),
  );
  return { root: result.root, diagnostics };
}
