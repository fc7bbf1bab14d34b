import { describe, expect, it } from "vitest";
import { loadDesiredSubjects } from "../../../src/app/desired-subjects.js";
import { validateAndBuild } from "../../../src/app/validate.js";
import { located } from "../../helpers/desired-state.js";
import { memoryFiles } from "../../helpers/memory-files.js";

const base = `version: 1
settings:
  defaults: { topic: { partitions: 3, replicationFactor: 3, config: { min.insync.replicas: "2" } } }
`;
const currency = `{"type": "enum", "name": "Currency", "namespace": "com.acme", "symbols": ["EUR", "USD"]}`;
const pay = (type: string) =>
  `{"type": "record", "name": "Pay", "namespace": "com.acme", "fields": [{"name": "c", "type": "${type}"}]}`;

async function validate(files: Record<string, string>) {
  return validateAndBuild({ paths: [], variables: {} }, memoryFiles(files));
}

describe("kgov validate and the desired subjects", () => {
  it("accepts an .avsc that uses a standalone schema's type, and returns the subjects in order", async () => {
    const { validation, subjects } = await validate({
      "kgov.yaml": `${base}schemas:\n  com.acme.Currency: { file: schemas/currency.avsc }\ntopics:\n  pay.v1: { schemas: { value: { file: schemas/pay.avsc } } }\n`,
      "schemas/currency.avsc": currency,
      "schemas/pay.avsc": pay("Currency"),
    });
    expect(validation.diagnostics).toEqual([]);
    expect(validation.summary.schemas).toBe(2);
    expect(subjects?.map((s) => [s.name, s.references])).toEqual([
      ["com.acme.Currency", []],
      ["pay.v1-value", [{ name: "com.acme.Currency", subject: "com.acme.Currency" }]],
    ]);
  });

  it("reports unresolved references, conflicts and strategy problems, with the schema texts for code frames", async () => {
    const { validation } = await validate({
      "kgov.yaml": `${base}topics:
  pay.v1: { schemas: { value: { file: schemas/pay.avsc } } }
  a.v1: { schemas: { value: { file: schemas/currency.avsc, subject: shared } } }
  b.v1: { schemas: { value: { file: schemas/other.json, subject: shared, subjectNameStrategy: record } } }
`,
      "schemas/currency.avsc": currency,
      "schemas/pay.avsc": pay("Curency"),
      "schemas/other.json": `{"type": "object"}`,
    });
    expect(located(validation.diagnostics).sort()).toEqual([
      "subject/conflict@kgov.yaml:7:37",
      "subject/reference-unresolved@schemas/pay.avsc:1:93",
      "subject/strategy-with-subject@kgov.yaml:7:37",
    ]);
    expect(validation.sources.get("schemas/pay.avsc")).toBe(pay("Curency"));
  });

  it("checks Avro IDL imports, reporting a problem inside an imported file once, with its text", async () => {
    const { validation } = await validate({
      "kgov.yaml": `${base}topics:
  a.v1: { schemas: { value: { file: idl/a.avdl } } }
  b.v1: { schemas: { value: { file: idl/b.avdl } } }
  c.v1: { schemas: { value: { file: idl/c.avdl } } }
`,
      "idl/a.avdl": `protocol A {\n  import idl "common.avdl";\n  record A { Money m; }\n}`,
      "idl/b.avdl": `protocol B {\n  import idl "common.avdl";\n  record B { Money m; }\n}`,
      "idl/common.avdl": `protocol Common {\n  record Money { double amount }\n}`,
      "idl/c.avdl": `protocol C {\n  import idl "missing.avdl";\n  record C { int x; }\n}`,
    });
    expect(located(validation.diagnostics).sort()).toEqual([
      "schema/avro-idl-import-missing@idl/c.avdl:2:3",
      "schema/avro-idl-invalid@idl/common.avdl:2:32",
    ]);
    expect(validation.sources.get("idl/common.avdl")).toContain("record Money");
  });

  it("is clean for an IDL file whose imports are all there", async () => {
    const { validation, subjects } = await validate({
      "kgov.yaml": `${base}topics:\n  a.v1: { schemas: { value: { file: idl/a.avdl } } }\n`,
      "idl/a.avdl": `protocol A {\n  import idl "common.avdl";\n  record A { Money m; }\n}`,
      "idl/common.avdl": `protocol Common {\n  record Money { double amount; }\n}`,
    });
    expect(validation.diagnostics).toEqual([]);
    expect(subjects?.map((s) => s.name)).toEqual(["a.v1-value"]);
  });
});

describe("loadDesiredSubjects", () => {
  it("reads each declared file and its imports once, and reports an unreadable file at its first declaration", async () => {
    const files = memoryFiles({
      "idl/a.avdl": `protocol A {\n  import idl "common.avdl";\n  record A { Money m; }\n}`,
      "idl/common.avdl": `protocol Common {\n  record Money { double amount; }\n}`,
    });
    const reads: string[] = [];
    const counting = { ...files, readText: (path: string) => (reads.push(path), files.readText(path)) };
    const { validation, state } = await validateAndBuild(
      { paths: [], variables: {} },
      memoryFiles({
        "kgov.yaml": `${base}topics:\n  a.v1: { schemas: { value: { file: idl/a.avdl } } }\n  b.v1: { schemas: { key: { file: idl/a.avdl }, value: { file: gone.avsc } } }\n`,
      }),
    );
    expect(located(validation.diagnostics)).toContain("schema/missing-file@kgov.yaml:5:37");
    const loaded = await loadDesiredSubjects(state!, counting);
    expect(reads.sort()).toEqual(["gone.avsc", "idl/a.avdl", "idl/common.avdl"]);
    expect(located(loaded.diagnostics)).toEqual(["schema/missing-file@kgov.yaml:6:64"]);
    expect(loaded.subjects.map((s) => s.name)).toEqual(["a.v1-value", "b.v1-key"]);
    expect([...loaded.sources.keys()].sort()).toEqual(["idl/a.avdl", "idl/common.avdl"]);
  });
});
