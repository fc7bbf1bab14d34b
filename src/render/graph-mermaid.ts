import type { Graph, GraphNode } from "../core/graph/index.js";
import { nodeLines, safeIds } from "./graph-labels.js";

/**
 * The graph as a Mermaid flowchart (left to right: producers, topics, consumers), ready for a ```mermaid block in
 * Markdown or a pull-request comment. Labels are quoted and every character Mermaid or the Markdown host could read
 * as markup is written as an entity code, so no topic name or principal can break or inject into the diagram.
 */
export function renderGraphMermaid(graph: Graph): string {
  const ids = safeIds(graph);
  const lines = ["flowchart LR"];
  for (const node of graph.nodes) lines.push(`  ${ids.get(node.id)}${shape(node, label(node))}`);
  for (const e of graph.edges) lines.push(`  ${ids.get(e.from)} -->|${e.kind}| ${ids.get(e.to)}`);
  lines.push(
    "  classDef service fill:#e0f2fe,stroke:#0369a1;",
    "  classDef topic fill:#f1f5f9,stroke:#334155;",
    "  classDef principal fill:#ede9fe,stroke:#6d28d9;",
    "  classDef prefix fill:#fefce8,stroke:#a16207,stroke-dasharray:3 3;",
    "  classDef unmanaged fill:#fff7ed,stroke:#c2410c,stroke-dasharray:5 5;",
    "  classDef unexpected fill:#fef2f2,stroke:#b91c1c,stroke-width:3px;",
  );
  for (const cls of ["service", "topic", "principal", "prefix", "unmanaged", "unexpected"]) {
    const members = graph.nodes.filter((n) => classOf(n) === cls).map((n) => ids.get(n.id));
    if (members.length > 0) lines.push(`  class ${members.join(",")} ${cls};`);
  }
  return `${lines.join("\n")}\n`;
}

const classOf = (node: GraphNode): string => (node.status === "declared" ? node.kind : node.status);

function shape(node: GraphNode, text: string): string {
  switch (node.kind) {
    case "topic":
      return `[("${text}")]`;
    case "prefix":
      return `{{"${text}"}}`;
    case "principal":
      return `(["${text}"])`;
    case "service":
      return `["${text}"]`;
  }
}

function label(node: GraphNode): string {
  return nodeLines(node).map(escapeMermaid).join("<br/>");
}

/** Mermaid entity codes (`#35;` is `#`, so it goes first); Markdown specials too, for PR comments. */
export function escapeMermaid(text: string): string {
  return text.replace(/[#"<>&`*_[\]{}()|\\]/g, (c) => `#${c.codePointAt(0)};`);
}
