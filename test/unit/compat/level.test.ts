import { describe, expect, it } from "vitest";
import {
  checkCompatibility,
  type CompatibilityLevel,
  type CompatibilityRequest,
  type SchemaType,
} from "../../../src/index.js";

/**
 * The level machinery (Schema Registry's CompatibilityChecker) through the public library API: which direction each
 * level checks, which versions it compares with, and how unparsable versions come back. The per-format rules have
 * their own fixture tests under test/unit/compat/{avro,json,protobuf}.
 */

const LEVELS: readonly CompatibilityLevel[] = [
  "NONE",
  "BACKWARD",
  "BACKWARD_TRANSITIVE",
  "FORWARD",
  "FORWARD_TRANSITIVE",
  "FULL",
  "FULL_TRANSITIVE",
];

// --- Avro -------------------------------------------------------------------------------------------------------

interface AvroField {
  name: string;
  type: unknown;
  default?: unknown;
}
const avro = (...fields: AvroField[]): string =>
  JSON.stringify({ type: "record", name: "Order", namespace: "shop", fields }, null, 2);
const id: AvroField = { name: "id", type: "string" };
const note: AvroField = { name: "note", type: "string" };
const noteWithDefault: AvroField = { name: "note", type: "string", default: "" };

// --- JSON Schema ------------------------------------------------------------------------------------------------

/** An object schema; `closed` sets additionalProperties false. */
const json = (properties: Record<string, object>, options: { required?: string[]; closed?: boolean } = {}): string =>
  JSON.stringify(
    {
      type: "object",
      properties,
      ...(options.required ? { required: options.required } : {}),
      ...(options.closed ? { additionalProperties: false } : {}),
    },
    null,
    2,
  );

// --- Protobuf ---------------------------------------------------------------------------------------------------

const proto = (body: string, extra = ""): string =>
  `syntax = "proto3";\npackage shop;\n\nmessage Order {\n${body}\n}\n${extra}`;

function check(
  schemaType: SchemaType,
  level: CompatibilityLevel,
  previous: CompatibilityRequest["previous"],
  candidate: CompatibilityRequest["candidate"],
) {
  return checkCompatibility({ schemaType, level, previous, candidate });
}

/** The verdict, failing the test when the check could not decide. */
function verdict(...args: Parameters<typeof check>): boolean {
  const result = check(...args);
  expect(result.invalid).toBeUndefined();
  expect(result.compatible).toBe(result.findings.length === 0);
  return result.compatible;
}

describe("NONE", () => {
  it.each([
    ["AVRO", avro(id), JSON.stringify({ type: "enum", name: "Other", symbols: ["A"] })],
    ["JSON", json({ a: { type: "string" } }, { closed: true }), JSON.stringify({ type: "array" })],
    ["PROTOBUF", proto("  string id = 1;"), `syntax = "proto3";\npackage other;\nmessage X { int64 y = 1; }\n`],
  ] as const)("accepts any valid %s candidate, whatever the history", (type, previous, candidate) => {
    const result = check(type, "NONE", [previous, previous], candidate);
    expect(result).toEqual({ compatible: true, findings: [] });
  });

  it("does not even read the previous versions", () => {
    expect(check("AVRO", "NONE", ["{ not a schema"], avro(id))).toEqual({ compatible: true, findings: [] });
  });

  it("still refuses an unparsable candidate: that is an invalid schema, not a compatibility question", () => {
    const result = check("AVRO", "NONE", [avro(id)], "{ not a schema");
    expect(result.invalid?.which).toBe("candidate");
  });
});

describe("an empty history", () => {
  it.each(LEVELS)("%s: a first version is always compatible", (level) => {
    expect(check("AVRO", level, [], avro(id, note))).toEqual({ compatible: true, findings: [] });
  });
});

