import { describe, expect, it } from "vitest";
import { parseSchemaFile } from "../../../src/core/schema-files/index.js";
import { expectOnlyProblem, parseFixture } from "./fixtures.js";

function parseIdl(text: string, mainType?: string) {
  return parseSchemaFile({ path: "inline.avdl", text, ...(mainType === undefined ? {} : { mainType }) });
}

describe("Avro IDL (.avdl)", () => {
  it("converts the last declared type to a standalone JSON schema with the types it uses inlined once", () => {
    const result = parseFixture("idl/order-requested.avdl");
    expect(result.diagnostics).toEqual([]);
    const parsed = result.parsed;
    if (parsed?.schemaType !== "AVRO") throw new Error("expected an Avro schema");
    expect(parsed.type.name).toBe("com.acme.orders.OrderRequested");
    const schema = JSON.parse(parsed.canonicalText) as { fields: { name: string; type: unknown }[] };
    expect(parsed.schema).toEqual(schema);
    expect(schema).toMatchObject({ type: "record", name: "OrderRequested", namespace: "com.acme.orders" });
    const field = (name: string) => schema.fields.find((f) => f.name === name)?.type;
    expect(field("requestedAt")).toEqual({ type: "long", logicalType: "timestamp-millis" });
    expect(field("requestId")).toEqual({ type: "string", logicalType: "uuid" });
    expect(field("total")).toEqual({
      type: "record",
      name: "Money",
      fields: [
        { name: "amount", type: { type: "bytes", logicalType: "decimal", precision: 9, scale: 2 } },
        {
          name: "currency",
          type: { type: "enum", name: "Currency", symbols: ["EUR", "USD", "GBP"], default: "EUR" },
          default: "EUR",
        },
      ],
    });
    // Defined once above, so referred to by name here.
    expect(field("discount")).toEqual(["null", "Money"]);
  });

  it("registers the type named by mainType instead of the last one", () => {
    const parsed = parseFixture("idl/order-requested.avdl", { mainType: "Money" }).parsed;
    expect(parsed?.schemaType === "AVRO" && parsed.type.name).toBe("com.acme.orders.Money");
  });

  it("reports a mainType the protocol does not declare, listing those it does", () => {
    const result = parseFixture("idl/order-requested.avdl", { mainType: "Nope" });
    expectOnlyProblem(result, "schema/avro-invalid", 3, 1);
    expect(result.diagnostics[0]?.fix).toContain(
      "com.acme.orders.Currency, com.acme.orders.Money, com.acme.orders.OrderRequested",
    );
  });

  it("writes namespaces where a used type's namespace differs from the enclosing one", () => {
    const text = [
      '@namespace("com.acme") protocol P {',
      '  @namespace("com.acme.common") record Money { double amount; }',
      "  record Order { com.acme.common.Money total; union { null, com.acme.common.Money } discount = null; }",
      "}",
    ].join("\n");
    const parsed = parseIdl(text).parsed;
    if (parsed?.schemaType !== "AVRO") throw new Error("expected an Avro schema");
    expect(parsed.schema).toEqual({
      type: "record",
      name: "Order",
      namespace: "com.acme",
      fields: [
        {
          name: "total",
          type: {
            type: "record",
            name: "Money",
            namespace: "com.acme.common",
            fields: [{ name: "amount", type: "double" }],
          },
        },
        { name: "discount", type: ["null", "com.acme.common.Money"], default: null },
      ],
    });
  });

  it("reports an import of a file that is not given, at the import statement", () => {
    const result = parseFixture("idl/with-import.avdl");
    expectOnlyProblem(result, "schema/avro-idl-import-missing", 3, 3);
    expect(result.diagnostics[0]?.message).toContain("`common.avdl` is missing or unreadable (looked for idl/common.avdl)");
    expect(result.diagnostics[0]?.source?.end).toEqual({ line: 3, column: 28 });
  });

  it.each([
    ["idl/nullable-shorthand.avdl", 5, 11, "nullable shorthand"],
    ["idl/decimal-arguments.avdl", 5, 5, "decimal(precision, scale)"],
    ["idl/schema-syntax.avdl", 1, 1, "without a `protocol` block"],
  ])("reports newer IDL syntax in %s as unsupported", (name, line, column, wording) => {
    const result = parseFixture(name);
    expectOnlyProblem(result, "schema/avro-idl-unsupported", line, column);
    expect(result.diagnostics[0]?.message).toContain(wording);
    expect(result.diagnostics[0]?.fix).toBeDefined();
  });

  it("reports several fields in one statement as unsupported", () => {
    const result = parseIdl("protocol P {\n  record A { int a, b; }\n}");
    expectOnlyProblem(result, "schema/avro-idl-unsupported", 2, 19);
  });

  it("reports a syntax error at the unexpected token", () => {
    const result = parseFixture("idl/missing-semicolon.avdl");
    expectOnlyProblem(result, "schema/avro-idl-invalid", 5, 5);
    expect(result.diagnostics[0]?.message).toBe("unexpected `long`: expected `;`");
  });

  it.each([
    ["protocol P {\n  record A { int a; }\n", 3, 1, "unexpected end of file: expected a name"],
    ["protocol P {\n  /* open\n  record A { int a; }\n}", 2, 3, "unterminated comment"],
    ["protocol P {\n  record A { string s = {; }\n}", 2, 25, "invalid JSON in a default value or annotation"],
  ])("locates syntax errors avsc reports without a token or on the first line: %s", (text, line, column, message) => {
    const result = parseIdl(text);
    expect(result.diagnostics.map((d) => [d.code, d.source?.start.line, d.source?.start.column, d.message])).toEqual([
      ["schema/avro-idl-invalid", line, column, message],
    ]);
  });

  it("points an unknown type at the reference in the field's declaration and suggests the close name", () => {
    const result = parseFixture("idl/undefined-type.avdl");
    expectOnlyProblem(result, "schema/avro-invalid", 9, 19);
    expect(result.diagnostics[0]?.message).toBe('unknown type "Mony"');
    expect(result.diagnostics[0]?.fix).toMatch(/^Did you mean "Money"\?/);
  });

  it("points an invalid default at the value after the field's name", () => {
    const result = parseFixture("idl/bad-default.avdl");
    expectOnlyProblem(result, "schema/avro-invalid", 5, 22);
  });

  it("points a duplicate type at its second declaration", () => {
    const result = parseIdl("protocol P {\n  record A { int a; }\n  record A { int b; }\n}");
    expectOnlyProblem(result, "schema/avro-invalid", 3, 10);
  });

  it("reports an annotation without a value instead of letting avsc's reader loop forever", () => {
    const result = parseIdl("protocol P {\n  record A { int a; }\n  @deprecated\n}");
    expectOnlyProblem(result, "schema/avro-idl-invalid", 3, 3);
  });

  it("reports a protocol without types", () => {
    expectOnlyProblem(parseIdl("/** nothing */\nprotocol P {\n}"), "schema/avro-invalid", 2, 1);
  });
});
