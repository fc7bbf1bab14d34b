import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validateDesiredState } from "../../../src/app/validate.js";
import { parseYaml } from "../../../src/core/load/parse-yaml.js";
import { memoryFiles } from "../../helpers/memory-files.js";

const validate = (text: string) =>
  validateDesiredState({ paths: [], variables: {} }, memoryFiles({ "kgov.yaml": text }));
const codes = (ds: readonly { code: string }[]) => ds.map((d) => d.code);

const billionLaughs = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]",
  "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]",
  "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]",
  "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]",
  "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]",
  "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]",
  "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]",
  "i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]",
].join("\n");

describe("hostile and broken desired-state input", () => {
  it.each([
    ["malformed YAML", "version: 1\ntopics:\n  a: [unclosed\n", ["format/yaml-syntax"]],
    ["a tab-indented block", "version: 1\ntopics:\n\ta: {}\n", ["format/yaml-syntax"]],
    ["an empty file", "", ["format/empty-file"]],
    ["a file of only comments", "# nothing here\n", ["format/empty-file"]],
    ["a billion-laughs alias bomb", billionLaughs, ["format/yaml-syntax"]],
    ["deep flow nesting", `version: 1\nx: ${"[".repeat(5000)}${"]".repeat(5000)}\n`, ["format/yaml-syntax"]],
    [
      "deep block nesting",
      `version: 1\nx:\n${Array.from({ length: 300 }, (_, i) => `${" ".repeat(i + 1)}k:`).join("\n")} 1\n`,
      ["format/yaml-syntax"],
    ],
    ["a scalar document", "just a string\n", ["format/wrong-type"]],
    ["a list document", "- 1\n- 2\n", ["format/wrong-type"]],
    ["several documents in one file", "version: 1\n---\nversion: 1\n", ["format/yaml-syntax"]],
  ])("%s gives a diagnostic, not a crash", async (_name, text, expected) => {
    const result = await validate(text);
    expect(codes(result.diagnostics)).toEqual(expected);
  });

  it("bounds the alias-bomb expansion instead of exhausting memory", () => {
    const before = process.memoryUsage().heapUsed;
    const result = parseYaml({ path: "bomb.yaml", text: billionLaughs });
    expect(result.file).toBeUndefined();
    expect(result.diagnostics[0]?.message).toContain("alias");
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(50 * 1024 * 1024);
  });

  it("refuses text longer than the limit before parsing it", () => {
    const result = parseYaml({ path: "huge.yaml", text: `# ${"x".repeat(11 * 1024 * 1024)}` });
    expect(codes(result.diagnostics)).toEqual(["format/yaml-syntax"]);
    expect(result.diagnostics[0]?.message).toContain("MiB");
  });

  it("never throws on random text", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: "binary", maxLength: 400 }), async (text) => {
        const result = await validate(text);
        expect(Array.isArray(result.diagnostics)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("never throws on mutations of a valid file", async () => {
    const valid = `version: 1
settings:
  defaults: { topic: { partitions: 3, replicationFactor: 3, config: { min.insync.replicas: "2" } } }
  policies: { topicName: '^[a-z.]+$', singleWriter: true }
environments:
  dev: { overrides: { topics: { "*": { replicationFactor: 1 } } } }
topics:
  orders.v1:
    config: { retention.ms: 604800000, cleanup.policy: compact }
    schemas: { value: { file: a.avsc } }
services:
  s: { principal: "User:s", produces: [orders.v1], consumes: [orders.v1] }
acls:
  - { principal: "User:o", resource: { type: topic, name: orders., pattern: prefixed }, operations: [read] }
`;
    const mutation = fc.tuple(fc.nat(valid.length), fc.nat(12), fc.string({ maxLength: 6 }));
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 4 }), async (edits) => {
        let text = valid;
        for (const [at, remove, insert] of edits) text = text.slice(0, at) + insert + text.slice(at + remove);
        const result = await validateDesiredState(
          { paths: [], environment: "dev", variables: {} },
          memoryFiles({ "kgov.yaml": text, "a.avsc": '"string"' }),
        );
        for (const d of result.diagnostics) {
          expect(d.code).toMatch(/^[a-z]+\/[a-z0-9-]+$/);
          if (d.source) expect(d.source.start.line).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: 300 },
    );
  });
});
