import type avro from "avsc";
import { describe, expect, it } from "vitest";
import { readAvroTypes } from "../../../src/core/schema-files/avro-read.js";
import type { JsonValue } from "../../../src/core/schema-files/json-source.js";
import { parseSchemaFile } from "../../../src/core/schema-files/index.js";
import { expectOnlyProblem, fixtureText, parseFixture } from "./fixtures.js";

describe("Avro JSON schemas (.avsc)", () => {
  it("parses a record with an enum, a union and logical types, and returns compact JSON to register", () => {
    const result = parseFixture("avro/order-requested.avsc");
    expect(result.diagnostics).toEqual([]);
    expect(result.schemaType).toBe("AVRO");
    const parsed = result.parsed;
    if (parsed?.schemaType !== "AVRO") throw new Error("expected an Avro schema");
    expect(parsed.type.name).toBe("com.acme.orders.OrderRequested");
    expect(parsed.canonicalText).toBe(JSON.stringify(JSON.parse(fixtureText("avro/order-requested.avsc"))));
    expect(parsed.canonicalText).toContain('"logicalType":"timestamp-millis"');
    expect(parsed.canonicalText).toContain('"logicalType":"decimal","precision":9,"scale":2');
  });

  it("returns types that still encode, decode and validate records (their code is compiled on first use)", () => {
    const parsed = parseFixture("avro/order-requested.avsc").parsed;
    if (parsed?.schemaType !== "AVRO") throw new Error("expected an Avro schema");
    for (let i = 0; i < 200; i++) {
      const record = parsed.type.random();
      expect(parsed.type.isValid(record)).toBe(true);
      expect(parsed.type.isValid({ ...record, orderId: 42 })).toBe(false);
      expect(parsed.type.fromBuffer(parsed.type.toBuffer(record))).toEqual(record);
    }
  });

  it("encodes records whose defaults are records, and wraps union branches, with code compiled on first use", () => {
    const address = {
      type: "record",
      name: "Address",
      fields: [
        { name: "city", type: "string", default: "Nowhere" },
        { name: "zip", type: ["null", "string"], default: null },
      ],
    };
    const schema = {
      type: "record",
      name: "com.acme.Customer",
      fields: [
        { name: "name", type: "string" },
        { name: "home", type: address, default: { city: "Home", zip: null } },
        { name: "work", type: "Address", default: { city: "Work", zip: null } },
        { name: "tags", type: { type: "array", items: "string" }, default: ["a"] },
        // Its writer is compiled after earlier fields were written, and compiling it encodes "EUR".
        { name: "billing", type: { type: "record", name: "Billing", fields: [{ name: "currency", type: "string", default: "EUR" }] } },
      ],
    };
    const read = readAvroTypes([schema as JsonValue]);
    if (!read.ok) throw new Error(read.error);
    const [customer] = read.types;
    if (customer === undefined) throw new Error("expected a type");
    for (let i = 0; i < 50; i++) {
      const record = customer.random() as unknown as Record<string, unknown>;
      expect(customer.fromBuffer(customer.toBuffer(record))).toEqual(record);
      const withoutHome = { ...record };
      delete withoutHome.home;
      expect(customer.fromBuffer(customer.toBuffer(withoutHome))).toEqual({ ...record, home: { city: "Home", zip: null } });
    }
    const wrapped = customer.wrap({ name: "x" }) as { unwrap(): unknown; "com.acme.Customer": unknown };
    expect(wrapped["com.acme.Customer"]).toEqual({ name: "x" });
    expect(wrapped.unwrap()).toEqual({ name: "x" });

    const Customer = (customer as avro.types.RecordType).recordConstructor as unknown as {
      new (...values: unknown[]): Record<string, unknown> & { toBuffer(): Buffer; clone(): unknown };
      getType(): avro.Type;
      readonly name: string;
      readonly length: number;
    };
    expect([Customer.name, Customer.length, Customer.getType()]).toEqual(["Customer", 5, customer]);
    const made = new Customer("Ada", undefined, { city: "Lab", zip: null });
    expect({ ...made }).toEqual({
      name: "Ada",
      home: { city: "Home", zip: null },
      work: { city: "Lab", zip: null },
      tags: ["a"],
      billing: undefined,
    });
    const decoded = customer.fromBuffer(customer.toBuffer({ ...made, billing: { currency: "EUR" } }));
    expect(decoded).toBeInstanceOf(Customer);
    expect(customer.fromBuffer((decoded as { toBuffer(): Buffer }).toBuffer())).toEqual(decoded);
  });

  it("points an unknown type name at the reference and suggests nothing when no type is close", () => {
    const result = parseFixture("avro/undefined-type.avsc");
    expectOnlyProblem(result, "schema/avro-invalid", 7, 35);
    expect(result.diagnostics[0]?.message).toBe('unknown type "Curency"');
    expect(result.diagnostics[0]?.source?.end).toEqual({ line: 7, column: 44 });
  });

  it("blames the field whose default is invalid, not an earlier field with the same default", () => {
    const result = parseFixture("avro/bad-default.avsc");
    expectOnlyProblem(result, "schema/avro-invalid", 6, 55);
    expect(result.diagnostics[0]?.message).toMatch(/^invalid default of field "orderId"/);
  });

  it("explains that a union default must match the first branch", () => {
    const result = parseFixture("avro/union-default.avsc");
    expectOnlyProblem(result, "schema/avro-invalid", 5, 62);
    expect(result.diagnostics[0]?.message).toContain("first branch");
  });

  it("points a duplicate field at its second declaration", () => {
    expectOnlyProblem(parseFixture("avro/duplicate-field.avsc"), "schema/avro-invalid", 7, 15);
  });

  it("points an invalid field name at the name", () => {
    const result = parseFixture("avro/invalid-name.avsc");
    expectOnlyProblem(result, "schema/avro-invalid", 5, 15);
    expect(result.diagnostics[0]?.message).toBe('invalid field name "order-id"');
  });

  it("points a duplicate enum symbol at its second occurrence", () => {
    expectOnlyProblem(parseFixture("avro/enum-duplicate-symbol.avsc"), "schema/avro-invalid", 5, 15);
  });

  it("reports JSON syntax errors at the offending character", () => {
    const result = parseFixture("avro/trailing-comma.avsc");
    expectOnlyProblem(result, "schema/json-invalid", 5, 44);
    expect(result.diagnostics[0]?.message).toBe("trailing comma before ']' is not allowed in JSON");
  });

  // Each case names the text the diagnostic must start at.
  it.each([
    ['{"type": "record", "fields": []}', '{"type"', 'a record, enum or fixed type needs a "name"'],
    [
      '{"type": "record", "name": "A", "fields": [{"name": "a", "type": {"type": "strin"}}]}',
      '"strin"',
      '"strin" is not an Avro type',
    ],
    [
      '{"type": "record", "name": "A", "fields": [{"name": "a", "type": []}]}',
      "[]}",
      "a union needs at least one branch",
    ],
    [
      '{"type": "record", "name": "A", "fields": [{"name": "a", "type": ["int", "int"]}]}',
      '"int"]',
      'a union has two branches of type "int"',
    ],
    [
      '{"type": "record", "name": "A", "fields": [{"name": "a", "type": null}]}',
      "null}",
      'null is not a type here; the null type is written as the string "null"',
    ],
    [
      '{"type": "fixed", "name": "F", "size": -1}',
      "-1",
      'a fixed type needs a "size": a non-negative integer number of bytes',
    ],
    [
      '{"type": "enum", "name": "E", "symbols": ["A"], "default": "B"}',
      '"B"',
      'enum default "B" is not one of the enum\'s symbols',
    ],
    ['{"type": "record", "name": "A", "namespace": "x.1y", "fields": []}', '"x.1y"', 'invalid name "x.1y.A"'],
    [
      '{"type": "record", "name": "int", "fields": []}',
      '"int"',
      '"int" is a primitive type and cannot be used as the name of a type',
    ],
    [
      '{"type": "record", "name": "A", "fields": [{"name": "b", "type": {"type": "record", "name": "A", "fields": []}}]}',
      '"A", "fields": []',
      'type "A" is defined more than once',
    ],
    ["42", "42", 'expected an Avro type: a type name, an object with a "type", or an array of union branches'],
  ])("locates the problem in %s", (text, marker, message) => {
    const result = parseSchemaFile({ path: "inline.avsc", text });
    expect(result.diagnostics.map((d) => [d.source?.start.line, d.source?.start.column, d.message])).toEqual([
      [1, text.indexOf(marker) + 1, message],
    ]);
  });

  it("warns about repeated keys, which JSON parsers resolve silently", () => {
    const result = parseSchemaFile({ path: "inline.avsc", text: '{"type": "string", "type": "int"}' });
    expect(result.diagnostics.map((d) => [d.code, d.severity, d.source?.start.column])).toEqual([
      ["schema/json-duplicate-key", "warning", 20],
    ]);
    expect(result.parsed?.canonicalText).toBe('{"type":"int"}');
  });
});

