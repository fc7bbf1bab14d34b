/**
 * The topology as data flows: services → topics → services, as a plain value the renderers (Mermaid, DOT, HTML)
 * draw. Built by buildGraph from the desired state (and, for `kgov graph --live`, the observed cluster). Nodes and
 * edges are sorted, so every output is stable.
 */
export type GraphNodeKind = "service" | "topic" | "prefix" | "principal";

/** `unmanaged`: a live topic the files do not declare; `unexpected`: a live principal nobody declares. */
export type GraphNodeStatus = "declared" | "unmanaged" | "unexpected";

interface NodeBase {
  /** Unique within the graph: `<kind>:<name>`. Renderers derive their own safe ids from the node's position. */
  readonly id: string;
  readonly name: string;
  readonly status: GraphNodeStatus;
}

/** A key or value subject bound to a topic. */
export interface TopicSubject {
  readonly role: "key" | "value";
  readonly subject: string;
  readonly file: string;
  readonly schemaType: string;
  readonly compatibility?: string;
}

export interface TopicNode extends NodeBase {
  readonly kind: "topic";
  readonly partitions?: number;
  readonly replicationFactor?: number;
  /** Desired config (or, for an unmanaged topic, the live topic-level overrides), sorted by key. */
  readonly config: readonly (readonly [key: string, value: string])[];
  readonly subjects: readonly TopicSubject[];
}

export interface ServiceNode extends NodeBase {
  readonly kind: "service";
  readonly principal: string;
  readonly groups: readonly string[];
  readonly role?: "streams" | "connect";
  /** describeBinding of each ACL binding the principal gets, sorted. */
  readonly bindings: readonly string[];
}

/** A `{prefix: …}` reference that covers no declared topic. */
export interface PrefixNode extends NodeBase {
  readonly kind: "prefix";
}

/** A principal of raw `acls` entries (declared) or of live bindings nobody declares (unexpected). */
export interface PrincipalNode extends NodeBase {
  readonly kind: "principal";
  readonly bindings: readonly string[];
}

export type GraphNode = TopicNode | ServiceNode | PrefixNode | PrincipalNode;

/** produces: writer → topic; consumes: topic → reader. */
export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: "produces" | "consumes";
}

export interface Graph {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

export const nodeId = (kind: GraphNodeKind, name: string): string => `${kind}:${name}`;