describe("BACKWARD vs FORWARD: which side reads", () => {
  describe("Avro", () => {
    it("adding a field without a default: the new schema cannot read old data (BACKWARD fails, FORWARD passes)", () => {
      expect(verdict("AVRO", "BACKWARD", [avro(id)], avro(id, note))).toBe(false);
      expect(verdict("AVRO", "FORWARD", [avro(id)], avro(id, note))).toBe(true);
      expect(verdict("AVRO", "FULL", [avro(id)], avro(id, note))).toBe(false);
    });

    it("removing a field without a default: old readers miss it (BACKWARD passes, FORWARD fails)", () => {
      expect(verdict("AVRO", "BACKWARD", [avro(id, note)], avro(id))).toBe(true);
      expect(verdict("AVRO", "FORWARD", [avro(id, note)], avro(id))).toBe(false);
      expect(verdict("AVRO", "FULL", [avro(id, note)], avro(id))).toBe(false);
    });

    it("adding or removing a field with a default passes every level", () => {
      for (const level of LEVELS) {
        expect(verdict("AVRO", level, [avro(id)], avro(id, noteWithDefault)), level).toBe(true);
        expect(verdict("AVRO", level, [avro(id, noteWithDefault)], avro(id)), level).toBe(true);
      }
    });

    it("tags each finding with the direction that failed", () => {
      const backward = check("AVRO", "BACKWARD", [avro(id)], avro(id, note));
      expect(backward.findings).toEqual([
        expect.objectContaining({
          rule: "avro/field-missing-default",
          direction: "BACKWARD",
          againstVersion: 1,
          path: expect.stringContaining("note") as unknown,
        }),
      ]);
      const forward = check("AVRO", "FORWARD", [avro(id, note)], avro(id));
      expect(forward.findings).toEqual([
        expect.objectContaining({ rule: "avro/field-missing-default", direction: "FORWARD", againstVersion: 1 }),
      ]);
    });

    it("FULL reports both directions when both fail", () => {
      // `note` replaces `comment`: the new schema lacks a default for note, the old one for comment.
      const comment: AvroField = { name: "comment", type: "string" };
      const result = check("AVRO", "FULL", [avro(id, comment)], avro(id, note));
      expect(result.compatible).toBe(false);
      expect(result.findings.map((f) => [f.direction, f.rule, f.path.split(".").pop()])).toEqual([
        ["BACKWARD", "avro/field-missing-default", "note"],
        ["FORWARD", "avro/field-missing-default", "comment"],
      ]);
    });

    it("widening int → long is BACKWARD only (Avro promotes int to long, not back)", () => {
      const amount = (type: string): AvroField => ({ name: "amount", type });
      expect(verdict("AVRO", "BACKWARD", [avro(amount("int"))], avro(amount("long")))).toBe(true);
      expect(verdict("AVRO", "FORWARD", [avro(amount("int"))], avro(amount("long")))).toBe(false);
    });
  });

  describe("JSON Schema (open content model, STRICT policy)", () => {
    const v1 = json({ id: { type: "string" } });
    const v2 = json({ id: { type: "string" }, note: { type: "string" } });

    it("adding a typed optional property: the new schema rejects values the old one allowed (BACKWARD fails)", () => {
      expect(verdict("JSON", "BACKWARD", [v1], v2)).toBe(false);
      expect(verdict("JSON", "FORWARD", [v1], v2)).toBe(true);
      expect(verdict("JSON", "FULL", [v1], v2)).toBe(false);
      expect(check("JSON", "BACKWARD", [v1], v2).findings.map((f) => f.rule)).toEqual([
        "json/optional-property-added-to-open-model",
      ]);
    });

    it("removing it again: the old schema rejects what the new one allows (FORWARD fails)", () => {
      expect(verdict("JSON", "BACKWARD", [v2], v1)).toBe(true);
      expect(verdict("JSON", "FORWARD", [v2], v1)).toBe(false);
      expect(check("JSON", "FORWARD", [v2], v1).findings).toEqual([
        expect.objectContaining({ rule: "json/optional-property-added-to-open-model", direction: "FORWARD" }),
      ]);
    });

    it("LENIENT accepts the optional property in both directions", () => {
      const lenient = checkCompatibility({
        schemaType: "JSON",
        level: "FULL",
        previous: [v1],
        candidate: v2,
        policy: "LENIENT",
      });
      expect(lenient).toEqual({ compatible: true, findings: [] });
    });
  });

  describe("Protobuf", () => {
    const withAudit = proto("  string id = 1;", "\nmessage Audit {\n  string by = 1;\n}\n");
    const withoutAudit = proto("  string id = 1;");

    it("removing a message: BACKWARD fails, FORWARD passes (the old schema just has an extra message)", () => {
      expect(verdict("PROTOBUF", "BACKWARD", [withAudit], withoutAudit)).toBe(false);
      expect(verdict("PROTOBUF", "FORWARD", [withAudit], withoutAudit)).toBe(true);
      expect(verdict("PROTOBUF", "FULL", [withAudit], withoutAudit)).toBe(false);
    });

    it("adding a message: the reverse", () => {
      expect(verdict("PROTOBUF", "BACKWARD", [withoutAudit], withAudit)).toBe(true);
      expect(verdict("PROTOBUF", "FORWARD", [withoutAudit], withAudit)).toBe(false);
      expect(check("PROTOBUF", "FORWARD", [withoutAudit], withAudit).findings).toEqual([
        expect.objectContaining({ rule: "protobuf/message-removed", direction: "FORWARD", againstVersion: 1 }),
      ]);
    });

    it("removing a member of a oneof that stays: BACKWARD fails, FORWARD passes", () => {
      const two = proto("  oneof payer {\n    string card = 1;\n    string iban = 2;\n  }");
      const one = proto("  oneof payer {\n    string card = 1;\n  }");
      expect(verdict("PROTOBUF", "BACKWARD", [two], one)).toBe(false);
      expect(verdict("PROTOBUF", "FORWARD", [two], one)).toBe(true);
    });
  });
});

