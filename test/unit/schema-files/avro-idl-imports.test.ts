import { describe, expect, it } from "vitest";
import { avroIdlImports, parseSchemaFile } from "../../../src/core/schema-files/index.js";

/** Parses `root` with the other files given as its importable files. */
function parseWith(root: string, files: Record<string, string>, mainType?: string) {
  const imports = new Map(Object.entries(files));
  return parseSchemaFile({
    path: root,
    text: files[root] as string,
    imports,
    ...(mainType === undefined ? {} : { mainType }),
  });
}

const where = (result: ReturnType<typeof parseWith>) =>
  result.diagnostics.map((d) => `${d.code}@${d.source?.file}:${d.source?.start.line}:${d.source?.start.column}`);

const common = `@namespace("com.acme.common")
protocol Common {
  enum Currency { EUR, USD }
  record Money { decimal_amount amount; Currency currency; }
}`.replace("decimal_amount", "double");

describe("Avro IDL imports", () => {
  it("lists the files an IDL text imports, relative to it", () => {
    const text = `protocol P {\n  import idl "../common/common.avdl";\n  import schema "key.avsc";\n  import protocol "p.avpr";\n}`;
    expect(avroIdlImports("schemas/orders/order.avdl", text)).toEqual([
      { kind: "idl", path: "schemas/common/common.avdl" },
      { kind: "schema", path: "schemas/orders/key.avsc" },
      { kind: "protocol", path: "schemas/orders/p.avpr" },
    ]);
  });

  it("makes the imported types available, keeping their namespaces, and inlines them in the registered schema", () => {
    const result = parseWith("schemas/order.avdl", {
      "schemas/order.avdl": `@namespace("com.acme.orders")
protocol Orders {
  import idl "common/common.avdl";
  record Order { string id; com.acme.common.Money total; }
}`,
      "schemas/common/common.avdl": common,
    });
    expect(result.diagnostics).toEqual([]);
    expect(result.parsed?.schemaType === "AVRO" && result.parsed.type.name).toBe("com.acme.orders.Order");
    const schema = result.parsed?.schemaType === "AVRO" ? result.parsed.schema : undefined;
    expect(schema).toMatchObject({
      name: "Order",
      namespace: "com.acme.orders",
      fields: [
        { name: "id", type: "string" },
        { name: "total", type: { type: "record", name: "Money", namespace: "com.acme.common" } },
      ],
    });
  });

  it("follows nested imports and reads each file once, so an import cycle ends", () => {
    const result = parseWith("a.avdl", {
      "a.avdl": `protocol A {\n  import idl "b.avdl";\n  record Top { Middle m; }\n}`,
      "b.avdl": `protocol B {\n  import idl "c.avdl";\n  import idl "a.avdl";\n  record Middle { Leaf l; }\n}`,
      "c.avdl": `protocol C {\n  import idl "b.avdl";\n  record Leaf { int x; }\n}`,
    });
    expect(result.diagnostics).toEqual([]);
    expect(result.parsed?.schemaType === "AVRO" && result.parsed.type.name).toBe("Top");
  });

  it("imports .avsc schemas and .avpr protocols, each in its own namespace", () => {
    const result = parseWith("a.avdl", {
      "a.avdl": `@namespace("app")
protocol A {
  import schema "key.avsc";
  import protocol "shared.avpr";
  record Event { ids.Key key; shared.Status status; }
}`,
      "key.avsc": `{"type": "record", "name": "Key", "namespace": "ids", "fields": [{"name": "id", "type": "string"}]}`,
      "shared.avpr": `{"protocol": "Shared", "namespace": "shared", "types": [{"type": "enum", "name": "Status", "symbols": ["ON", "OFF"]}]}`,
    });
    expect(result.diagnostics).toEqual([]);
    expect(result.parsed?.canonicalText).toContain('"namespace":"shared"');
  });

  it("registers an imported type when mainType names it", () => {
    const result = parseWith(
      "a.avdl",
      { "a.avdl": `protocol A {\n  import idl "common.avdl";\n  record Order { string id; }\n}`, "common.avdl": common },
      "Money",
    );
    expect(result.parsed?.schemaType === "AVRO" && result.parsed.type.name).toBe("com.acme.common.Money");
  });

  it("reports a missing import in a nested file at its import statement", () => {
    const result = parseWith("a.avdl", {
      "a.avdl": `protocol A {\n  import idl "sub/b.avdl";\n  record Top { int x; }\n}`,
      "sub/b.avdl": `protocol B {\n  import schema "gone.avsc";\n}`,
    });
    expect(where(result)).toEqual(["schema/avro-idl-import-missing@sub/b.avdl:2:3"]);
    expect(result.diagnostics[0]?.message).toContain("looked for sub/gone.avsc");
    expect(result.parsed).toBeUndefined();
  });

  it("locates problems inside the imported files", () => {
    const syntax = parseWith("a.avdl", {
      "a.avdl": `protocol A {\n  import idl "b.avdl";\n  record Top { int x; }\n}`,
      "b.avdl": `protocol B {\n  record Broken { int x }\n}`,
    });
    expect(where(syntax)).toEqual(["schema/avro-idl-invalid@b.avdl:2:25"]);
    const unknownType = parseWith("a.avdl", {
      "a.avdl": `protocol A {\n  import idl "b.avdl";\n  record Top { Inner i; }\n}`,
      "b.avdl": `protocol B {\n  record Inner { Mising m; }\n}`,
    });
    expect(where(unknownType)).toEqual(["schema/avro-invalid@b.avdl:2:18"]);
    const badJson = parseWith("a.avdl", {
      "a.avdl": `protocol A {\n  import schema "k.avsc";\n  record Top { int x; }\n}`,
      "k.avsc": `{"type": "record",}`,
    });
    expect(where(badJson)).toEqual(["schema/json-invalid@k.avsc:1:18"]);
  });

  it("reports an import statement without a quoted path or `;`", () => {
    const result = parseWith("a.avdl", { "a.avdl": `protocol A {\n  import idl common;\n  record Top { int x; }\n}` });
    expect(where(result)).toEqual(["schema/avro-idl-invalid@a.avdl:2:3"]);
  });
});
