import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { buildGraph } from "../../../src/core/graph/index.js";
import { renderGraphDot } from "../../../src/render/graph-dot.js";
import { escapeMermaid, renderGraphMermaid } from "../../../src/render/graph-mermaid.js";
import { escapeHtml, renderGraphHtml } from "../../../src/render/graph-html.js";
import { smallEstate } from "./estate.js";

/**
 * Golden graphs of the small estate: golden/graph.mmd (Mermaid) and golden/graph.dot.
 * `UPDATE_GOLDEN=1 npx vitest run test/unit/graph/golden.test.ts` rewrites them; review the diff before keeping it.
 */
const UPDATE = process.env.UPDATE_GOLDEN === "1";
const golden = (name: string) => fileURLToPath(new URL(`./golden/${name}`, import.meta.url));

function expectGolden(actual: string, name: string): void {
  if (UPDATE) writeFileSync(golden(name), actual);
  expect(actual).toBe(readFileSync(golden(name), "utf8"));
}

describe("graph renderers", () => {
  const { desired, subjects } = smallEstate();
  const graph = buildGraph({ desired, subjects });

  it("Mermaid matches graph.mmd", () => expectGolden(renderGraphMermaid(graph), "graph.mmd"));
  it("DOT matches graph.dot", () => expectGolden(renderGraphDot(graph), "graph.dot"));

  it("escapes what Mermaid, Markdown and HTML would read as markup", () => {
    expect(escapeMermaid('a"<b>#[c]')).toBe("a#34;#60;b#62;#35;#91;c#93;");
    expect(escapeHtml(`<script>"x"&'y'`)).toBe("&#60;script&#62;&#34;x&#34;&#38;&#39;y&#39;");
  });

  it("HTML is one file without external URLs and with user text escaped", () => {
    const html = renderGraphHtml(graph);
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?\s*(https?:)?\/\//i);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toContain("User:bi-<team>");
    expect(html).toContain("User:bi-&#60;team&#62;");
    expect(html.match(/<g class="node /g)).toHaveLength(graph.nodes.length);
  });
});