describe("transitivity: the non-transitive levels compare with the latest version only", () => {
  describe("Avro: a default added, then taken away", () => {
    const v1 = avro(id);
    const v2 = avro(id, noteWithDefault);
    const v3 = avro(id, note);

    it("passes BACKWARD at each step", () => {
      expect(verdict("AVRO", "BACKWARD", [v1], v2)).toBe(true);
      expect(verdict("AVRO", "BACKWARD", [v1, v2], v3)).toBe(true);
    });

    it("is rejected by BACKWARD_TRANSITIVE, because v3 cannot read v1's data", () => {
      const result = check("AVRO", "BACKWARD_TRANSITIVE", [v1, v2], v3);
      expect(result.compatible).toBe(false);
      expect(result.findings).toEqual([
        expect.objectContaining({ rule: "avro/field-missing-default", againstVersion: 1, direction: "BACKWARD" }),
      ]);
    });

    it("is rejected by FULL_TRANSITIVE for the same reason, and passes FULL", () => {
      expect(verdict("AVRO", "FULL", [v1, v2], v3)).toBe(true);
      expect(check("AVRO", "FULL_TRANSITIVE", [v1, v2], v3).findings).toEqual([
        expect.objectContaining({ againstVersion: 1, direction: "BACKWARD" }),
      ]);
    });

    it("the mirror trap for FORWARD: a default given, then the field removed", () => {
      const f1 = avro(id, note);
      const f2 = avro(id, noteWithDefault);
      const f3 = avro(id);
      expect(verdict("AVRO", "FORWARD", [f1], f2)).toBe(true);
      expect(verdict("AVRO", "FORWARD", [f1, f2], f3)).toBe(true);
      expect(check("AVRO", "FORWARD_TRANSITIVE", [f1, f2], f3).findings).toEqual([
        expect.objectContaining({ rule: "avro/field-missing-default", againstVersion: 1, direction: "FORWARD" }),
      ]);
    });
  });

  describe("JSON Schema: a required property with a default, then without", () => {
    const v1 = json({ id: { type: "string" } }, { required: ["id"], closed: true });
    const v2 = json(
      { id: { type: "string" }, note: { type: "string", default: "" } },
      { required: ["id", "note"], closed: true },
    );
    const v3 = json({ id: { type: "string" }, note: { type: "string" } }, { required: ["id", "note"], closed: true });

    it("passes BACKWARD at each step (a default is an annotation)", () => {
      expect(verdict("JSON", "BACKWARD", [v1], v2)).toBe(true);
      expect(verdict("JSON", "BACKWARD", [v1, v2], v3)).toBe(true);
    });

    it("is rejected by BACKWARD_TRANSITIVE: v1's data lacks the now required property", () => {
      const result = check("JSON", "BACKWARD_TRANSITIVE", [v1, v2], v3);
      expect(result.compatible).toBe(false);
      expect(result.findings.every((f) => f.againstVersion === 1)).toBe(true);
      expect(result.findings.map((f) => f.rule)).toContain("json/required-property-added-to-unopen-model");
    });
  });

  describe("Protobuf: a field number removed, then reused with another type", () => {
    const v1 = proto("  string id = 1;\n  int64 amount = 2;");
    const v2 = proto("  string id = 1;");
    const v3 = proto("  string id = 1;\n  string amount = 2;");

    it("passes BACKWARD at each step (removing and adding fields is allowed)", () => {
      expect(verdict("PROTOBUF", "BACKWARD", [v1], v2)).toBe(true);
      expect(verdict("PROTOBUF", "BACKWARD", [v1, v2], v3)).toBe(true);
    });

    it("is rejected by BACKWARD_TRANSITIVE: field 2 changes from int64 to string against v1", () => {
      expect(check("PROTOBUF", "BACKWARD_TRANSITIVE", [v1, v2], v3).findings).toEqual([
        expect.objectContaining({ rule: "protobuf/field-scalar-kind-changed", againstVersion: 1 }),
      ]);
    });
  });

  it("a non-transitive level never looks at older versions, even unparsable ones", () => {
    for (const level of ["BACKWARD", "FORWARD", "FULL"] as const) {
      expect(check("AVRO", level, ["{ not a schema", avro(id)], avro(id, noteWithDefault)), level).toEqual({
        compatible: true,
        findings: [],
      });
    }
  });

  it("a transitive level compares with every version and reports each failing one, newest first", () => {
    // The candidate drops `note`, which v1 and v2 (but not v3) declared without a default.
    const history = [avro(id, note), avro(id, note), avro(id)];
    const result = check("AVRO", "FORWARD_TRANSITIVE", history, avro(id));
    expect(result.findings.map((f) => f.againstVersion)).toEqual([2, 1]);
    expect(check("AVRO", "FORWARD", history, avro(id))).toEqual({ compatible: true, findings: [] });
  });

  it("a transitive level reports an unparsable older version as invalid, with its number", () => {
    const result = check("AVRO", "BACKWARD_TRANSITIVE", [avro(id), "{ not a schema", avro(id)], avro(id));
    expect(result.compatible).toBe(false);
    expect(result.invalid).toMatchObject({ which: "previous", version: 2 });
  });
});

