import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseSchemaFile } from "../../../src/core/schema-files/index.js";
import { expectOnlyProblem, fixtureText } from "./fixtures.js";

const EXTENSIONS = [".avsc", ".avdl", ".json", ".proto"];
const VALID_FIXTURES = [
  "avro/order-requested.avsc",
  "idl/order-requested.avdl",
  "json/order-requested.json",
  "proto/order-requested.proto",
];

describe("parseSchemaFile", () => {
  it.each([
    ["orders.avsc", "AVRO"],
    ["orders.AVDL", "AVRO"],
    ["orders.json", "JSON"],
    ["orders.proto", "PROTOBUF"],
  ])("infers the format of %s from its extension", (path, schemaType) => {
    expect(parseSchemaFile({ path, text: "" }).schemaType).toBe(schemaType);
  });

  it("lets the declared type win over the extension", () => {
    const result = parseSchemaFile({ path: "orders.schema", text: '"string"', type: "AVRO" });
    expect(result.diagnostics).toEqual([]);
    expect(result.parsed?.canonicalText).toBe('"string"');
  });

  it("reports an unknown extension, listing the supported ones", () => {
    const result = parseSchemaFile({ path: "schemas/orders.yaml", text: "type: record" });
    expectOnlyProblem(result, "schema/unknown-type", 1, 1);
    expect(result.diagnostics[0]?.fix).toContain(".avsc");
    expect(result.diagnostics[0]?.fix).toContain(".proto");
  });

  it.each(EXTENSIONS)("reports an empty or blank %s file", (extension) => {
    expectOnlyProblem(parseSchemaFile({ path: `a${extension}`, text: " \n\t\n" }), "schema/empty", 1, 1);
  });

  it("reports binary content and bytes that are not UTF-8, at the first such character", () => {
    expectOnlyProblem(parseSchemaFile({ path: "a.avsc", text: '{"type":\n "a\u0000"}' }), "schema/not-text", 2, 4);
    const decoded = new TextDecoder().decode(new Uint8Array([0x22, 0xff, 0x22]));
    expectOnlyProblem(parseSchemaFile({ path: "a.json", text: decoded }), "schema/not-text", 1, 2);
  });

  it("ignores a byte-order mark, so columns match what editors show", () => {
    const result = parseSchemaFile({ path: "a.avsc", text: '\uFEFF{"type": "strin"}' });
    expectOnlyProblem(result, "schema/avro-invalid", 1, 10);
  });

  it("reports nesting too deep to check instead of overflowing the stack", () => {
    const result = parseSchemaFile({ path: "a.json", text: "[".repeat(100_000) });
    expect(result.diagnostics.map((d) => d.code)).toEqual(["schema/json-invalid"]);
    expect(result.diagnostics[0]?.message).toMatch(/nested deeper than/);
  });

  it("reports IDL nested too deeply for avsc's recursive reader instead of throwing", () => {
    const text = `protocol P { record A { ${"array<".repeat(20_000)}int${">".repeat(20_000)} a; } }`;
    const result = parseSchemaFile({ path: "a.avdl", text });
    expect(result.diagnostics.map((d) => d.message)).toEqual(["the schema is nested too deeply to check"]);
  });

  it.each(EXTENSIONS)("never throws on random bytes in a %s file", (extension) => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const result = parseSchemaFile({ path: `random${extension}`, text: new TextDecoder().decode(bytes) });
        expect(Array.isArray(result.diagnostics)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it.each(VALID_FIXTURES)("never throws on damaged copies of %s, and locates every problem in the file", (name) => {
    const text = fixtureText(name);
    fc.assert(
      fc.property(fc.nat(text.length), fc.nat(text.length), fc.string({ maxLength: 3 }), (at, cut, insert) => {
        const damaged = text.slice(0, at) + insert + text.slice(Math.min(text.length, at + (cut % 4)));
        const result = parseSchemaFile({ path: name, text: damaged });
        for (const diagnostic of result.diagnostics) {
          expect(diagnostic.source?.file).toBe(name);
          expect(diagnostic.source?.start.line).toBeGreaterThanOrEqual(1);
          expect(diagnostic.source?.start.column).toBeGreaterThanOrEqual(1);
        }
        expect(result.parsed === undefined).toBe(result.diagnostics.some((d) => d.severity === "error"));
      }),
      { numRuns: 300 },
    );
  });
});
