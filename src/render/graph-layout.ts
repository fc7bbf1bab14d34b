import type { Graph } from "../core/graph/index.js";

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface Layout {
  readonly boxes: ReadonlyMap<string, Box>;
  readonly width: number;
  readonly height: number;
}

const LINE_HEIGHT = 16;
const CHAR_WIDTH = 7.4;
const PADDING = 10;
const COLUMN_GAP = 90;
const ROW_GAP = 24;

/**
 * A layered layout of the data flow: each node's column is the longest path to it from a node nobody writes to
 * (producers left, their topics next, then consumers and what they produce), ignoring the edges that close a cycle
 * (a service reading its own dead-letter topic). Rows follow the average row of a node's predecessors, so edges
 * mostly run straight. Sizes are estimated from the label lines (a monospace-like width per character).
 */
export function layoutGraph(graph: Graph, lines: (id: string) => readonly string[]): Layout {
  const ids = graph.nodes.map((n) => n.id);
  const forward = acyclicEdges(ids, graph.edges);
  const column = new Map(ids.map((id) => [id, 0]));
  for (const id of topologicalOrder(ids, forward)) {
    for (const to of forward.get(id) ?? []) column.set(to, Math.max(column.get(to) ?? 0, (column.get(id) ?? 0) + 1));
  }
  const columns: string[][] = [];
  for (const id of ids) (columns[column.get(id) ?? 0] ??= []).push(id);

  const size = new Map(ids.map((id) => [id, sizeOf(lines(id))]));
  const predecessors = new Map<string, string[]>();
  for (const e of graph.edges) predecessors.set(e.to, [...(predecessors.get(e.to) ?? []), e.from]);
  const row = new Map<string, number>();
  const boxes = new Map<string, Box>();
  let x = PADDING;
  let height = 0;
  for (const members of columns.filter((c) => c !== undefined)) {
    const wanted = (id: string) => {
      const rows = (predecessors.get(id) ?? []).map((p) => row.get(p)).filter((r) => r !== undefined);
      return rows.length === 0 ? Number.MAX_SAFE_INTEGER : rows.reduce((a, b) => a + b, 0) / rows.length;
    };
    const ordered = members.map((id, i) => ({ id, key: wanted(id), i })).sort((a, b) => a.key - b.key || a.i - b.i);
    let y = PADDING;
    const width = Math.max(...ordered.map((o) => size.get(o.id)?.width ?? 0));
    ordered.forEach(({ id }, i) => {
      const s = size.get(id) ?? { width, height: LINE_HEIGHT };
      row.set(id, i);
      boxes.set(id, { x, y, width, height: s.height });
      y += s.height + ROW_GAP;
    });
    height = Math.max(height, y);
    x += width + COLUMN_GAP;
  }
  return { boxes, width: x - COLUMN_GAP + PADDING, height: height - ROW_GAP + PADDING };
}

function sizeOf(lines: readonly string[]): { width: number; height: number } {
  const longest = Math.max(0, ...lines.map((l) => l.length));
  return { width: longest * CHAR_WIDTH + 2 * PADDING, height: lines.length * LINE_HEIGHT + PADDING };
}

/** The edges by source, without those that lead back to a node on the current depth-first path. */
function acyclicEdges(ids: readonly string[], edges: Graph["edges"]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const e of edges) out.set(e.from, [...(out.get(e.from) ?? []), e.to]);
  const kept = new Map<string, string[]>();
  const state = new Map<string, "open" | "done">();
  const visit = (id: string) => {
    state.set(id, "open");
    for (const to of out.get(id) ?? []) {
      if (state.get(to) === "open") continue;
      kept.set(id, [...(kept.get(id) ?? []), to]);
      if (!state.has(to)) visit(to);
    }
    state.set(id, "done");
  };
  for (const id of ids) if (!state.has(id)) visit(id);
  return kept;
}

function topologicalOrder(ids: readonly string[], forward: Map<string, string[]>): string[] {
  const incoming = new Map(ids.map((id) => [id, 0]));
  for (const tos of forward.values()) for (const to of tos) incoming.set(to, (incoming.get(to) ?? 0) + 1);
  const queue = ids.filter((id) => incoming.get(id) === 0);
  const order: string[] = [];
  while (queue.length > 0) {
    const id = queue.shift() as string;
    order.push(id);
    for (const to of forward.get(id) ?? []) {
      const left = (incoming.get(to) ?? 0) - 1;
      incoming.set(to, left);
      if (left === 0) queue.push(to);
    }
  }
  return order;
}
