import { patternCovers, type AclBinding } from "../model/acl.js";
import type { DesiredService, DesiredState, DesiredTopic, Reference } from "../model/desired.js";
import { internalTopicOwner } from "../model/internal-topics.js";
import type { ObservedCluster, ObservedTopic } from "../model/observed.js";
import type { DesiredSubject } from "../model/subjects.js";
import { desiredBindings } from "../plan/acl-bindings.js";
import { describeBinding } from "../plan/acls.js";
import { nodeId, type Graph, type GraphEdge, type GraphNode, type TopicNode, type TopicSubject } from "./types.js";

export interface GraphInput {
  readonly desired: DesiredState;
  /** The desired subjects (prepareDesired(...).subjects): a topic shows its key and value subjects. */
  readonly subjects: readonly DesiredSubject[];
  /** `--live`: live topics and principals the files do not declare are added, marked. */
  readonly observed?: ObservedCluster;
}

type Pattern = Pick<Reference, "name" | "pattern">;

/** The graph of a desired state, optionally overlaid with what the cluster has and the files do not. */
export function buildGraph(input: GraphInput): Graph {
  const { desired, subjects, observed } = input;
  const topics = new Map<string, TopicNode>();
  for (const topic of desired.topics.values()) topics.set(topic.name, desiredTopicNode(topic, subjects));
  for (const topic of observed?.topics.values() ?? []) {
    if (!topics.has(topic.name) && internalTopicOwner(topic.name) === undefined) {
      topics.set(topic.name, unmanagedTopicNode(topic));
    }
  }
  const nodes = new Map<string, GraphNode>([...topics.values()].map((t) => [t.id, t]));
  const edges = new Map<string, GraphEdge>();
  const link = (from: string, to: string, kind: GraphEdge["kind"]) =>
    edges.set(`${from}\0${to}\0${kind}`, { from, to, kind });

  /** The topic nodes a reference covers, or a prefix node for a prefix that covers none. */
  const targets = (ref: Pattern): string[] => {
    const covered = [...topics.keys()].filter((t) =>
      patternCovers({ resourceName: ref.name, patternType: ref.pattern }, t),
    );
    if (covered.length > 0 || ref.pattern !== "prefixed") return covered.map((t) => nodeId("topic", t));
    const id = nodeId("prefix", ref.name);
    nodes.set(id, { id, kind: "prefix", name: ref.name, status: "declared" });
    return [id];
  };

  const byPrincipal = bindingsByPrincipal(desired);
  for (const service of desired.services.values()) {
    const id = nodeId("service", service.name);
    nodes.set(id, serviceNode(service, byPrincipal.get(service.principal) ?? []));
    for (const ref of service.produces) for (const t of targets(ref)) link(id, t, "produces");
    for (const ref of service.consumes) for (const t of targets(ref)) link(t, id, "consumes");
  }
  const declaredPrincipals = new Set([...desired.services.values()].map((s) => s.principal));
  const addPrincipal = (principal: string, bindings: readonly AclBinding[], status: GraphNode["status"]) => {
    const id = nodeId("principal", principal);
    nodes.set(id, { id, kind: "principal", name: principal, status, bindings: described(bindings) });
    for (const b of bindings) {
      if (b.resourceType !== "topic" || b.permission !== "allow") continue;
      const ref = { name: b.resourceName, pattern: b.patternType };
      if (b.operation === "write" || b.operation === "all") for (const t of targets(ref)) link(id, t, "produces");
      if (b.operation === "read" || b.operation === "all") for (const t of targets(ref)) link(t, id, "consumes");
    }
  };
  for (const [principal, bindings] of byPrincipal) {
    if (!declaredPrincipals.has(principal)) addPrincipal(principal, bindings, "declared");
  }
  for (const p of byPrincipal.keys()) declaredPrincipals.add(p);
  const unexpected = new Map<string, AclBinding[]>();
  for (const b of observed?.acls ?? []) {
    if (!declaredPrincipals.has(b.principal)) unexpected.set(b.principal, [...(unexpected.get(b.principal) ?? []), b]);
  }
  for (const [principal, bindings] of unexpected) addPrincipal(principal, bindings, "unexpected");

  return { nodes: [...nodes.values()].sort(compareNodes), edges: [...edges.values()].sort(compareEdges) };
}

function bindingsByPrincipal(desired: DesiredState): Map<string, AclBinding[]> {
  const out = new Map<string, AclBinding[]>();
  for (const { binding } of desiredBindings(desired).values()) {
    out.set(binding.principal, [...(out.get(binding.principal) ?? []), binding]);
  }
  return out;
}

const described = (bindings: readonly AclBinding[]) => bindings.map(describeBinding).sort();

function serviceNode(service: DesiredService, bindings: readonly AclBinding[]): GraphNode {
  const groups = service.groups.map((g) => (g.pattern === "prefixed" ? `${g.name}*` : g.name));
  if (service.streams) groups.push(service.streams.applicationId);
  if (service.connect) groups.push(service.connect.groupId);
  const role = service.streams ? "streams" : service.connect ? "connect" : undefined;
  return {
    id: nodeId("service", service.name),
    kind: "service",
    name: service.name,
    status: "declared",
    principal: service.principal,
    groups: [...new Set(groups)].sort(),
    ...(role ? { role } : {}),
    bindings: described(bindings),
  };
}

function desiredTopicNode(topic: DesiredTopic, subjects: readonly DesiredSubject[]): TopicNode {
  const bound: TopicSubject[] = [];
  for (const s of subjects) {
    if (s.declaredBy.kind !== "topic" || s.declaredBy.topic !== topic.name) continue;
    bound.push({
      role: s.declaredBy.role,
      subject: s.name,
      file: s.file,
      schemaType: s.schemaType,
      ...(s.compatibility ? { compatibility: s.compatibility } : {}),
    });
  }
  bound.sort((a, b) => compareText(a.role, b.role) || compareText(a.subject, b.subject));
  return {
    id: nodeId("topic", topic.name),
    kind: "topic",
    name: topic.name,
    status: "declared",
    ...(topic.partitions !== undefined ? { partitions: topic.partitions } : {}),
    ...(topic.replicationFactor !== undefined ? { replicationFactor: topic.replicationFactor } : {}),
    config: sortedEntries(Object.entries(topic.config).map(([k, v]) => [k, String(v)] as const)),
    subjects: bound,
  };
}

function unmanagedTopicNode(topic: ObservedTopic): TopicNode {
  const overrides = Object.entries(topic.config)
    .filter(([, e]) => e.source === "topic")
    .map(([k, e]) => [k, e.sensitive || e.value === null ? "(sensitive)" : e.value] as const);
  return {
    id: nodeId("topic", topic.name),
    kind: "topic",
    name: topic.name,
    status: "unmanaged",
    partitions: topic.partitions.length,
    ...(topic.partitions[0] ? { replicationFactor: topic.partitions[0].replicas.length } : {}),
    config: sortedEntries(overrides),
    subjects: [],
  };
}

const sortedEntries = (entries: (readonly [string, string])[]) => entries.sort((a, b) => compareText(a[0], b[0]));
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const KIND_ORDER: readonly GraphNode["kind"][] = ["service", "principal", "prefix", "topic"];
const compareNodes = (a: GraphNode, b: GraphNode) =>
  KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || compareText(a.name, b.name);
const compareEdges = (a: GraphEdge, b: GraphEdge) =>
  compareText(a.from, b.from) || compareText(a.to, b.to) || compareText(a.kind, b.kind);
