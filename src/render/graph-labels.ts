import type { Graph, GraphNode } from "../core/graph/index.js";

/** The lines every graph format shows on a node: its name, then what matters at a glance for its kind. */
export function nodeLines(node: GraphNode): string[] {
  const marker = node.status === "declared" ? [] : [`(${node.status})`];
  switch (node.kind) {
    case "service":
      return [
        node.name,
        node.principal,
        ...(node.role ? [`${node.role} app`] : []),
        ...node.groups.map((g) => `group ${g}`),
      ];
    case "topic": {
      const size = [
        node.partitions !== undefined ? `${node.partitions} partition${node.partitions === 1 ? "" : "s"}` : "",
        node.replicationFactor !== undefined ? `RF ${node.replicationFactor}` : "",
      ].filter((s) => s !== "");
      return [
        node.name,
        ...marker,
        ...(size.length > 0 ? [size.join(", ")] : []),
        ...node.subjects.map((s) => `${s.role}: ${s.subject}`),
      ];
    }
    case "prefix":
      return [`${node.name}*`, "(prefix, no declared topic)"];
    case "principal":
      return [node.name, ...marker];
  }
}

/** Ids safe in every format (Mermaid, DOT, HTML attributes): the node's position in the sorted graph. */
export function safeIds(graph: Graph): Map<string, string> {
  return new Map(graph.nodes.map((n, i) => [n.id, `n${i}`]));
}
