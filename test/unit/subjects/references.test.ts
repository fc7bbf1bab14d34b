import { describe, expect, it } from "vitest";
import { located } from "../../helpers/desired-state.js";
import { resolve } from "./resolve-yaml.js";

const record = (name: string, fields: string) =>
  `{"type": "record", "name": "${name}", "namespace": "com.acme", "fields": [${fields}]}`;
const money = record("Money", `{"name": "amount", "type": "double"}, {"name": "currency", "type": "Currency"}`);
const currency = `{"type": "enum", "name": "Currency", "namespace": "com.acme", "symbols": ["EUR", "USD"]}`;
const order = record(
  "Order",
  `{"name": "total", "type": "Money"}, {"name": "tax", "type": ["null", "com.acme.Money"]}`,
);

describe("Avro references", () => {
  it("refers to the standalone subject whose top-level type a schema uses, dependencies first", () => {
    const result = resolve(
      `schemas:
  shared-money: { file: shared/money.avsc }
  shared-currency: { file: shared/currency.avsc }
topics:
  orders.v1: { schemas: { value: { file: order.avsc } } }
`,
      { "shared/money.avsc": money, "shared/currency.avsc": currency, "order.avsc": order },
    );
    expect(result.diagnostics).toEqual([]);
    expect(result.subjects.map((s) => [s.name, s.references])).toEqual([
      ["shared-currency", []],
      ["shared-money", [{ name: "com.acme.Currency", subject: "shared-currency" }]],
      ["orders.v1-value", [{ name: "com.acme.Money", subject: "shared-money" }]],
    ]);
  });

  it("checks a referencing schema with its references' types, located in its own file", () => {
    const result = resolve(
      `schemas:\n  cur: { file: currency.avsc }\ntopics:\n  t.v1: { schemas: { value: { file: pay.avsc } } }\n`,
      {
        "currency.avsc": currency,
        "pay.avsc": record("Pay", `{"name": "currency", "type": "Currency", "default": "GBP"}`),
      },
    );
    expect(located(result.diagnostics)).toEqual(["schema/avro-invalid@pay.avsc:1:123"]);
  });

  it("reports a name nothing provides where the schema uses it, suggesting a close one", () => {
    const result = resolve(
      `schemas:\n  cur: { file: currency.avsc }\ntopics:\n  t.v1: { schemas: { value: { file: pay.avsc } } }\n`,
      { "currency.avsc": currency, "pay.avsc": record("Pay", `{"name": "c", "type": "Curency"}`) },
    );
    expect(located(result.diagnostics)).toEqual(["subject/reference-unresolved@pay.avsc:1:93"]);
    expect(result.diagnostics[0]?.message).toContain("`com.acme.Curency`");
    expect(result.diagnostics[0]?.fix).toMatch(/^Did you mean `com.acme.Currency`\? .*`schemas:`/);
  });

  it("counts only the files the desired state declares: a schema file lying around provides nothing", () => {
    const result = resolve(`topics:\n  t.v1: { schemas: { value: { file: order.avsc } } }\n`, {
      "order.avsc": order,
      "shared/money.avsc": money,
    });
    expect(located(result.diagnostics)).toEqual(["subject/reference-unresolved@order.avsc:1:99"]);
  });

  it("reports a name two standalone schemas provide", () => {
    const result = resolve(
      `schemas:\n  a: { file: currency.avsc }\n  b: { file: currency.avsc }\ntopics:\n  t.v1: { schemas: { value: { file: money.avsc } } }\n`,
      { "currency.avsc": currency, "money.avsc": money },
    );
    expect(located(result.diagnostics)).toEqual(["subject/reference-ambiguous@money.avsc:1:140"]);
    expect(result.diagnostics[0]?.message).toContain("a, b");
  });

  it("reports a reference cycle, naming it, and puts its subjects last", () => {
    const result = resolve(`schemas:\n  a: { file: a.avsc }\n  b: { file: b.avsc }\n  c: { file: c.avsc }\n`, {
      "a.avsc": record("A", `{"name": "b", "type": "B"}`),
      "b.avsc": record("B", `{"name": "a", "type": ["null", "A"]}`),
      "c.avsc": record("C", `{"name": "x", "type": "int"}`),
    });
    expect(located(result.diagnostics)).toEqual(["subject/reference-cycle@a.avsc:1:91"]);
    expect(result.diagnostics[0]?.message).toBe("subjects reference each other in a cycle: a → b → a");
    expect(result.subjects.map((s) => s.name)).toEqual(["c", "a", "b"]);
  });
});

