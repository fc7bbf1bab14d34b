import type { GraphNode } from "../core/graph/index.js";

/** A titled list of lines in the HTML page's side panel. */
export interface DetailSection {
  readonly title: string;
  readonly lines: readonly string[];
}

/** What clicking a node shows: its config, subjects with their schema files, ACL bindings and groups. */
export function nodeDetails(node: GraphNode): DetailSection[] {
  const status = node.status === "declared" ? [] : [{ title: "Status", lines: [statusLine(node)] }];
  switch (node.kind) {
    case "topic":
      return [
        ...status,
        {
          title: "Topic",
          lines: [
            `partitions: ${node.partitions ?? "(broker default)"}`,
            `replication factor: ${node.replicationFactor ?? "(broker default)"}`,
          ],
        },
        {
          title: node.status === "unmanaged" ? "Config (live overrides)" : "Config",
          lines: node.config.length > 0 ? node.config.map(([k, v]) => `${k} = ${v}`) : ["(defaults only)"],
        },
        {
          title: "Schemas",
          lines:
            node.subjects.length > 0
              ? node.subjects.map(
                  (s) =>
                    `${s.role}: ${s.subject} (${s.schemaType}, ${s.file}${s.compatibility ? `, ${s.compatibility}` : ""})`,
                )
              : ["(none)"],
        },
      ];
    case "service":
      return [
        {
          title: "Service",
          lines: [`principal: ${node.principal}`, ...(node.role ? [`role: ${node.role}`] : [])],
        },
        { title: "Groups", lines: node.groups.length > 0 ? node.groups : ["(none)"] },
        { title: "ACL bindings", lines: node.bindings },
      ];
    case "principal":
      return [...status, { title: "ACL bindings", lines: node.bindings }];
    case "prefix":
      return [{ title: "Prefix", lines: [`${node.name}* covers no declared topic`] }];
  }
}

function statusLine(node: GraphNode): string {
  return node.status === "unmanaged"
    ? "unmanaged: on the cluster, not in the files"
    : "unexpected: holds ACL bindings on the cluster, declared nowhere in the files";
}
