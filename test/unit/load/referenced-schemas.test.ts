import { describe, expect, it } from "vitest";
import { referencedSchemaFiles } from "../../../src/core/load/build-schemas.js";
import { buildDesiredState } from "../../../src/core/load/build-state.js";
import { parseYaml, type ParsedYaml } from "../../../src/core/load/parse-yaml.js";

function parsed(files: Record<string, string>): ParsedYaml[] {
  return Object.entries(files).map(([path, text]) => {
    const result = parseYaml({ path, text });
    if (!result.file) throw new Error(`${path}: ${JSON.stringify(result.diagnostics)}`);
    return result.file;
  });
}

// validate starts checking schema files from this list before the files are merged; the merged state then reports
// each file where its first binding is. The two must name the same files with the same declared types.
describe("referencedSchemaFiles", () => {
  it("lists exactly the files of the merged state's schema bindings, each with its first binding's type", () => {
    const files = parsed({
      "kgov.yaml": `version: 1
topics:
  a.v1:
    schemas: { key: { file: schemas/Key.avsc }, value: { file: schemas/A.avdl } }
  b.v1:
    schemas: { value: { file: ./schemas/../schemas/Key.avsc, type: JSON } }
  c.v1: 5
`,
      "teams/pay/topics.yaml": `version: 1
topics:
  pay.v1:
    schemas: { value: { file: ../../schemas/Pay.proto, type: PROTOBUF } }
  a.v1:
    schemas: { value: { file: Shadowed.avsc } }
`,
    });
    const state = buildDesiredState(files, { variables: {} }).state;
    const bindings = new Map<string, string | undefined>();
    for (const topic of state.topics.values())
      for (const b of topic.schemas) if (!bindings.has(b.resolvedFile)) bindings.set(b.resolvedFile, b.type);
    const listed = referencedSchemaFiles(files);
    // The duplicate a.v1 (an error in validate) may add its own file; every bound file must be listed, typed alike.
    for (const [path, type] of bindings) expect(listed).toContainEqual(type ? { path, type } : { path });
    expect(listed.map((j) => j.path).sort()).toEqual(
      ["schemas/A.avdl", "schemas/Key.avsc", "schemas/Pay.proto", "teams/pay/Shadowed.avsc"].sort(),
    );
  });
});
