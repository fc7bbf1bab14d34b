import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { JSON_RULES, jsonSchemaChecker, type ParsedJsonSchema } from "../../../../src/core/compat/json/index.js";
import type { JsonCompatibilityPolicy } from "../../../../src/core/compat/types.js";

/**
 * One folder per rule (`<rule-id>` or `<rule-id>--<variant>`, without the `json/` prefix): `reader.json`,
 * `writer.json`, `expected.json` (the findings as {rule, path, line, column}, [] when compatible) and optionally
 * `options.json` ({"policy": "LENIENT"}). Set UPDATE_FIXTURES=1 to rewrite expected.json after reviewing a change.
 */
const here = dirname(fileURLToPath(import.meta.url));
const folders = readdirSync(here)
  .filter((name) => existsSync(join(here, name, "reader.json")))
  .sort();

interface Expected {
  rule: string;
  path: string;
  line: number;
  column: number;
}

function parse(folder: string, file: string, role: "candidate" | "previous"): ParsedJsonSchema {
  const result = jsonSchemaChecker.parse({ text: readFileSync(join(here, folder, file), "utf8"), path: file }, role);
  if (result.parsed === undefined) throw new Error(`${folder}/${file}: ${result.error}`);
  return result.parsed;
}

describe("JSON Schema compatibility rules (fixtures)", () => {
  it.each(folders)("%s", (folder) => {
    const optionsFile = join(here, folder, "options.json");
    const policy = existsSync(optionsFile)
      ? (JSON.parse(readFileSync(optionsFile, "utf8")) as { policy: JsonCompatibilityPolicy }).policy
      : undefined;
    const findings = jsonSchemaChecker.canRead(
      parse(folder, "reader.json", "candidate"),
      parse(folder, "writer.json", "previous"),
      {
        readerPath: "reader.json",
        writerPath: "writer.json",
        ...(policy ? { policy } : {}),
      },
    );
    for (const f of findings) {
      expect(Object.keys(JSON_RULES)).toContain(f.rule);
      expect(f.message.length).toBeGreaterThan(20);
    }
    const actual: Expected[] = findings.map((f) => ({
      rule: f.rule,
      path: f.path,
      line: f.source?.start.line ?? 0,
      column: f.source?.start.column ?? 0,
    }));
    const expectedFile = join(here, folder, "expected.json");
    if (process.env["UPDATE_FIXTURES"] === "1") writeFileSync(expectedFile, JSON.stringify(actual, null, 2) + "\n");
    const expected = JSON.parse(readFileSync(expectedFile, "utf8")) as Expected[];
    expect(actual).toEqual(expected);
    // A folder named after an incompatible rule must report it; a compatible rule's folder must report nothing.
    const rule = `json/${folder.split("--")[0]}` as keyof typeof JSON_RULES;
    if (rule in JSON_RULES && !folder.includes("--")) {
      const breaks = JSON_RULES[rule].incompatible[policy ?? "STRICT"];
      if (breaks) expect(actual.map((f) => f.rule)).toContain(rule);
      else expect(actual).toEqual([]);
    }
  });

  it("has a fixture folder for every rule that is incompatible under some policy", () => {
    const missing = Object.entries(JSON_RULES)
      .filter(([, rule]) => rule.incompatible.STRICT || rule.incompatible.LENIENT)
      .map(([id]) => id.slice("json/".length))
      .filter((id) => !folders.includes(id));
    expect(missing).toEqual([]);
  });

  it("names every folder after a rule", () => {
    const unknown = folders.filter((f) => !(`json/${f.split("--")[0]}` in JSON_RULES));
    expect(unknown).toEqual([]);
  });

  it("lists only the rules LENIENT relaxes as STRICT-only", () => {
    const relaxed = Object.entries(JSON_RULES)
      .filter(([, r]) => r.incompatible.STRICT && !r.incompatible.LENIENT)
      .map(([id]) => id)
      .sort();
    expect(relaxed).toEqual([
      "json/additional-properties-narrowed",
      "json/additional-properties-removed",
      "json/optional-property-added-to-open-model",
      "json/property-removed-from-closed-model",
      "json/required-property-with-default-added-to-open-model",
      "json/unevaluated-properties-narrowed",
      "json/unevaluated-properties-removed",
    ]);
    for (const rule of Object.values(JSON_RULES))
      expect(rule.incompatible.LENIENT && !rule.incompatible.STRICT).toBe(false);
  });
});