describe("invalid schemas", () => {
  it.each([
    ["AVRO", avro(id), '{ "type": "record", "name": "Order", "fields": [ }'],
    ["AVRO", avro(id), avro({ name: "note", type: "int", default: "zero" })],
    ["JSON", json({ id: { type: "string" } }), '{ "type": "object", '],
    ["PROTOBUF", proto("  string id = 1;"), proto("  string id = ;")],
  ] as const)("%s: an unparsable candidate is invalid, not incompatible", (type, previous, candidate) => {
    for (const level of LEVELS) {
      const result = check(type, level, [previous], candidate);
      expect(result.compatible, level).toBe(false);
      expect(result.findings, level).toEqual([]);
      expect(result.invalid, level).toMatchObject({ which: "candidate" });
      expect(result.invalid?.message.length, level).toBeGreaterThan(0);
    }
  });

  it("an Avro previous version with an invalid default is still checked, as the registry reads stored schemas", () => {
    const invalidDefault = avro(id, { name: "note", type: ["null", "string"], default: "none" });
    // The same text is refused as a candidate ...
    expect(check("AVRO", "BACKWARD", [avro(id)], invalidDefault).invalid?.which).toBe("candidate");
    // ... but as a previous version it is compared normally, both ways.
    const validNote: AvroField = { name: "note", type: ["null", "string"], default: null };
    expect(check("AVRO", "BACKWARD", [invalidDefault], avro(id, validNote))).toEqual({
      compatible: true,
      findings: [],
    });
    const result = check("AVRO", "FORWARD", [invalidDefault], avro(id));
    expect(result.invalid).toBeUndefined();
    // Only the default's presence matters: the old reader can fill `note` from it.
    expect(result.compatible).toBe(true);
    const breaking = check("AVRO", "BACKWARD", [invalidDefault], avro({ name: "id", type: "int" }));
    expect(breaking.invalid).toBeUndefined();
    expect(breaking.findings.map((f) => f.rule)).toEqual(["avro/type-mismatch"]);
  });
});

describe("locations", () => {
  it("locates findings in the candidate file when paths are given", () => {
    const result = check("AVRO", "BACKWARD", [{ text: avro(id), path: "v1.avsc" }], {
      text: avro(id, note),
      path: "order.avsc",
    });
    const [finding] = result.findings;
    expect(finding?.source).toMatchObject({ file: "order.avsc" });
    // The `note` field object starts on line 10 of the pretty-printed schema.
    const lines = avro(id, note).split("\n");
    const noteLine = lines.findIndex((l) => l.includes('"note"')) + 1;
    expect(finding?.source?.start.line).toBeGreaterThanOrEqual(noteLine - 1);
    expect(finding?.source?.start.line).toBeLessThanOrEqual(noteLine);
    expect(finding?.source?.start.column).toBeGreaterThan(0);
  });

  it("locates a FORWARD finding in the previous version's file (the reader there lacks a default)", () => {
    const result = check("AVRO", "FORWARD", [{ text: avro(id, note), path: "v1.avsc" }], {
      text: avro(id),
      path: "order.avsc",
    });
    expect(result.findings[0]?.source?.file).toBe("v1.avsc");
  });

  it.each([
    [
      "JSON",
      json({ id: { type: "string" } }),
      json({ id: { type: "string" }, note: { type: "string" } }),
      "order.json",
    ],
    ["PROTOBUF", proto("  string id = 1;"), proto("  int64 id = 1;"), "order.proto"],
  ] as const)("%s findings are located too", (type, previous, candidate, path) => {
    const result = check(type, "BACKWARD", [{ text: previous, path: `old/${path}` }], { text: candidate, path });
    expect(result.findings.length).toBeGreaterThan(0);
    for (const f of result.findings) {
      expect(f.source?.file).toBe(path);
      expect(f.source?.start.line).toBeGreaterThan(1);
    }
  });

  it("gives no location without paths", () => {
    const result = check("AVRO", "BACKWARD", [avro(id)], avro(id, note));
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]?.source).toBeUndefined();
  });
});
