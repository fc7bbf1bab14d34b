import avro from "avsc";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { avroChecker, type ParsedAvro } from "../../../../src/core/compat/avro/index.js";
import { checkWithLevel } from "../../../../src/core/compat/check.js";

function parsed(schema: unknown, role: "previous" | "candidate" = "candidate", path?: string): ParsedAvro {
  const text = typeof schema === "string" ? schema : JSON.stringify(schema, null, 2);
  const result = avroChecker.parse(path === undefined ? { text } : { text, path }, role);
  if (result.parsed === undefined) throw new Error(result.error);
  return result.parsed;
}

const record = (name: string, fields: unknown[], extra: object = {}) => ({ type: "record", name, ...extra, fields });

describe("avroChecker.parse", () => {
  const invalidDefault = record("Order", [{ name: "note", type: ["null", "string"], default: "none" }]);

  it("reads a previous version with an invalid default, since only the default's presence matters", () => {
    const result = avroChecker.parse({ text: JSON.stringify(invalidDefault), path: "v1.avsc" }, "previous");
    expect(result.error).toBeUndefined();
    expect(result.parsed?.root.type.kind).toBe("record");
  });

  it("rejects the same schema as a candidate with an error located in the file, not with findings", () => {
    const text = JSON.stringify(invalidDefault, null, 2);
    const result = avroChecker.parse({ text, path: "orders.avsc" }, "candidate");
    expect(result.parsed).toBeUndefined();
    expect(result.error).toMatch(/default/);
    expect(result.source).toMatchObject({ file: "orders.avsc", start: { line: 11 } });
  });

  it("reports text that is not JSON, for either role, at the offending position", () => {
    for (const role of ["previous", "candidate"] as const) {
      const result = avroChecker.parse({ text: '{\n  "type": "record",,\n}', path: "bad.avsc" }, role);
      expect(result.parsed).toBeUndefined();
      expect(result.source).toMatchObject({ file: "bad.avsc", start: { line: 2, column: 20 } });
    }
  });

  it("rejects a previous version that uses an undefined type name, since it cannot be compared", () => {
    const text = JSON.stringify(record("Order", [{ name: "customer", type: "Customer" }]), null, 2);
    const result = avroChecker.parse({ text, path: "v1.avsc" }, "previous");
    expect(result.error).toMatch(/unknown type "Customer"/);
    expect(result.source?.start.line).toBe(7);
  });

  it("reads .avdl files as Avro IDL, and reports an unreadable one as an error", () => {
    const ok = avroChecker.parse({ text: "protocol P { record A { int x; } }", path: "a.avdl" }, "candidate");
    expect(ok.parsed?.schema).toEqual({ type: "record", name: "A", fields: [{ name: "x", type: "int" }] });
    const bad = avroChecker.parse({ text: "protocol P { record A { int x } }", path: "a.avdl" }, "previous");
    expect(bad.parsed).toBeUndefined();
    expect(bad.error).toBeDefined();
  });
});

