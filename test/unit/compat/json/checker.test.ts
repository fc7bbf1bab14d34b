import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkCompatibility } from "../../../../src/core/compat/index.js";
import { jsonSchemaChecker, type ParsedJsonSchema } from "../../../../src/core/compat/json/index.js";
import { describe as describeSchema } from "../../../../src/core/compat/json/text.js";

const parse = (schema: unknown, role: "candidate" | "previous" = "candidate"): ParsedJsonSchema => {
  const result = jsonSchemaChecker.parse({ text: JSON.stringify(schema, null, 2) }, role);
  if (result.parsed === undefined) throw new Error(result.error);
  return result.parsed;
};
const rules = (reader: unknown, writer: unknown, policy?: "STRICT" | "LENIENT"): string[] =>
  jsonSchemaChecker.canRead(parse(reader), parse(writer), policy ? { policy } : {}).map((f) => `${f.rule} ${f.path}`);

describe("jsonSchemaChecker.parse", () => {
  it("rejects a candidate that is not JSON, with its position", () => {
    const result = jsonSchemaChecker.parse({ text: '{\n  "type": "string",\n}', path: "s.json" }, "candidate");
    expect(result.parsed).toBeUndefined();
    expect(result.error).toMatch(/not valid JSON: trailing comma/);
    expect(result.source).toEqual({ file: "s.json", start: { line: 2, column: 19 } });
  });

  it("rejects a candidate that is not a schema object or boolean", () => {
    expect(jsonSchemaChecker.parse({ text: "[1]" }, "candidate").error).toMatch(/must be a JSON object or a boolean/);
    expect(jsonSchemaChecker.parse({ text: '"x"' }, "previous").error).toMatch(/must be a JSON object or a boolean/);
    expect(jsonSchemaChecker.parse({ text: "true" }, "candidate").parsed).toBeDefined();
  });

  it("rejects a malformed candidate but reads the same text tolerantly as a previous version", () => {
    const text = JSON.stringify({
      type: "object",
      properties: { a: { $ref: "#/definitions/missing" }, b: { type: "strnig" } },
    });
    expect(jsonSchemaChecker.parse({ text }, "candidate").error).toMatch(
      /cannot resolve "\$ref": "#\/definitions\/missing"/,
    );
    const previous = jsonSchemaChecker.parse({ text }, "previous");
    expect(previous.parsed).toBeDefined();
    // The dangling reference reads as "any value": a reader that accepts anything there is compatible.
    expect(jsonSchemaChecker.canRead(parse({ type: "object" }), previous.parsed!, {})).toEqual([]);
  });
});

