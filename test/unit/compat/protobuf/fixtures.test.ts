import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PROTOBUF_RULES, protobufChecker, type ParsedProto } from "../../../../src/core/compat/protobuf/index.js";

/**
 * One folder per case: `writer.proto` (data written with it), `reader.proto` (the schema reading it) and
 * `expected.json`, the findings of `canRead(reader, writer)` as { rule, path, file, line, column }; `[]` when the
 * change is compatible. Folders named `ok-*` are compatible changes; the others are named `<rule>` or
 * `<rule>--<variant>` after the rule id (without `protobuf/`) they exercise.
 */
const FIXTURES = import.meta.dirname;
const cases = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

interface ExpectedFinding {
  readonly rule: string;
  readonly path: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

function load(folder: string, file: "reader.proto" | "writer.proto"): ParsedProto {
  const text = readFileSync(join(FIXTURES, folder, file), "utf8");
  // Parsing both as candidates also proves every fixture is a valid schema.
  const result = protobufChecker.parse({ text, path: file }, "candidate");
  expect(result.error).toBeUndefined();
  return result.parsed as ParsedProto;
}

function expected(folder: string): ExpectedFinding[] {
  return JSON.parse(readFileSync(join(FIXTURES, folder, "expected.json"), "utf8")) as ExpectedFinding[];
}

describe("protobuf compatibility fixtures", () => {
  it("has fixture folders", () => {
    expect(cases.length).toBeGreaterThan(20);
  });

  it.each(cases)("%s", (folder) => {
    const reader = load(folder, "reader.proto");
    const writer = load(folder, "writer.proto");
    const findings = protobufChecker.canRead(reader, writer, {
      readerPath: "reader.proto",
      writerPath: "writer.proto",
    });
    const actual = findings.map((f) => ({
      rule: f.rule,
      path: f.path,
      file: f.source?.file,
      line: f.source?.start.line,
      column: f.source?.start.column,
    }));
    expect(actual).toEqual(expected(folder));
    for (const finding of findings) {
      expect(Object.keys(PROTOBUF_RULES)).toContain(finding.rule);
      expect(finding.message.length).toBeGreaterThan(20);
    }
    // `ok-<change>`: compatible; `<rule>` or `<rule>--<variant>`: that rule is among the findings.
    if (folder.startsWith("ok-")) expect(actual).toEqual([]);
    else expect(actual.map((f) => f.rule)).toContain(`protobuf/${folder.split("--")[0]}`);
  });

  it("covers every rule with a fixture", () => {
    const seen = new Set(cases.flatMap((folder) => expected(folder).map((f) => f.rule)));
    for (const rule of Object.keys(PROTOBUF_RULES)) expect(seen, rule).toContain(rule);
  });
});