describe("avroChecker.canRead", () => {
  it("reports every incompatibility, not only the first", () => {
    const writer = parsed(
      record("Order", [
        { name: "id", type: "long" },
        { name: "status", type: { type: "enum", name: "Status", symbols: ["A", "B", "C"] } },
        { name: "lines", type: { type: "array", items: record("Line", [{ name: "qty", type: "double" }]) } },
      ]),
    );
    const reader = parsed(
      record("Order", [
        { name: "id", type: "int" },
        { name: "status", type: { type: "enum", name: "Status", symbols: ["A"] } },
        { name: "lines", type: { type: "array", items: record("Line", [{ name: "qty", type: "float" }]) } },
        { name: "currency", type: "string" },
      ]),
    );
    const findings = avroChecker.canRead(reader, writer, {});
    expect(findings.map((f) => [f.rule, f.path])).toEqual([
      ["avro/type-mismatch", "Order.id"],
      ["avro/enum-symbol-missing", "Order.status"],
      ["avro/enum-symbol-missing", "Order.status"],
      ["avro/type-mismatch", "Order.lines[].qty"],
      ["avro/field-missing-default", "Order.currency"],
    ]);
    // Without file paths there is nothing to locate in.
    expect(findings.every((f) => f.source === undefined)).toBe(true);
  });

  it("locates reader-side findings in the reader's file and writer-side ones in the writer's", () => {
    const writer = parsed(record("E", [{ name: "e", type: ["null", "int"] }]), "previous");
    const reader = parsed(
      record("E", [
        { name: "e", type: "int" },
        { name: "f", type: "int" },
      ]),
    );
    const findings = avroChecker.canRead(reader, writer, { readerPath: "new.avsc", writerPath: "old.avsc" });
    expect(findings.map((f) => [f.rule, f.source?.file, f.source?.start.line])).toEqual([
      ["avro/union-branch-unreadable", "old.avsc", 8],
      ["avro/field-missing-default", "new.avsc", 10],
    ]);
  });

  it("falls back to the paths the versions were parsed with", () => {
    const writer = parsed(record("E", []), "previous", "old.avsc");
    const reader = parsed(record("E", [{ name: "f", type: "int" }]), "candidate", "new.avsc");
    expect(avroChecker.canRead(reader, writer, {})[0]?.source?.file).toBe("new.avsc");
  });

  it("terminates on mutually recursive types and still compares them", () => {
    const tree = (leafType: string) =>
      record("Tree", [
        { name: "value", type: leafType },
        {
          name: "children",
          type: {
            type: "array",
            items: record("Child", [
              { name: "tree", type: "Tree" },
              { name: "weight", type: leafType },
            ]),
          },
        },
      ]);
    expect(avroChecker.canRead(parsed(tree("long")), parsed(tree("int")), {})).toEqual([]);
    expect(avroChecker.canRead(parsed(tree("int")), parsed(tree("long")), {}).map((f) => f.path)).toEqual([
      "Tree.value",
      "Tree.children[].weight",
    ]);
  });

  it("explains the findings of the one union branch meant for the writer's type", () => {
    const writer = parsed(record("O", [{ name: "c", type: record("C", [{ name: "n", type: "long" }]) }]));
    const reader = parsed(record("O", [{ name: "c", type: ["null", record("C", [{ name: "n", type: "int" }])] }]));
    expect(avroChecker.canRead(reader, writer, {}).map((f) => [f.rule, f.path])).toEqual([
      ["avro/type-mismatch", "O.c.n"],
    ]);
  });

  it("phrases findings in reader and writer terms", () => {
    const findings = avroChecker.canRead(
      parsed(record("OrderRequested", [{ name: "amount", type: "long" }])),
      parsed(record("OrderRequested", [])),
      {},
    );
    expect(findings[0]?.message).toBe(
      "the reader's field `amount` has no default and the writer's record `OrderRequested` has no field `amount`: records written with the writer's schema lack it, so the reader has no value to fill in",
    );
  });

  it("works with the level machinery: a field removed without a default breaks FORWARD, not BACKWARD", () => {
    const v1 = {
      text: JSON.stringify(
        record("O", [
          { name: "a", type: "int" },
          { name: "b", type: "int" },
        ]),
      ),
      path: "v1.avsc",
    };
    const v2 = { text: JSON.stringify(record("O", [{ name: "a", type: "int" }])), path: "v2.avsc" };
    const request = { schemaType: "AVRO" as const, previous: [v1], candidate: v2 };
    expect(checkWithLevel(avroChecker, { ...request, level: "BACKWARD" })).toEqual({ compatible: true, findings: [] });
    const forward = checkWithLevel(avroChecker, { ...request, level: "FORWARD" });
    expect(forward.findings.map((f) => [f.rule, f.direction, f.source?.file])).toEqual([
      ["avro/field-missing-default", "FORWARD", "v1.avsc"],
    ]);
  });
});

// ---- generated schemas: kgov's verdict must equal avsc's resolver, which agrees with Avro on all of this subset
// (no type aliases, whose namespaces avsc ignores, and only defaults avsc accepts).

const PRIMITIVES = ["null", "boolean", "int", "long", "float", "double", "bytes", "string"] as const;
const DEFAULTS: Record<string, unknown> = {
  null: null,
  boolean: false,
  int: 0,
  long: 0,
  float: 0,
  double: 0,
  bytes: "",
  string: "",
};

type Gen = { schema: unknown; default?: unknown };

