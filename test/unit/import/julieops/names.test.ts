/** Topic names, merging of topology files by context, and the scope JulieOps's names imply. */
import { describe, expect, it } from "vitest";
import { convert, estateOf } from "./helpers.js";

const names = (files: Record<string, string>) => estateOf(files).topics.map((t) => t.name);

describe("topic names (default formats, `.` separator)", () => {
  it("join context, the other top-level fields in file order, project, topic and data type", () => {
    const text = `company: "acme"
context: "shop"
env: 7
projects:
  - name: "orders"
    topics:
      - name: "placed"
      - name: "paid"
        dataType: "avro"
`;
    expect(names({ "t.yaml": text })).toEqual(["shop.acme.7.orders.placed", "shop.acme.7.orders.paid.avro"]);
  });

  it("do not count platform or special_topics as name parts", () => {
    const text = `context: "shop"
platform: {}
special_topics: []
projects:
  - name: "o"
    topics: [{ name: "t" }]
`;
    expect(names({ "t.yaml": text })).toEqual(["shop.o.t"]);
  });
});

describe("several topology files", () => {
  const file = (project: string, env: string) => `context: "shop"
env: "${env}"
projects:
  - name: "${project}"
    topics: [{ name: "t" }]
`;

  it("merge by context in path order: later files are named with the first file's fields, with a report item", () => {
    const estate = estateOf({ "b.yaml": file("payments", "test"), "a.yaml": file("orders", "prod") });
    expect(estate.topics.map((t) => t.name)).toEqual(["shop.prod.orders.t", "shop.prod.payments.t"]);
    expect(estate.report.find((r) => r.name === "env")).toMatchObject({
      outcome: "info",
      source: { file: "b.yaml", start: { line: 2 } },
    });
  });

  it("refuse a field only a later file sets, and a project declared twice in one context", () => {
    const later = `context: "shop"\nenv: "prod"\nprojects:\n  - name: "Orders"\n`;
    const result = convert({ "a.yaml": `context: "shop"\nprojects:\n  - name: "orders"\n`, "b.yaml": later });
    expect(result.estate).toBeUndefined();
    expect(result.diagnostics.map((d) => [d.code, d.source?.file, d.source?.start.line])).toEqual([
      ["import/invalid-source", "b.yaml", 2],
      ["import/invalid-source", "b.yaml", 4],
    ]);
  });

  it("own one `<context>.` topic prefix per context", () => {
    const other = `context: "billing"\nprojects:\n  - name: "x"\n    topics: [{ name: "t" }]\n`;
    const estate = estateOf({ "a.yaml": file("orders", "prod"), "z.yaml": other });
    expect(estate.scope).toEqual({ topicPrefixes: ["billing.", "shop."] });
    expect(estate.report.filter((r) => r.kind === "setting").map((r) => [r.name, r.outcome])).toEqual([
      ["julieops-settings", "info"],
      ["scope.topicPrefixes", "changed"],
      ["scope.principals", "changed"],
    ]);
  });
});

describe("service names", () => {
  it("are the principals' names without their type", () => {
    const text = `context: "shop"
projects:
  - name: "o"
    consumers: [{ principal: "User:order-audit" }]
    topics: [{ name: "t" }]
`;
    expect([...estateOf({ "t.yaml": text }).serviceNames]).toEqual([["User:order-audit", "order-audit"]]);
  });
});