describe("jsonSchemaChecker.canRead", () => {
  it("reports every incompatibility, not only the first", () => {
    const writer = {
      type: "object",
      properties: { id: { type: "string", maxLength: 20 }, amount: { type: "number" }, note: { type: "string" } },
      additionalProperties: false,
    };
    const reader = {
      type: "object",
      properties: {
        id: { type: "string", maxLength: 10, pattern: "^[a-z]+$" },
        amount: { type: "integer" },
        tag: { type: "string" },
      },
      required: ["id", "tag"],
      additionalProperties: false,
    };
    expect(rules(reader, writer)).toEqual([
      "json/max-length-decreased #/properties/id/maxLength",
      "json/pattern-added #/properties/id/pattern",
      "json/type-narrowed #/properties/amount/type",
      "json/required-property-added-to-unopen-model #/properties/tag",
      "json/property-removed-from-closed-model #/properties/note",
      "json/required-property-added #/required/0",
    ]);
  });

  it("locates findings in the reader's file, and removals in the writer's", () => {
    const reader = parse({ type: "object", properties: { a: { type: "integer" } }, additionalProperties: false });
    const writer = parse({
      type: "object",
      properties: { a: { type: "number" }, b: { type: "string" } },
      additionalProperties: false,
    });
    const findings = jsonSchemaChecker.canRead(reader, writer, { readerPath: "new.json", writerPath: "old.json" });
    expect(findings.map((f) => [f.rule, f.source])).toEqual([
      ["json/type-narrowed", { file: "new.json", start: { line: 5, column: 7 } }],
      ["json/property-removed-from-closed-model", { file: "old.json", start: { line: 7, column: 5 } }],
    ]);
    expect(findings[1]!.message).toContain('"b"');
    // Without file paths there is no source, but the JSON pointer is still there.
    const unlocated = jsonSchemaChecker.canRead(reader, writer, {})[0]!;
    expect(unlocated.path).toBe("#/properties/a/type");
    expect(unlocated).not.toHaveProperty("source");
  });

  it("follows recursive $refs through definitions without looping", () => {
    const tree = (leaf: unknown) => ({
      $ref: "#/$defs/tree",
      $defs: {
        tree: { type: "object", properties: { leaf, children: { type: "array", items: { $ref: "#/$defs/tree" } } } },
      },
    });
    expect(rules(tree({ type: "number" }), tree({ type: "integer" }))).toEqual([]);
    expect(rules(tree({ type: "integer" }), tree({ type: "number" }))).toEqual([
      "json/type-narrowed #/$defs/tree/properties/leaf/type",
    ]);
    // A reference that points at itself means any value.
    expect(rules({ $ref: "#" }, { type: "string" })).toEqual([]);
  });

  it("compares oneOf/anyOf/allOf by matching compatible branches, in any order", () => {
    expect(
      rules({ oneOf: [{ type: "number" }, { type: "string" }] }, { oneOf: [{ type: "string" }, { type: "integer" }] }),
    ).toEqual([]);
    expect(rules({ anyOf: [{ type: "string" }] }, { anyOf: [{ type: "string" }, { type: "null" }] })).toEqual([
      "json/sum-type-narrowed #/anyOf",
    ]);
    expect(rules({ allOf: [{ type: "string" }, { maxLength: 3 }] }, { allOf: [{ type: "string" }] })).toEqual([
      "json/product-type-extended #/allOf",
    ]);
    expect(rules({ type: "string" }, { anyOf: [{ type: "string" }, { type: "integer" }] })).toEqual([
      "json/type-changed #/type",
    ]);
    expect(rules({ anyOf: [{ type: "string" }, { type: "integer" }] }, { type: "integer" })).toEqual([]);
  });

  it("applies the LENIENT policy only to the rules it relaxes", () => {
    const writer = {
      type: "object",
      properties: { a: { type: "string" }, b: { type: "string" } },
      additionalProperties: false,
    };
    const reader = { type: "object", properties: { a: { type: "string", maxLength: 3 } }, additionalProperties: false };
    expect(rules(reader, writer)).toEqual([
      "json/max-length-added #/properties/a/maxLength",
      "json/property-removed-from-closed-model #/properties/b",
    ]);
    expect(rules(reader, writer, "LENIENT")).toEqual(["json/max-length-added #/properties/a/maxLength"]);
  });

  it("plugs into the level machinery: BACKWARD reads old data with the new schema, FORWARD the reverse", () => {
    const v1 = JSON.stringify({ type: "object", properties: { a: { type: "string" } }, additionalProperties: false });
    const v2 = JSON.stringify({
      type: "object",
      properties: { a: { type: "string" }, b: { type: "string" } },
      additionalProperties: false,
    });
    expect(
      checkCompatibility({ schemaType: "JSON", level: "BACKWARD", previous: [v1], candidate: v2 }).compatible,
    ).toBe(true);
    const forward = checkCompatibility({ schemaType: "JSON", level: "FORWARD", previous: [v1], candidate: v2 });
    expect(forward.findings.map((f) => f.rule)).toEqual(["json/property-removed-from-closed-model"]);
    expect(
      checkCompatibility({ schemaType: "JSON", level: "FORWARD", previous: [v1], candidate: v2, policy: "LENIENT" })
        .compatible,
    ).toBe(true);
  });
});

// ---- property: every schema can read its own data