describe("Protobuf references", () => {
  it("refers to the standalone subject whose file an import names, relative to the importer or by path suffix", () => {
    const result = resolve(
      `schemas:
  money: { file: protos/acme/common/money.proto }
  status: { file: protos/acme/status.proto }
topics:
  t.v1: { schemas: { value: { file: protos/acme/orders/order.proto } } }
`,
      {
        "protos/acme/common/money.proto": `syntax = "proto3";\npackage acme.common;\nmessage Money { double amount = 1; }\n`,
        "protos/acme/status.proto": `syntax = "proto3";\nmessage Status { bool ok = 1; }\n`,
        "protos/acme/orders/order.proto": `syntax = "proto3";
import "google/protobuf/timestamp.proto";
import "acme/common/money.proto";
import public '../status.proto';
message Order { acme.common.Money total = 1; }
`,
      },
    );
    expect(result.diagnostics).toEqual([]);
    expect(result.subjects.map((s) => [s.name, s.references])).toEqual([
      ["money", []],
      ["status", []],
      [
        "t.v1-value",
        [
          { name: "../status.proto", subject: "status" },
          { name: "acme/common/money.proto", subject: "money" },
        ],
      ],
    ]);
  });

  it("reports an import that no standalone schema's file matches, at the import", () => {
    const result = resolve(`topics:\n  t.v1: { schemas: { value: { file: order.proto } } }\n`, {
      "order.proto": `syntax = "proto3";\n// import "commented.proto";\nimport "acme/money.proto";\nmessage Order { int32 x = 1; }\n`,
    });
    expect(located(result.diagnostics)).toEqual(["subject/reference-unresolved@order.proto:3:8"]);
  });
});

describe("JSON Schema references", () => {
  it("refers to the standalone subject whose file a $ref names, relative to the referring file", () => {
    const result = resolve(
      `schemas:\n  address: { file: schemas/common/address.json }\ntopics:\n  t.v1: { schemas: { value: { file: schemas/customer.json } } }\n`,
      {
        "schemas/common/address.json": `{"title": "Address", "type": "object"}`,
        "schemas/customer.json": JSON.stringify({
          title: "Customer",
          $defs: { local: { type: "string" } },
          properties: {
            home: { $ref: "common/address.json" },
            work: { $ref: "./common/address.json#/properties" },
            name: { $ref: "#/$defs/local" },
            self: { $ref: "customer.json#/$defs/local" },
            enum: { const: { $ref: "not-a-schema.json" } },
          },
        }),
      },
    );
    expect(result.diagnostics).toEqual([]);
    expect(result.subjects.find((s) => s.name === "t.v1-value")?.references).toEqual([
      { name: "./common/address.json", subject: "address" },
      { name: "common/address.json", subject: "address" },
    ]);
  });

  it("reports a $ref to a file no standalone schema declares, at the $ref", () => {
    const result = resolve(`topics:\n  t.v1: { schemas: { value: { file: a.json } } }\n`, {
      "a.json": `{\n  "properties": { "x": { "$ref": "b.json#/x" } }\n}`,
    });
    expect(located(result.diagnostics)).toEqual(["subject/reference-unresolved@a.json:2:34"]);
    expect(result.diagnostics[0]?.message).toContain('$ref "b.json"');
  });
});

describe("Avro IDL imports", () => {
  it("registers an .avdl type with the imported types inlined, and reports a missing import at its statement", () => {
    const result = resolve(
      `topics:\n  t.v1: { schemas: { value: { file: idl/order.avdl } } }\n  u.v1: { schemas: { value: { file: idl/broken.avdl } } }\n`,
      {
        "idl/order.avdl": `protocol Orders {\n  import idl "common/money.avdl";\n  record Order { Money total; }\n}`,
        "idl/common/money.avdl": `protocol Common {\n  record Money { double amount; }\n}`,
        "idl/broken.avdl": `protocol Orders {\n  import schema "gone.avsc";\n  record Order { int x; }\n}`,
      },
    );
    expect(located(result.diagnostics)).toEqual(["schema/avro-idl-import-missing@idl/broken.avdl:2:3"]);
    expect(JSON.parse(result.subjects[0]?.schema ?? "null")).toMatchObject({
      name: "Order",
      fields: [{ name: "total", type: { type: "record", name: "Money" } }],
    });
  });
});

describe("order", () => {
  it("puts subjects that are ready together in name order", () => {
    const result = resolve(
      `schemas:\n  z-currency: { file: currency.avsc }\ntopics:\n  b.v1: { schemas: { value: { file: b.avsc } } }\n  a.v1: { schemas: { value: { file: a.avsc } } }\n`,
      {
        "currency.avsc": currency,
        "a.avsc": record("A", `{"name": "x", "type": "int"}`),
        "b.avsc": record("B", `{"name": "c", "type": "Currency"}`),
      },
    );
    expect(result.subjects.map((s) => s.name)).toEqual(["a.v1-value", "z-currency", "b.v1-value"]);
  });
});
