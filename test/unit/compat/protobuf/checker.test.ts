import { describe, expect, it } from "vitest";
import { checkWithLevel } from "../../../../src/core/compat/check.js";
import { protobufChecker, type ParsedProto } from "../../../../src/core/compat/protobuf/index.js";

function parsed(text: string, role: "previous" | "candidate" = "candidate"): ParsedProto {
  const result = protobufChecker.parse({ text }, role);
  expect(result.error).toBeUndefined();
  return result.parsed as ParsedProto;
}

const order = (body: string, header = 'syntax = "proto3";\npackage shop;\n'): string =>
  `${header}\nmessage Order {\n${body}\n}\n`;

describe("protobufChecker.parse", () => {
  it("reports a candidate's syntax error as an error string located in its file", () => {
    const result = protobufChecker.parse({ text: order("  int32 amount = ;"), path: "orders.proto" }, "candidate");
    expect(result.parsed).toBeUndefined();
    expect(result.error).toMatch(/';'/);
    expect(result.source).toMatchObject({ file: "orders.proto", start: { line: 5 } });
  });

  it("rejects a candidate the registry would reject, but reads the same text as a previous version", () => {
    const text = order("  int32 amount = 19500;");
    expect(protobufChecker.parse({ text }, "candidate").error).toMatch(/number 19500/);
    expect(protobufChecker.parse({ text }, "previous").parsed).toBeDefined();
  });

  it("tolerates unknown types in a previous version", () => {
    const text = order("  Money total = 1;");
    expect(protobufChecker.parse({ text }, "candidate").error).toMatch(/unknown type 'Money'/);
    expect(protobufChecker.parse({ text }, "previous").parsed).toBeDefined();
  });

  it("fails a previous version that does not parse at all", () => {
    expect(protobufChecker.parse({ text: "message {" }, "previous").error).toBeDefined();
    expect(protobufChecker.parse({ text: "  " }, "previous").error).toMatch(/empty/);
  });
});

describe("protobufChecker.canRead", () => {
  it("explains a wire-type change in words", () => {
    const findings = protobufChecker.canRead(
      parsed(order("  string amount = 3;")),
      parsed(order("  int32 amount = 3;")),
      {},
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toMatch(/^field 3 `amount` changed from int32 to string: the wire types differ/);
    expect(findings[0]?.message).toMatch(/consumers cannot decode it$/);
    expect(findings[0]?.path).toBe("shop.Order.amount");
    // Without file paths there is nothing to point at.
    expect(findings[0]?.source).toBeUndefined();
  });

  it("compares types from imports (registry references) by name", () => {
    const header = 'syntax = "proto3";\npackage shop;\nimport "money.proto";\n';
    const writer = parsed(order("  money.Money total = 1;", header), "previous");
    expect(protobufChecker.canRead(parsed(order("  money.Money total = 1;", header)), writer, {})).toEqual([]);
    const changed = protobufChecker.canRead(parsed(order("  money.Price total = 1;", header)), writer, {});
    expect(changed.map((f) => f.rule)).toEqual(["protobuf/field-named-type-changed"]);
  });

  it("resolves well-known types from their imports", () => {
    const header = 'syntax = "proto3";\npackage shop;\nimport "google/protobuf/timestamp.proto";\n';
    const writer = parsed(order("  google.protobuf.Timestamp placed_at = 1;", header));
    expect(
      protobufChecker.canRead(parsed(order("  .google.protobuf.Timestamp placed_at = 1;", header)), writer, {}),
    ).toEqual([]);
    const changed = protobufChecker.canRead(parsed(order("  int64 placed_at = 1;", header)), writer, {});
    expect(changed.map((f) => f.rule)).toEqual(["protobuf/field-kind-changed"]);
  });

  it("treats a file without a package and one with a package as a package change", () => {
    const findings = protobufChecker.canRead(
      parsed(order("  string id = 1;")),
      parsed(order("  string id = 1;", 'syntax = "proto3";\n')),
      {},
    );
    expect(findings.map((f) => [f.rule, f.path])).toEqual([["protobuf/package-changed", "shop"]]);
    expect(findings[0]?.message).toMatch(/from no package to `shop`/);
  });
});

describe("protobuf through the level machinery", () => {
  const v1 = { text: order("  string id = 1;"), path: "v1.proto" };
  const v2 = { text: `${order("  string id = 1;")}\nmessage Refund {\n  string id = 1;\n}\n`, path: "v2.proto" };

  it("accepts an added message BACKWARD but not FORWARD (the old schema lacks it)", () => {
    const request = { schemaType: "PROTOBUF" as const, previous: [v1], candidate: v2 };
    expect(checkWithLevel(protobufChecker, { ...request, level: "BACKWARD" }).compatible).toBe(true);
    const forward = checkWithLevel(protobufChecker, { ...request, level: "FORWARD" });
    expect(forward.compatible).toBe(false);
    expect(forward.findings.map((f) => [f.rule, f.path, f.direction, f.source?.file, f.source?.start.line])).toEqual([
      ["protobuf/message-removed", "shop.Refund", "FORWARD", "v2.proto", 8],
    ]);
  });

  it("reports a candidate that does not parse as invalid, not as incompatible", () => {
    const result = checkWithLevel(protobufChecker, {
      schemaType: "PROTOBUF",
      level: "BACKWARD",
      previous: [v1],
      candidate: { text: "message Order {", path: "bad.proto" },
    });
    expect(result.invalid?.which).toBe("candidate");
    expect(result.findings).toEqual([]);
  });
});