const leafSchema = fc.oneof(
  fc.record(
    { type: fc.constant("string"), maxLength: fc.nat(50), pattern: fc.constantFrom("^a", "[0-9]+") },
    { requiredKeys: ["type"] },
  ),
  fc.record(
    {
      type: fc.constantFrom("number", "integer"),
      minimum: fc.integer(),
      exclusiveMaximum: fc.integer(),
      multipleOf: fc.integer({ min: 1, max: 9 }),
    },
    { requiredKeys: ["type"] },
  ),
  fc.record({ type: fc.constantFrom("boolean", "null") }),
  fc.record({
    enum: fc.uniqueArray(fc.oneof(fc.string(), fc.integer(), fc.constant(null)), { minLength: 1, maxLength: 4 }),
  }),
  fc.record({ const: fc.oneof(fc.string(), fc.integer()) }),
  fc.constantFrom({}, true, false, { $ref: "#/definitions/d" }, { type: ["string", "null"] }),
);

const { schema } = fc.letrec<{ schema: unknown }>((tie) => ({
  schema: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leafSchema,
    fc.record(
      {
        type: fc.constant("object"),
        properties: fc.dictionary(fc.constantFrom("a", "b", "c", "x_1"), tie("schema"), { maxKeys: 3 }),
        required: fc.subarray(["a", "b", "c"]),
        additionalProperties: fc.oneof(fc.boolean(), tie("schema")),
        patternProperties: fc.dictionary(fc.constantFrom("^x_", "^y"), tie("schema"), { maxKeys: 2 }),
        maxProperties: fc.nat(5),
        dependencies: fc.dictionary(fc.constantFrom("a", "b"), fc.oneof(fc.subarray(["b", "c"]), tie("schema")), {
          maxKeys: 2,
        }),
      },
      { requiredKeys: ["type"] },
    ),
    fc.record(
      {
        type: fc.constant("array"),
        items: fc.oneof(tie("schema"), fc.array(tie("schema"), { maxLength: 3 })),
        additionalItems: fc.oneof(fc.boolean(), tie("schema")),
        minItems: fc.nat(3),
        uniqueItems: fc.boolean(),
        contains: tie("schema"),
      },
      { requiredKeys: ["type"] },
    ),
    fc.record({ [`oneOf`]: fc.array(tie("schema"), { minLength: 1, maxLength: 3 }) }),
    fc.record({ anyOf: fc.array(tie("schema"), { minLength: 1, maxLength: 3 }) }),
    fc.record({ allOf: fc.array(tie("schema"), { minLength: 1, maxLength: 3 }) }),
    fc.record({ type: fc.constant("string"), not: tie("schema"), enum: fc.constant(["p", "q"]) }),
  ),
}));

describe("schemas that reach themselves through not", () => {
  // found by the property below (seed 1297566290): describing such a schema for a message never ended
  const selfDenying = { type: "string", not: { $ref: "#/definitions/d" }, enum: ["p", "q"] };

  it("a schema reads itself when a $ref under oneOf/anyOf leads to a definition that negates itself", () => {
    const document = {
      oneOf: [{ anyOf: [{ anyOf: [{ $ref: "#/definitions/d" }] }] }, { enum: [0] }],
      definitions: { d: selfDenying },
    };
    expect(jsonSchemaChecker.canRead(parse(document, "previous"), parse(document, "previous"), {})).toEqual([]);
  });

  it("is described once, naming the cycle", () => {
    const parsed = parse({ $ref: "#/definitions/d", definitions: { d: selfDenying } }, "previous");
    expect(describeSchema(parsed.root)).toBe('a string and one of "p", "q" and anything but the schema itself');
  });
});

describe("property", () => {
  it("canRead(x, x) is empty for every generated schema, under both policies", () => {
    fc.assert(
      fc.property(schema, schema, (root, definition) => {
        const document = typeof root === "object" && root !== null ? { ...root, definitions: { d: definition } } : root;
        const parsed = parse(document, "previous");
        expect(jsonSchemaChecker.canRead(parsed, parsed, {})).toEqual([]);
        expect(jsonSchemaChecker.canRead(parsed, parse(document, "previous"), { policy: "LENIENT" })).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it("the empty schema reads everything, and everything reads data of the false schema", () => {
    fc.assert(
      fc.property(schema, (root) => {
        const parsed = parse(root, "previous");
        expect(jsonSchemaChecker.canRead(parse({}), parsed, {})).toEqual([]);
        expect(jsonSchemaChecker.canRead(parsed, parse(false), {})).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
