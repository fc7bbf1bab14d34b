import { describe, expect, it } from "vitest";
import { canonicalSchema } from "../../../src/core/plan/schema-canonical.js";

const avro = (value: unknown) => canonicalSchema("AVRO", JSON.stringify(value, null, 2));

describe("canonicalSchema: the form subjects are compared in", () => {
  it("Avro: layout, key order, namespace folding and {type: primitive} do not count", () => {
    const a = avro({
      type: "record",
      name: "Order",
      namespace: "shop",
      fields: [
        { name: "id", type: { type: "string" } },
        { name: "line", type: { type: "record", name: "Line", fields: [] } },
      ],
    });
    const b = canonicalSchema(
      "AVRO",
      '{"fields":[{"type":"string","name":"id"},{"name":"line","type":{"name":"shop.Line","fields":[],"type":"record"}}],"name":"shop.Order","type":"record"}',
    );
    expect(a).toBe(b);
  });

  it("Avro: a changed doc, default, alias or logical type is a different schema (the registry stores them)", () => {
    const base = { type: "record", name: "A", fields: [{ name: "n", type: "long" }] };
    const variants = [
      { ...base, doc: "x" },
      { ...base, fields: [{ name: "n", type: "long", default: 0 }] },
      { ...base, aliases: ["B"] },
      { ...base, fields: [{ name: "n", type: { type: "long", logicalType: "timestamp-millis" } }] },
    ];
    for (const v of variants) expect(avro(v)).not.toBe(avro(base));
  });

  it("Avro: a type in another namespace keeps its own", () => {
    const inner = { type: "enum", name: "x.Kind", symbols: ["A"] };
    const a = avro({
      type: "record",
      name: "R",
      namespace: "y",
      fields: [
        { name: "k", type: inner },
        { name: "j", type: "x.Kind" },
      ],
    });
    expect(a).toContain('"name":"x.Kind"');
    expect(a).toContain('"type":"x.Kind"');
  });

  it("JSON Schema: layout and key order do not count; values do", () => {
    const a = canonicalSchema("JSON", '{"type":"object","properties":{"a":{"type":"string"}}}');
    const b = canonicalSchema("JSON", '{\n  "properties": { "a": { "type": "string" } },\n  "type": "object"\n}');
    expect(a).toBe(b);
    expect(canonicalSchema("JSON", '{"type":"object","required":["a"]}')).not.toBe(
      canonicalSchema("JSON", '{"type":"object"}'),
    );
  });

  it("Protobuf: comments and layout do not count; a changed field does", () => {
    const a = canonicalSchema(
      "PROTOBUF",
      'syntax = "proto3";\n// the order\nmessage Order {\n  string id = 1; /* key */\n}\n',
    );
    const b = canonicalSchema("PROTOBUF", "syntax = 'proto3'; message Order { string id = 1; }");
    expect(a).toBe(b);
    expect(canonicalSchema("PROTOBUF", 'syntax = "proto3"; message Order { string id = 2; }')).not.toBe(a);
  });

  it("text that does not parse is compared as written, trimmed", () => {
    expect(canonicalSchema("AVRO", "  {not json \n")).toBe("{not json");
  });
});
