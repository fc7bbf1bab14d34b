import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import type { DiagnosticCode } from "../../../src/core/diagnostics/index.js";
import { parseSchemaFile, type SchemaFileResult } from "../../../src/core/schema-files/index.js";

const FIXTURES = join(import.meta.dirname, "fixtures");

export function fixtureText(name: string): string {
  return readFileSync(join(FIXTURES, name), "utf8");
}

/** Parses a fixture under the path it is stored at, so the extension picks the format. */
export function parseFixture(name: string, options: { mainType?: string } = {}): SchemaFileResult {
  return parseSchemaFile({ path: name, text: fixtureText(name), ...options });
}

/** Asserts exactly one diagnostic, with this code, starting at this line and column of the fixture. */
export function expectOnlyProblem(result: SchemaFileResult, code: DiagnosticCode, line: number, column: number): void {
  expect(result.diagnostics.map((d) => [d.code, d.source?.start.line, d.source?.start.column])).toEqual([
    [code, line, column],
  ]);
  expect(result.parsed).toBeUndefined();
}