function typeArb(path: string, depth: number): fc.Arbitrary<Gen> {
  const primitive = fc.constantFrom(...PRIMITIVES).map((p) => ({ schema: p, default: DEFAULTS[p] }));
  const name = fc.constantFrom(`T_${path}`, `T_${path}`, `U_${path}`);
  const options: fc.Arbitrary<Gen>[] = [
    primitive,
    fc.uniqueArray(fc.constantFrom(...PRIMITIVES), { minLength: 1, maxLength: 3 }).map((branches) => ({
      schema: branches,
      default: DEFAULTS[branches[0] as string],
    })),
    fc
      .record({ name, symbols: fc.subarray(["A", "B", "C", "D"], { minLength: 1 }), withDefault: fc.boolean() })
      .map(({ name: n, symbols, withDefault }) => ({
        schema: { type: "enum", name: n, symbols, ...(withDefault ? { default: symbols[0] } : {}) },
        default: symbols[0],
      })),
    fc.record({ name, size: fc.constantFrom(2, 4) }).map(({ name: n, size }) => ({
      schema: { type: "fixed", name: n, size },
      default: "\u0000".repeat(size),
    })),
    primitive.map((items) => ({ schema: { type: "array", items: items.schema }, default: [] })),
    primitive.map((values) => ({ schema: { type: "map", values: values.schema }, default: {} })),
  ];
  if (depth > 0) options.push(recordArb(path, depth - 1, name).map((schema) => ({ schema })));
  return fc.oneof(...options);
}

function recordArb(path: string, depth: number, name: fc.Arbitrary<string>): fc.Arbitrary<unknown> {
  const fieldNames = ["a", "b", "c", "d"];
  const field = (fieldName: string) =>
    fc
      .record({
        type: typeArb(`${path}_${fieldName}`, depth),
        withDefault: fc.boolean(),
        alias: fc.option(fc.constantFrom(...fieldNames.filter((n) => n !== fieldName)), { freq: 4 }),
      })
      .map(({ type, withDefault, alias }) => ({
        name: fieldName,
        type: type.schema,
        ...(alias === null ? {} : { aliases: [alias] }),
        ...(withDefault && "default" in type ? { default: type.default } : {}),
      }));
  return fc
    .record({ name, namespace: fc.constantFrom("n1", "n2"), picked: fc.subarray(fieldNames) })
    .chain(({ name: n, namespace, picked }) =>
      fc.tuple(...picked.map(field)).map((fields) => ({ type: "record", name: n, namespace, fields })),
    );
}

const schemaArb = recordArb("root", 1, fc.constant("Root"));

function avscCanRead(reader: unknown, writer: unknown): boolean {
  const readerType = avro.Type.forSchema(reader as avro.Schema);
  const writerType = avro.Type.forSchema(writer as avro.Schema);
  try {
    readerType.createResolver(writerType, { ignoreNamespaces: true });
    return true;
  } catch {
    return false;
  }
}

function aliasesNameSibling(schema: unknown): boolean {
  if (typeof schema !== "object" || schema === null) return false;
  if (Array.isArray(schema)) return schema.some(aliasesNameSibling);
  const { fields } = schema as { fields?: { name: string; type: unknown; aliases?: string[] }[] };
  if (fields === undefined) return false;
  const names = new Set(fields.map((f) => f.name));
  return fields.some((f) => (f.aliases ?? []).some((a) => names.has(a)) || aliasesNameSibling(f.type));
}

describe("generated schema pairs", () => {
  it("every schema can read its own data, unless a field's alias names a sibling field", () => {
    fc.assert(
      fc.property(schemaArb, (schema) => {
        // Such an alias is ambiguous even against the schema itself (Avro and avsc agree).
        fc.pre(!aliasesNameSibling(schema));
        expect(avroChecker.canRead(parsed(schema), parsed(schema, "previous"), {})).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it("kgov's verdict equals avsc's resolver", () => {
    let compatible = 0;
    fc.assert(
      fc.property(schemaArb, schemaArb, (reader, writer) => {
        const ours = avroChecker.canRead(parsed(reader), parsed(writer, "previous"), {}).length === 0;
        if (ours) compatible++;
        expect(ours).toBe(avscCanRead(reader, writer));
      }),
      { numRuns: 1500 },
    );
    // The generator must produce both verdicts to test anything.
    expect(compatible).toBeGreaterThan(30);
  });
});
