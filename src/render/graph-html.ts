import type { Graph, GraphNode } from "../core/graph/index.js";
import { nodeDetails } from "./graph-details.js";
import { GRAPH_CSS, GRAPH_SCRIPT } from "./graph-html-assets.js";
import { nodeLines, safeIds } from "./graph-labels.js";
import { layoutGraph, type Box } from "./graph-layout.js";

/**
 * The graph as one self-contained HTML page: an SVG laid out here (graph-layout.ts), inline style and script, no
 * external URL. Every piece of user text is escaped for HTML, and the node details travel as JSON in a
 * `<script type="application/json">` with `<` escaped, so no topic name or config value can inject markup.
 */
export function renderGraphHtml(graph: Graph, title = "kgov graph"): string {
  const ids = safeIds(graph);
  const lines = new Map(graph.nodes.map((n) => [n.id, nodeLines(n)]));
  const layout = layoutGraph(graph, (id) => lines.get(id) ?? []);
  const box = (id: string) => layout.boxes.get(id) as Box;
  const edges = graph.edges.map((e) => {
    const a = box(e.from);
    const b = box(e.to);
    const [x1, y1, x2, y2] = [a.x + a.width, a.y + a.height / 2, b.x, b.y + b.height / 2];
    const bend = Math.max(40, Math.abs(x2 - x1) / 2);
    return `<path class="edge ${e.kind}" d="M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}" marker-end="url(#arrow)"><title>${escapeHtml(e.kind)}</title></path>`;
  });
  const nodes = graph.nodes.map((n, i) => nodeSvg(n, i, ids.get(n.id) ?? "", box(n.id), lines.get(n.id) ?? []));
  const data = { nodes: graph.nodes.map((n) => ({ name: n.name, kind: n.kind, details: nodeDetails(n) })) };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${GRAPH_CSS}</style>
</head>
<body>
<div id="canvas">
<div id="controls"><button id="zoom-in" title="Zoom in">+</button><button id="zoom-out" title="Zoom out">−</button><button id="zoom-reset" title="Reset view">⟲</button></div>
<svg viewBox="0 0 ${layout.width} ${layout.height}" role="img" aria-label="${escapeHtml(title)}">
<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#94a3b8"/></marker></defs>
<g id="viewport">
${edges.join("\n")}
${nodes.join("\n")}
</g>
</svg>
</div>
<aside id="panel"><h2>${escapeHtml(title)}</h2><p>${graph.nodes.length} nodes, ${graph.edges.length} edges. Click a node for its details; drag to pan, wheel or buttons to zoom.</p></aside>
<script type="application/json" id="graph-data">${jsonForScript(data)}</script>
<script>${GRAPH_SCRIPT}</script>
</body>
</html>
`;
}

function nodeSvg(node: GraphNode, index: number, id: string, box: Box, lines: readonly string[]): string {
  const classes = ["node", node.kind, ...(node.status === "declared" ? [] : [node.status])].join(" ");
  const text = lines
    .map(
      (l, i) =>
        `<tspan x="${box.x + 10}" dy="${i === 0 ? 0 : 16}"${i === 0 ? ' font-weight="bold"' : ""}>${escapeHtml(l)}</tspan>`,
    )
    .join("");
  const radius = node.kind === "service" ? 2 : 10;
  return `<g class="${classes}" id="${id}" data-index="${index}" data-kind="${node.kind}"><rect x="${box.x}" y="${box.y}" width="${box.width}" height="${box.height}" rx="${radius}"/><text y="${box.y + 18}">${text}</text></g>`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.codePointAt(0)};`);
}

/** JSON that cannot end the script element or open a comment inside it. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}
