import { describe, expect, it } from "vitest";
import { parseSchemaFile } from "../../../src/core/schema-files/index.js";
import { expectOnlyProblem, fixtureText, parseFixture } from "./fixtures.js";

describe("Protobuf (.proto)", () => {
  it("parses a proto3 file, resolving well-known types, and registers the file's text", () => {
    const result = parseFixture("proto/order-requested.proto");
    expect(result.diagnostics).toEqual([]);
    const parsed = result.parsed;
    if (parsed?.schemaType !== "PROTOBUF") throw new Error("expected a Protobuf schema");
    expect(parsed.package).toBe("com.acme.orders");
    expect(parsed.imports).toEqual(["google/protobuf/timestamp.proto"]);
    expect(parsed.canonicalText).toBe(fixtureText("proto/order-requested.proto"));
    const message = parsed.root.lookupType("com.acme.orders.OrderRequested");
    expect(Object.keys(message.fields)).toContain("order_id");
    expect(message.fields.requested_at?.resolvedType?.fullName).toBe(".google.protobuf.Timestamp");
  });

  it("reports a syntax error at the token on the line protobufjs names", () => {
    const result = parseFixture("proto/syntax-error.proto");
    expectOnlyProblem(result, "schema/protobuf-invalid", 7, 3);
    expect(result.diagnostics[0]?.message).toBe("unexpected 'int64', expected ';'");
  });

  it("reports an unknown type at its use", () => {
    const result = parseFixture("proto/unknown-type.proto");
    expectOnlyProblem(result, "schema/protobuf-invalid", 5, 3);
    expect(result.diagnostics[0]?.message).toBe("unknown type 'Mony' in message OrderRequested");
  });

  it("reports a reused field number at its second use", () => {
    const result = parseFixture("proto/duplicate-number.proto");
    expectOnlyProblem(result, "schema/protobuf-invalid", 5, 24);
    expect(result.diagnostics[0]?.message).toBe("number 1 is used twice in message OrderRequested");
  });

  it("reports field numbers protoc rejects", () => {
    expectOnlyProblem(parseFixture("proto/field-number-zero.proto"), "schema/protobuf-invalid", 4, 21);
  });

  it("does not resolve types from imports it cannot read offline", () => {
    const result = parseFixture("proto/external-import.proto");
    expect(result.diagnostics).toEqual([]);
    expect(result.parsed).toMatchObject({ schemaType: "PROTOBUF", imports: ["acme/money.proto"] });
  });

  it.each([
    ['syntax = "proto3";\nmessage A {\n  int32 a = 1;\n', 4, 1, "unexpected end of file"],
    [
      'syntax = "proto3";\nmessage A {\n  int32 a = 1;\n  int32 a = 2;\n}\n',
      4,
      9,
      "name 'a' is used twice in message A",
    ],
    ['syntax = "proto3";\n  /* open\nmessage A {}\n', 2, 3, "unterminated comment"],
    ['syntax = "proto3";\noption java_package = "com.acme\n;', 2, 23, "unterminated string"],
  ])("locates %j", (text, line, column, message) => {
    const result = parseSchemaFile({ path: "inline.proto", text });
    expect(result.diagnostics.map((d) => [d.source?.start.line, d.source?.start.column, d.message])).toEqual([
      [line, column, message],
    ]);
  });
});
