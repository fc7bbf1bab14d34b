import { describe, expect, it } from "vitest";
import { located } from "../../helpers/desired-state.js";
import { resolve } from "./resolve-yaml.js";

const order = `{"type": "record", "name": "Order", "namespace": "com.acme", "fields": [{"name": "id", "type": "string"}]}`;
const jsonOrder = `{"title": "com.acme.OrderJson", "type": "object"}`;
const proto = `syntax = "proto3";
package acme.orders;
// message Commented {}
message Order { message Line { string sku = 1; } repeated Line lines = 1; }
message Other { string x = 1; }
`;

describe("subject names", () => {
  it("names subjects by strategy: topic by default, record, topic-record; an explicit subject wins", () => {
    const result = resolve(
      `topics:
  t.v1:
    schemas:
      key: { file: order.avsc }
      value: { file: order.avsc, subjectNameStrategy: record }
  u.v1:
    schemas:
      key: { file: order.json, subjectNameStrategy: topic-record }
      value: { file: order.proto, subjectNameStrategy: record }
  w.v1:
    schemas: { value: { file: order.avsc, subject: custom } }
`,
      { "order.avsc": order, "order.json": jsonOrder, "order.proto": proto },
    );
    expect(result.diagnostics).toEqual([]);
    expect(result.subjects.map((s) => [s.name, s.schemaType, s.declaredBy])).toEqual([
      ["acme.orders.Order", "PROTOBUF", { kind: "topic", topic: "u.v1", role: "value" }],
      ["com.acme.Order", "AVRO", { kind: "topic", topic: "t.v1", role: "value" }],
      ["custom", "AVRO", { kind: "topic", topic: "w.v1", role: "value" }],
      ["t.v1-key", "AVRO", { kind: "topic", topic: "t.v1", role: "key" }],
      ["u.v1-com.acme.OrderJson", "JSON", { kind: "topic", topic: "u.v1", role: "key" }],
    ]);
    const avro = result.subjects.find((s) => s.name === "custom");
    expect(avro).toMatchObject({ file: "order.avsc", schema: order, references: [] });
    expect(avro?.source).toMatchObject({ file: "kgov.yaml", start: { line: 12, column: 31 } });
  });

  it("applies settings.schemas defaults, which a binding's own fields override", () => {
    const result = resolve(
      `settings: { schemas: { subjectNameStrategy: record, compatibility: FULL } }
topics:
  t.v1: { schemas: { key: { file: order.avsc, subjectNameStrategy: topic, compatibility: NONE }, value: { file: order.avsc } } }
  u.v1: { schemas: { value: { file: order.avsc, subject: u-value } } }
`,
      { "order.avsc": order },
    );
    expect(result.diagnostics).toEqual([]);
    expect(result.subjects.map((s) => [s.name, s.compatibility])).toEqual([
      ["com.acme.Order", "FULL"],
      ["t.v1-key", "NONE"],
      ["u-value", "FULL"],
    ]);
  });

  it("leaves the level unset when nothing sets one", () => {
    const result = resolve(`topics:\n  t.v1: { schemas: { value: { file: order.avsc } } }\n`, { "order.avsc": order });
    expect(result.subjects[0]?.compatibility).toBeUndefined();
  });

  it("reports a subject together with a strategy, and uses the subject", () => {
    const result = resolve(
      `topics:\n  t.v1: { schemas: { value: { file: order.avsc, subject: s, subjectNameStrategy: record } } }\n`,
      { "order.avsc": order },
    );
    expect(located(result.diagnostics)).toEqual(["subject/strategy-with-subject@kgov.yaml:3:37"]);
    expect(result.subjects.map((s) => s.name)).toEqual(["s"]);
  });

  it("reports a record-named subject whose schema has no record name", () => {
    const result = resolve(
      `settings: { schemas: { subjectNameStrategy: record } }
topics:
  a.v1: { schemas: { value: { file: untitled.json } } }
  b.v1: { schemas: { value: { file: union.avsc } } }
  c.v1: { schemas: { value: { file: empty.proto } } }
`,
      {
        "untitled.json": `{"type": "object"}`,
        "union.avsc": `["null", "string"]`,
        "empty.proto": `syntax = "proto3";`,
      },
    );
    expect(located(result.diagnostics)).toEqual([
      "subject/no-record-name@kgov.yaml:4:37",
      "subject/no-record-name@kgov.yaml:5:37",
      "subject/no-record-name@kgov.yaml:6:37",
    ]);
    expect(result.diagnostics[0]?.message).toContain("no `title`");
    expect(result.subjects).toEqual([]);
  });

  it("registers the chosen type of an .avdl file as Avro JSON, and refuses `name` on other files", () => {
    const idl = `@namespace("com.acme") protocol P {\n  record Money { double amount; }\n  record Order { Money total; }\n}`;
    const result = resolve(
      `topics:
  t.v1: { schemas: { key: { file: p.avdl, name: Money, subjectNameStrategy: record }, value: { file: p.avdl } } }
  u.v1: { schemas: { value: { file: order.avsc, name: Order } } }
`,
      { "p.avdl": idl, "order.avsc": order },
    );
    expect(located(result.diagnostics)).toEqual(["subject/name-not-idl@kgov.yaml:4:37"]);
    const value = result.subjects.find((s) => s.name === "t.v1-value");
    expect(JSON.parse(value?.schema ?? "null")).toMatchObject({ name: "Order", namespace: "com.acme" });
    expect(result.subjects.find((s) => s.name === "com.acme.Money")?.schema).toBe(
      '{"type":"record","name":"Money","namespace":"com.acme","fields":[{"name":"amount","type":"double"}]}',
    );
  });

  it("reports problems of the files it must parse, and skips files that were not read", () => {
    const result = resolve(
      `topics:
  t.v1: { schemas: { value: { file: p.avdl, name: Nope } } }
  u.v1: { schemas: { value: { file: broken.avsc } } }
  w.v1: { schemas: { value: { file: unread.avsc } } }
`,
      { "p.avdl": `protocol P { record A { int x; } }`, "broken.avsc": `{"type": ` },
    );
    expect(located(result.diagnostics)).toEqual([
      "schema/avro-invalid@p.avdl:1:1",
      "schema/json-invalid@broken.avsc:1:10",
    ]);
    expect(result.subjects).toEqual([]);
  });
});

describe("conflicting declarations", () => {
  it("reports two declarations of a subject with different files or levels at the second, naming the first", () => {
    const result = resolve(
      `schemas:
  shared: { file: order.avsc }
topics:
  t.v1: { schemas: { value: { file: other.avsc, subject: shared } } }
  u.v1: { schemas: { value: { file: order.avsc, subject: shared, compatibility: FULL } } }
  w.v1: { schemas: { value: { file: order.avsc, subject: shared } } }
`,
      { "order.avsc": order, "other.avsc": order.replace("Order", "Other") },
    );
    expect(located(result.diagnostics)).toEqual(["subject/conflict@kgov.yaml:5:37", "subject/conflict@kgov.yaml:6:37"]);
    expect(result.diagnostics[0]?.message).toContain("`other.avsc` instead of `order.avsc`");
    expect(result.diagnostics[0]?.why).toContain("kgov.yaml:3:19");
    expect(result.diagnostics[1]?.message).toContain("compatibility FULL instead of (unset)");
    // The same file under the same subject is one subject, declared first by the standalone entry.
    expect(result.subjects.map((s) => [s.name, s.file, s.declaredBy.kind])).toEqual([
      ["shared", "order.avsc", "standalone"],
    ]);
  });
});
