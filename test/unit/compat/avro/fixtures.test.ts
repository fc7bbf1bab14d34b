/**
 * One folder per case, grouped by the rule it demonstrates: test/unit/compat/avro/<rule>/<case>/ holds
 * reader.avsc (or reader.avdl), writer.avsc and expected.json, the findings of "can the reader read data written
 * with the writer" with their rule, path and location. Cases under compatible/ expect none.
 * Regenerate expected.json after a deliberate change with UPDATE_AVRO_FIXTURES=1, then review the diff.
 */
import { readFileSync, writeFileSync } from "node:fs";
import avro from "avsc";
import { describe, expect, it } from "vitest";
import { AVRO_RULES, avroChecker, type ParsedAvro } from "../../../../src/core/compat/avro/index.js";
import { avroFixtures, type AvroFixture } from "./fixtures.js";

interface ExpectedFinding {
  readonly rule: string;
  readonly path: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

function parseBoth(fixture: AvroFixture): { reader: ParsedAvro; writer: ParsedAvro } {
  // The reader is the candidate (strict), the writer a stored version (tolerant), as under BACKWARD.
  const reader = avroChecker.parse({ text: fixture.readerText, path: fixture.readerFile }, "candidate");
  const writer = avroChecker.parse({ text: fixture.writerText, path: "writer.avsc" }, "previous");
  if (reader.parsed === undefined) throw new Error(`${fixture.name}: reader: ${reader.error}`);
  if (writer.parsed === undefined) throw new Error(`${fixture.name}: writer: ${writer.error}`);
  return { reader: reader.parsed, writer: writer.parsed };
}

const fixtures = avroFixtures();

describe("Avro compatibility fixtures", () => {
  it("has a folder of cases for every rule, and only for rules", () => {
    const groups = new Set(fixtures.map((f) => f.group));
    for (const rule of Object.keys(AVRO_RULES)) expect(groups, rule).toContain(rule.replace(/^avro\//, ""));
    for (const group of groups)
      expect(["compatible", ...Object.keys(AVRO_RULES).map((r) => r.slice(5))]).toContain(group);
  });

  it.each(fixtures.map((f) => [f.name, f] as const))("%s", (_name, fixture) => {
    const { reader, writer } = parseBoth(fixture);
    const findings = avroChecker.canRead(reader, writer, { readerPath: fixture.readerFile, writerPath: "writer.avsc" });
    const actual: ExpectedFinding[] = findings.map((f) => ({
      rule: f.rule,
      path: f.path,
      file: f.source?.file ?? "",
      line: f.source?.start.line ?? 0,
      column: f.source?.start.column ?? 0,
    }));
    if (process.env.UPDATE_AVRO_FIXTURES)
      writeFileSync(fixture.expectedPath, `${JSON.stringify({ findings: actual }, null, 2)}\n`);
    const expected = JSON.parse(readFileSync(fixture.expectedPath, "utf8")) as { findings: ExpectedFinding[] };
    expect(actual).toEqual(expected.findings);
    if (fixture.group === "compatible") {
      expect(findings).toEqual([]);
    } else {
      expect(findings.map((f) => f.rule)).toContain(`avro/${fixture.group}`);
      for (const f of findings) {
        expect(Object.keys(AVRO_RULES)).toContain(f.rule);
        expect(f.message.length).toBeGreaterThan(20);
        expect(f.source).toBeDefined();
      }
    }
  });
});

/**
 * Cases where avsc's resolver (createResolver with ignoreNamespaces, see /work/shared/domain/schema-compat.md §5)
 * and Avro/Confluent are documented to disagree, so its verdict is not compared.
 */
const AVSC_DISAGREES: Readonly<Record<string, string>> = {
  // avsc validates every default when parsing; the old version's union default "null" (not the first branch's type)
  // is rejected by Type.forSchema, while the registry reads stored versions without validating defaults.
  "compatible/previous-invalid-default": "avsc cannot parse the writer",
  // With ignoreNamespaces avsc unqualifies reader aliases too, so alias `OrderRequested` (= com.shop.v2.OrderRequested)
  // matches writer com.shop.OrderRequested; Avro requires the alias to equal the writer's full name.
  "name-mismatch/alias-in-other-namespace": "avsc ignores namespaces of aliases",
};

describe("verdicts agree with avsc's resolver", () => {
  it.each(fixtures.filter((f) => AVSC_DISAGREES[f.name] === undefined).map((f) => [f.name, f] as const))(
    "%s",
    (_name, fixture) => {
      const { reader, writer } = parseBoth(fixture);
      const compatible = avroChecker.canRead(reader, writer, {}).length === 0;
      const readerType = avro.Type.forSchema(reader.schema as avro.Schema);
      const writerType = avro.Type.forSchema(writer.schema as avro.Schema);
      let avscCompatible = true;
      try {
        readerType.createResolver(writerType, { ignoreNamespaces: true });
      } catch {
        avscCompatible = false;
      }
      expect(compatible).toBe(avscCompatible);
    },
  );

  it("still disagrees where documented (so the exclusions stay honest)", () => {
    const byName = new Map(fixtures.map((f) => [f.name, f]));
    const invalid = byName.get("compatible/previous-invalid-default");
    expect(() => avro.Type.forSchema(JSON.parse(invalid?.writerText ?? "") as avro.Schema)).toThrow();
    const alias = byName.get("name-mismatch/alias-in-other-namespace");
    if (alias === undefined) throw new Error("fixture missing");
    const readerType = avro.Type.forSchema(JSON.parse(alias.readerText) as avro.Schema);
    const writerType = avro.Type.forSchema(JSON.parse(alias.writerText) as avro.Schema);
    expect(() => readerType.createResolver(writerType, { ignoreNamespaces: true })).not.toThrow();
  });
});