describe("Avro JSON (.avsc) with references to other subjects", () => {
  const text = '{"type": "record", "name": "Pay", "namespace": "a", "fields": [{"name": "c", "type": "b.Currency"}]}';
  const currency = { type: "enum", name: "Currency", namespace: "b", symbols: ["EUR"] };

  it("lists the names it uses without defining them when its references are not known yet", () => {
    const result = parseSchemaFile({ path: "pay.avsc", text, referencedTypes: "deferred" });
    expect(result).toEqual({ schemaType: "AVRO", diagnostics: [], externalNames: ["b.Currency"] });
  });

  it("is checked with the referenced schemas' types", () => {
    const result = parseSchemaFile({ path: "pay.avsc", text, referencedTypes: [currency] });
    expect(result.diagnostics).toEqual([]);
    expect(result.parsed?.schemaType === "AVRO" && result.parsed.type.name).toBe("a.Pay");
    const wrongDefault = text.replace('"b.Currency"}', '"b.Currency", "default": "USD"}');
    const invalid = parseSchemaFile({ path: "pay.avsc", text: wrongDefault, referencedTypes: [currency] });
    expect(invalid.diagnostics.map((d) => [d.code, d.source?.start.column])).toEqual([
      ["schema/avro-invalid", wrongDefault.indexOf('"USD"') + 1],
    ]);
  });

  it("still reports an undefined name when references are neither deferred nor given", () => {
    expect(parseSchemaFile({ path: "pay.avsc", text }).diagnostics.map((d) => d.code)).toEqual(["schema/avro-invalid"]);
  });
});
