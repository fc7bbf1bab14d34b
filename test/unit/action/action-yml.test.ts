/** action.yml: versioned with the package, and wired to what action/run.mjs reads. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const root = new URL("../../../", import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), "utf8");

interface ActionYml {
  inputs: Record<string, { default?: string; required?: boolean }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: { id?: string; run: string; env?: Record<string, string> }[] };
}

const action = parse(read("action.yml")) as ActionYml;

describe("action.yml", () => {
  it("installs the kgov release it ships with by default", () => {
    const pkg = JSON.parse(read("package.json")) as { version: string; files: string[] };
    expect(action.inputs["kgov-version"]!.default).toBe(pkg.version);
    expect(pkg.files).toEqual(expect.arrayContaining(["action.yml", "action/"]));
  });

  it("passes every input to the script as the INPUT_* variable it reads", () => {
    const step = action.runs.steps.find((s) => s.id === "kgov")!;
    expect(step.run).toBe('node "$GITHUB_ACTION_PATH/action/run.mjs"');
    for (const name of Object.keys(action.inputs).filter((n) => n !== "kgov-version")) {
      expect(step.env![`INPUT_${name.toUpperCase().replace(/-/g, "_")}`]).toBe(`\${{ inputs.${name} }}`);
    }
    expect(step.env!.KGOV_BIN).toBe("${{ steps.install.outputs.bin }}");
    expect(action.inputs.command!.required).toBe(true);
  });

  it("exposes the outputs the script writes", () => {
    expect(Object.keys(action.outputs).sort()).toEqual(["exit-code", "has-changes", "plan-file"]);
    for (const [name, output] of Object.entries(action.outputs)) {
      expect(output.value).toBe(`\${{ steps.kgov.outputs.${name} }}`);
    }
  });
});
