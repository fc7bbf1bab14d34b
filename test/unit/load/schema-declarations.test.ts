import { describe, expect, it } from "vitest";
import { referencedSchemaFiles } from "../../../src/core/load/build-schemas.js";
import { parseYaml } from "../../../src/core/load/parse-yaml.js";
import { desiredStateOf, located } from "../../helpers/desired-state.js";

describe("schema declarations in the format", () => {
  it("reads a binding's strategy, IDL type name and level as written, and settings.schemas as defaults", () => {
    const { state, diagnostics } = desiredStateOf({
      "kgov.yaml": `version: 1
settings:
  schemas: { subjectNameStrategy: record, compatibility: FULL }
topics:
  orders.v1:
    schemas:
      key: { file: schemas/key.avsc, subject: orders-key }
      value: { file: schemas/orders.avdl, name: OrderPlaced, subjectNameStrategy: topic-record, compatibility: NONE }
`,
    });
    expect(diagnostics).toEqual([]);
    expect(state.settings.schemas).toEqual({ subjectNameStrategy: "record", compatibility: "FULL" });
    const [key, value] = state.topics.get("orders.v1")?.schemas ?? [];
    expect(key).toMatchObject({ role: "key", subject: "orders-key", resolvedFile: "schemas/key.avsc" });
    expect(key?.subjectNameStrategy).toBeUndefined();
    expect(value).toMatchObject({
      role: "value",
      name: "OrderPlaced",
      subjectNameStrategy: "topic-record",
      compatibility: "NONE",
      source: { file: "kgov.yaml", start: { line: 8, column: 22 } },
    });
    expect(value?.subject).toBeUndefined();
  });

  it("merges standalone `schemas:` entries across files, paths relative to their file, and reports a duplicate", () => {
    const { state, diagnostics } = desiredStateOf({
      "kgov.yaml": `version: 1\nschemas:\n  com.acme.Money: { file: shared/money.avsc, compatibility: FULL }\n`,
      "teams/pay.yaml": `version: 1
schemas:
  pay-common: { file: common.avdl, name: Amount, type: AVRO }
  com.acme.Money: { file: other.avsc }
`,
    });
    expect([...(state.schemas?.keys() ?? [])]).toEqual(["com.acme.Money", "pay-common"]);
    expect(state.schemas?.get("com.acme.Money")).toMatchObject({
      subject: "com.acme.Money",
      file: "shared/money.avsc",
      resolvedFile: "shared/money.avsc",
      compatibility: "FULL",
    });
    expect(state.schemas?.get("pay-common")).toMatchObject({ resolvedFile: "teams/common.avdl", name: "Amount" });
    expect(located(diagnostics)).toEqual(["format/duplicate-subject@teams/pay.yaml:4:3"]);
    expect(diagnostics[0]?.why).toContain("kgov.yaml:3:3");
  });

  it("has no standalone schemas when the files declare none", () => {
    expect(desiredStateOf({ "kgov.yaml": "version: 1\n" }).state.schemas).toBeUndefined();
  });

  it("refuses an unknown strategy and unknown fields, structurally", () => {
    const { diagnostics } = desiredStateOf({
      "kgov.yaml": `version: 1
settings: { schemas: { subjectNameStrategy: RecordNameStrategy } }
schemas:
  shared: { file: a.avsc, subject: x }
topics:
  t.v1: { schemas: { value: { file: a.avsc, subjectNameStrategy: records } } }
`,
    });
    expect(located(diagnostics).sort()).toEqual([
      "format/invalid-value@kgov.yaml:2:45",
      "format/invalid-value@kgov.yaml:6:66",
      "format/unknown-field@kgov.yaml:4:27",
    ]);
  });

  it("lists standalone entries' files among the referenced schema files", () => {
    const file = parseYaml({
      path: "kgov.d/shared.yaml",
      text: `version: 1\nschemas:\n  a: { file: ../shared/a.proto }\n  b: { file: ../shared/b.json, type: JSON }\n`,
    }).file;
    expect(referencedSchemaFiles(file ? [file] : [])).toEqual([
      { path: "shared/a.proto" },
      { path: "shared/b.json", type: "JSON" },
    ]);
  });
});
