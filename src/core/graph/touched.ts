import type { Plan } from "../plan/types.js";
import type { Graph, GraphNode } from "./types.js";

/** What a plan's actions name: the graph of a change is drawn around these. */
export interface Touched {
  readonly topics: readonly string[];
  readonly principals: readonly string[];
  readonly subjects: readonly string[];
}

/** The topics, principals and subjects a plan's actions name (an ACL on a literal topic names that topic too). */
export function touchedBy(plan: Pick<Plan, "actions">): Touched {
  const topics = new Set<string>();
  const principals = new Set<string>();
  const subjects = new Set<string>();
  for (const action of plan.actions) {
    if ("topic" in action) topics.add(action.topic);
    else if ("binding" in action) {
      principals.add(action.binding.principal);
      const b = action.binding;
      if (b.resourceType === "topic" && b.patternType === "literal" && b.resourceName !== "*")
        topics.add(b.resourceName);
    } else subjects.add(action.subject);
  }
  return { topics: [...topics].sort(), principals: [...principals].sort(), subjects: [...subjects].sort() };
}

/**
 * The part of the graph around what is touched: the touched nodes (topics by name or by one of their subjects,
 * services and principal nodes by principal) and every node one edge away from them, with the edges between those.
 */
export function neighbourhood(graph: Graph, touched: Touched): Graph {
  const seeds = new Set(graph.nodes.filter((n) => isTouched(n, touched)).map((n) => n.id));
  const kept = new Set(seeds);
  for (const e of graph.edges) {
    if (seeds.has(e.from)) kept.add(e.to);
    if (seeds.has(e.to)) kept.add(e.from);
  }
  return {
    nodes: graph.nodes.filter((n) => kept.has(n.id)),
    edges: graph.edges.filter((e) => kept.has(e.from) && kept.has(e.to) && (seeds.has(e.from) || seeds.has(e.to))),
  };
}

function isTouched(node: GraphNode, touched: Touched): boolean {
  switch (node.kind) {
    case "topic":
      return touched.topics.includes(node.name) || node.subjects.some((s) => touched.subjects.includes(s.subject));
    case "service":
      return touched.principals.includes(node.principal);
    case "principal":
      return touched.principals.includes(node.name);
    case "prefix":
      return false;
  }
}
