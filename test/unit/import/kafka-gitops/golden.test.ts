import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { convertKafkaGitops } from "../../../../src/core/import/kafka-gitops/index.js";

/**
 * Each folder under test/fixtures/import/kafka-gitops is one kafka-gitops setup; its `expected-estate.json` is the
 * converted estate. `UPDATE_GOLDEN=1 npx vitest run --project unit test/unit/import/kafka-gitops` rewrites them;
 * review the diff before keeping it.
 */
const UPDATE = process.env.UPDATE_GOLDEN === "1";
const root = fileURLToPath(new URL("../../../fixtures/import/kafka-gitops/", import.meta.url));
const cases = readdirSync(root);

/** Files in name order, except that the state file comes first (the converter finds it either way). */
function sources(dir: string) {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .sort((a, b) => (a === "state.yaml" ? -1 : b === "state.yaml" ? 1 : a < b ? -1 : 1))
    .map((path) => ({ path, text: readFileSync(`${dir}/${path}`, "utf8") }));
}

const asJson = (value: unknown) =>
  `${JSON.stringify(value, (_k, v: unknown) => (v instanceof Map ? Object.fromEntries(v) : v), 2)}\n`;

describe.each(cases)("kafka-gitops golden estate: %s", (name) => {
  const dir = `${root}${name}`;

  it("converts without diagnostics and matches expected-estate.json", () => {
    const result = convertKafkaGitops(sources(dir));
    expect(result.diagnostics).toEqual([]);
    const actual = asJson(result.estate);
    const golden = `${dir}/expected-estate.json`;
    if (UPDATE) writeFileSync(golden, actual);
    expect(actual).toBe(readFileSync(golden, "utf8"));
  });

  it("does not depend on the order the files are given in", () => {
    const files = sources(dir);
    const reversed = convertKafkaGitops([...files].reverse());
    expect(asJson(reversed.estate)).toBe(asJson(convertKafkaGitops(files).estate));
  });
});
