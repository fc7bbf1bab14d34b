import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { Estate } from "../../../../src/core/import/estate.js";
import { convertJulieOps, julieOpsSchemaPaths } from "../../../../src/core/import/julieops/index.js";

/**
 * Golden conversions: test/fixtures/import/julieops/<case>/topologies/*.yaml (+ the schema files they name) →
 * expected-estate.json. `UPDATE_GOLDEN=1 npx vitest run --project unit test/unit/import/julieops` rewrites them;
 * review the diff before keeping it.
 */
const UPDATE = process.env.UPDATE_GOLDEN === "1";
const FIXTURES = fileURLToPath(new URL("../../../fixtures/import/julieops/", import.meta.url));

/** Maps become plain objects so the golden is readable JSON. */
function estateJson(estate: Estate): string {
  const plain = {
    ...estate,
    serviceNames: Object.fromEntries(estate.serviceNames),
    applications: Object.fromEntries(estate.applications ?? []),
  };
  return `${JSON.stringify(plain, null, 2)}\n`;
}

describe.each(readdirSync(FIXTURES))("JulieOps golden: %s", (name) => {
  const dir = join(FIXTURES, name);
  // Paths relative to the case folder, as the CLI passes them relative to the working directory.
  const files = readdirSync(join(dir, "topologies")).map((f) => ({
    path: `topologies/${f}`,
    text: readFileSync(join(dir, "topologies", f), "utf8"),
  }));

  it("converts to expected-estate.json", () => {
    const schemaTexts = new Map(julieOpsSchemaPaths(files).map((p) => [p, readFileSync(join(dir, p), "utf8")]));
    const result = convertJulieOps(files, schemaTexts);
    expect(result.diagnostics).toEqual([]);
    const actual = estateJson(result.estate!);
    const golden = join(dir, "expected-estate.json");
    if (UPDATE) writeFileSync(golden, actual);
    expect(actual).toBe(readFileSync(golden, "utf8"));
  });
});
