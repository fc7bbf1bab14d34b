/** Input JulieOps would reject or misread: located diagnostics, all of them at once, and no estate. */
import { describe, expect, it } from "vitest";
import { convert } from "./helpers.js";

const problems = (files: Record<string, string>) => {
  const result = convert(files);
  expect(result.estate).toBeUndefined();
  return result.diagnostics.map(
    (d) => `${d.code} ${d.source?.file}:${d.source?.start.line}:${d.source?.start.column} ${d.message}`,
  );
};

describe("invalid topologies", () => {
  it("pass YAML syntax errors on from the parser", () => {
    expect(problems({ "t.yaml": "context: [shop\n" })[0]).toMatch(/^format\/yaml-syntax t\.yaml:/);
  });

  it("need context and projects", () => {
    expect(problems({ "t.yaml": "env: prod\n" })).toEqual([
      "import/invalid-source t.yaml:1:1 `context` is missing",
      "import/invalid-source t.yaml:1:1 `projects` is missing",
    ]);
  });

  it("report every wrong shape of a file, each where it is, and problems of several files together", () => {
    const bad = `context: "shop"
team: { name: x }
projects:
  - name: "o"
    consumers: "User:a"
    producers:
      - transactionId: "t"
    streams:
      - principal: "app"
        exactlyOnce: "yes"
    topics:
      - name: "t"
        config:
          num.partitions: "many"
          retention.ms: null
        schemas:
          value.file: "v.avsc"
      - config: {}
`;
    expect(problems({ "a.yaml": bad, "b.yaml": "- just a list\n" })).toEqual([
      "import/invalid-source a.yaml:5:16 `consumers` must be a list",
      "import/invalid-source a.yaml:7:9 `principal` is missing",
      "import/invalid-source a.yaml:9:20 principal `app` has no type prefix",
      "import/invalid-source a.yaml:10:22 `exactlyOnce` must be true or false",
      "import/invalid-source a.yaml:14:27 `num.partitions` is `many`, not a positive whole number",
      "import/invalid-source a.yaml:15:25 config `retention.ms` has no value",
      "import/invalid-source a.yaml:17:23 `value.file` is not a JulieOps schema property",
      "import/invalid-source a.yaml:17:11 `schemas` has no `value.schema.file`",
      "import/invalid-source a.yaml:18:9 the topic's `name` is missing",
      "import/invalid-source a.yaml:2:7 top-level `team` (a topic-name part) must be a single value, not a mapping",
      "import/invalid-source b.yaml:1:1 a topology file must be a mapping",
    ]);
  });

  it("refuse a topic declared twice and several TopicNameStrategy schemas", () => {
    const text = `context: "shop"
projects:
  - name: "o"
    topics:
      - name: "t"
      - name: "t"
        schemas:
          - value.schema.file: "a.avsc"
          - value.schema.file: "b.avsc"
`;
    expect(problems({ "t.yaml": text })).toEqual([
      "import/invalid-source t.yaml:8:11 several `schemas` entries under TopicNameStrategy",
    ]);
    const twice = text.replace(/\n {8}schemas:[^]*$/, "\n");
    expect(problems({ "t.yaml": twice })).toEqual([
      "import/invalid-source t.yaml:6:15 topic `shop.o.t` is declared twice",
    ]);
  });

  it("give every diagnostic a reason and a fix", () => {
    const result = convert({ "t.yaml": "context: 1\nprojects: 2\n" });
    expect(result.diagnostics).toEqual([
      expect.objectContaining({
        code: "import/invalid-source",
        severity: "error",
        why: expect.any(String) as unknown,
        fix: expect.any(String) as unknown,
      }),
    ]);
  });
});
