import type { Graph, GraphNode } from "../core/graph/index.js";
import { nodeLines, safeIds } from "./graph-labels.js";

/** The graph in Graphviz DOT (`dot -Tsvg`), left to right, with the same labels and markings as the Mermaid one. */
export function renderGraphDot(graph: Graph): string {
  const ids = safeIds(graph);
  const lines = [
    "digraph kgov {",
    "  rankdir=LR;",
    '  node [fontname="Helvetica", fontsize=10];',
    '  edge [fontname="Helvetica", fontsize=9];',
  ];
  for (const node of graph.nodes) {
    lines.push(`  ${ids.get(node.id)} [label=${quote(nodeLines(node).join("\n"))}, ${attributes(node)}];`);
  }
  for (const e of graph.edges) lines.push(`  ${ids.get(e.from)} -> ${ids.get(e.to)} [label=${quote(e.kind)}];`);
  lines.push("}");
  return `${lines.join("\n")}\n`;
}

const SHAPES: Record<GraphNode["kind"], string> = {
  service: 'shape=box, style=filled, fillcolor="#e0f2fe"',
  topic: 'shape=cylinder, style=filled, fillcolor="#f1f5f9"',
  principal: 'shape=box, style="rounded,filled", fillcolor="#ede9fe"',
  prefix: "shape=hexagon, style=dashed",
};

function attributes(node: GraphNode): string {
  if (node.status === "unmanaged")
    return `${SHAPES[node.kind]}, color="#c2410c", style="dashed,filled", fillcolor="#fff7ed"`;
  if (node.status === "unexpected") return `${SHAPES[node.kind]}, color="#b91c1c", penwidth=3, fillcolor="#fef2f2"`;
  return SHAPES[node.kind];
}

/** A DOT string: backslashes and quotes escaped, newlines as `\n` (centred lines). */
function quote(text: string): string {
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\r?\n/g, "\\n")}"`;
}
