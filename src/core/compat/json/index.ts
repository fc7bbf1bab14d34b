import type { SourceRange } from "../../diagnostics/index.js";
import { LineIndex } from "../../schema-files/text-position.js";
import type { CompatFinding, FormatChecker, SchemaVersion } from "../types.js";
import { diffSchemas } from "./diff.js";
import { parseJsonSchemaText, type ParsedJsonSchema } from "./model.js";

export type { ParsedJsonSchema } from "./model.js";
export { JSON_RULES, type JsonRule, type JsonRuleId } from "./rules.js";

/**
 * Confluent Schema Registry's JSON Schema compatibility, offline. `canRead(reader, writer)` lists every change that
 * keeps `reader` from accepting all data valid under `writer` (for BACKWARD the new schema is the reader), by
 * Confluent's STRICT rule set or, with `policy: "LENIENT"`, its LENIENT one. Local `$ref`s (`#/definitions/…`,
 * `#/$defs/…`, any JSON pointer, `$anchor`) are followed, recursive ones included.
 */
export const jsonSchemaChecker: FormatChecker<ParsedJsonSchema> = {
  parse(version: SchemaVersion, role: "previous" | "candidate") {
    const result = parseJsonSchemaText(version.text);
    const at = (offset: number): { source?: SourceRange } =>
      version.path === undefined ? {} : { source: new LineIndex(version.text).range(version.path, offset) };
    if (!result.ok) return { error: result.problem.message, ...at(result.problem.offset) };
    // The registry parses stored versions leniently; a new schema must be well-formed.
    const problem = result.problems[0];
    if (role === "candidate" && problem !== undefined) return { error: problem.message, ...at(problem.offset) };
    return { parsed: result.parsed };
  },

  canRead(reader, writer, context): CompatFinding[] {
    return diffSchemas(reader.root, writer.root, {
      ...(context.readerPath !== undefined ? { readerPath: context.readerPath } : {}),
      ...(context.writerPath !== undefined ? { writerPath: context.writerPath } : {}),
      policy: context.policy ?? "STRICT",
    });
  },
};
