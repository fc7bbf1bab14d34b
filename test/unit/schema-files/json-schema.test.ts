import { describe, expect, it } from "vitest";
import { parseSchemaFile } from "../../../src/core/schema-files/index.js";
import { expectOnlyProblem, fixtureText, parseFixture } from "./fixtures.js";

function parseJson(schema: unknown) {
  return parseSchemaFile({ path: "inline.json", text: JSON.stringify(schema, null, 2) });
}

describe("JSON Schema (.json)", () => {
  it.each([
    ["json/order-requested.json", "draft-07"],
    ["json/order-requested-2020.json", "2020-12"],
  ])("accepts %s, checked against %s", (name, draft) => {
    const result = parseFixture(name);
    expect(result.diagnostics).toEqual([]);
    expect(result.parsed).toMatchObject({ schemaType: "JSON", draft });
    expect(result.parsed?.canonicalText).toBe(JSON.stringify(JSON.parse(fixtureText(name))));
  });

  it("reports a misspelt type at its value, with the allowed types and a suggestion", () => {
    const result = parseFixture("json/type-typo.json");
    expectOnlyProblem(result, "schema/json-schema-invalid", 6, 15);
    expect(result.diagnostics[0]?.message).toBe(
      '"type" is "strin", expected one of: array, boolean, integer, null, number, object, string',
    );
    expect(result.diagnostics[0]?.fix).toBe('Did you mean "string"?');
  });

  it("defaults to draft-07 and reports every meta-schema violation at its node", () => {
    const result = parseFixture("json/wrong-keyword-types.json");
    expect(result.diagnostics.map((d) => [d.code, d.source?.start.line, d.source?.start.column, d.message])).toEqual([
      ["schema/json-schema-invalid", 3, 15, '"required" must be an array'],
      ["schema/json-schema-invalid", 5, 49, '"minLength" must be >= 0'],
    ]);
  });

  it("reports regular expressions that do not compile and local $refs that point at nothing", () => {
    const result = parseFixture("json/bad-ref-and-pattern.json");
    expect(result.diagnostics.map((d) => [d.source?.start.line, d.source?.start.column, d.message, d.fix])).toEqual([
      [4, 47, 'invalid regular expression "^ord-[0-9+$": Unterminated character class', undefined],
      [5, 27, '$ref "#/definitions/Custmer" points at nothing in this file', 'Did you mean "#/definitions/Customer"?'],
    ]);
  });

  it("resolves refs to the root, escaped pointers and anchors, and leaves external refs to the registry", () => {
    const result = parseJson({
      $schema: "https://json-schema.org/draft/2019-09/schema",
      $defs: { "a/b": { $anchor: "ab", type: "string" }, tree: { items: { $ref: "#" } } },
      properties: {
        x: { $ref: "#/$defs/a~1b" },
        y: { $ref: "#ab" },
        z: { $ref: "customer.json" },
        w: { $ref: "#/$defs/tree/items" },
      },
    });
    expect(result.diagnostics).toEqual([]);
    expect(result.parsed).toMatchObject({ draft: "2019-09" });
  });

  it("does not mistake instance data for schemas", () => {
    const result = parseJson({ enum: [{ pattern: "[" }], default: { $ref: "#/nowhere" }, type: "object" });
    expect(result.diagnostics).toEqual([]);
  });

  it("warns that a draft kgov cannot check is not meta-validated, and still returns the schema", () => {
    const result = parseFixture("json/draft-04.json");
    expect(result.diagnostics.map((d) => [d.code, d.severity, d.source?.start.line, d.source?.start.column])).toEqual([
      ["schema/json-schema-unknown-draft", "warning", 2, 14],
    ]);
    expect(result.parsed).toMatchObject({ schemaType: "JSON" });
    expect(result.parsed).not.toHaveProperty("draft");
  });

  it("reports that a schema must be an object or a boolean", () => {
    const result = parseSchemaFile({ path: "inline.json", text: "42" });
    expectOnlyProblem(result, "schema/json-schema-invalid", 1, 1);
    expect(result.diagnostics[0]?.message).toBe("the schema must be an object or a boolean");
  });

  it("reports comments as a JSON syntax error", () => {
    expectOnlyProblem(parseFixture("json/not-json.json"), "schema/json-invalid", 3, 3);
  });
});
