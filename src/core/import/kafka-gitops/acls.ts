import type { SourceRange } from "../../diagnostics/index.js";
import type { AclBinding, AclOperation, AclResourceType } from "../../model/acl.js";
import type { EstateBinding } from "../estate.js";
import type { GitopsConnector, GitopsCustomAcl, GitopsRole, GitopsService } from "./model.js";
import type { Located } from "./reader.js";

/** kafka-gitops names the cluster resource so in every generated cluster ACL. */
const CLUSTER = "kafka-cluster";

type Grant = (
  type: AclResourceType,
  name: string,
  operation: AclOperation,
  at: SourceRange,
  pattern?: AclBinding["patternType"],
) => void;

/** A sink that turns grants of one principal into bindings (allow, any host), as kafka-gitops generates them. */
export function granter(principal: string, out: EstateBinding[]): Grant {
  return (resourceType, resourceName, operation, source, patternType = "literal") => {
    out.push({
      binding: { principal, host: "*", resourceType, resourceName, patternType, operation, permission: "allow" },
      source,
    });
  };
}

/** Topic grants shared by every service type: WRITE produced, READ consumed, DESCRIBE both if the setting is on. */
function topicGrants(grant: Grant, produces: readonly Located[], consumes: readonly Located[], describe: boolean) {
  for (const t of produces) grant("topic", t.value, "write", t.at);
  for (const t of consumes) grant("topic", t.value, "read", t.at);
  if (!describe) return;
  const seen = new Set<string>();
  for (const t of [...consumes, ...produces]) {
    if (seen.has(t.value)) continue;
    seen.add(t.value);
    grant("topic", t.value, "describe", t.at);
  }
}

/** The Streams internal-topic operations kafka-gitops grants on the application id, prefixed. */
const STREAMS_TOPIC_OPERATIONS: readonly AclOperation[] = [
  "read",
  "write",
  "describe",
  "delete",
  "create",
  "alter",
  "alter-configs",
  "describe-configs",
];
const STREAMS_GROUP_OPERATIONS: readonly AclOperation[] = ["read", "describe", "delete"];

/** kafka-gitops's defaults: group and application id are the service name; storage topics `connect-*-<name>`. */
export function groupIdOf(s: GitopsService): string {
  return s.groupId?.value ?? s.name;
}
export function applicationIdOf(s: GitopsService): string {
  return s.applicationId?.value ?? s.name;
}
export function storageTopicsOf(s: GitopsService): { config: string; offset: string; status: string } {
  return {
    config: s.storageTopics.config?.value ?? `connect-configs-${s.name}`,
    offset: s.storageTopics.offset?.value ?? `connect-offsets-${s.name}`,
    status: s.storageTopics.status?.value ?? `connect-status-${s.name}`,
  };
}

/** The bindings kafka-gitops generates for one service (without its custom ACLs). */
export function serviceGrants(s: GitopsService, grant: Grant, describe: boolean): void {
  if (s.type === "application") {
    topicGrants(grant, s.produces, s.consumes, describe);
    // The consumer group only when the service consumes something.
    if (s.consumes.length > 0) grant("group", groupIdOf(s), "read", s.groupId?.at ?? s.at);
  } else if (s.type === "kafka-streams") {
    topicGrants(grant, s.produces, s.consumes, describe);
    const id = applicationIdOf(s);
    const at = s.applicationId?.at ?? s.at;
    for (const op of STREAMS_TOPIC_OPERATIONS) grant("topic", id, op, at, "prefixed");
    for (const op of STREAMS_GROUP_OPERATIONS) grant("group", id, op, at);
    grant("cluster", CLUSTER, "describe-configs", s.at);
  } else {
    // A worker's own `produces` gets DESCRIBE with the setting; it has no `consumes`.
    topicGrants(grant, s.produces, [], describe);
    const storage = storageTopicsOf(s);
    const storageAt = (key: keyof typeof storage) => s.storageTopics[key]?.at ?? s.at;
    for (const op of ["read", "write"] as const) {
      for (const key of ["config", "offset", "status"] as const) grant("topic", storage[key], op, storageAt(key));
    }
    grant("group", groupIdOf(s), "read", s.groupId?.at ?? s.at);
    for (const c of s.connectors) connectorGrants(c, grant, describe);
  }
}

function connectorGrants(c: GitopsConnector, grant: Grant, describe: boolean) {
  topicGrants(grant, c.produces, c.consumes, describe);
  // A sink connector's consumer group is `connect-<connector name>`.
  if (c.consumes.length > 0) grant("group", `connect-${c.name}`, "read", c.at);
}

/** The predefined user roles: literal `*` topic and group wildcards, as kafka-gitops writes them. */
export function roleGrants(role: Located<GitopsRole>, grant: Grant): void {
  const at = role.at;
  if (role.value === "reader") {
    grant("topic", "*", "read", at);
    grant("group", "*", "read", at);
  } else if (role.value === "writer") {
    grant("topic", "*", "write", at);
  } else {
    grant("cluster", CLUSTER, "describe", at);
    grant("topic", "*", "describe", at);
    grant("topic", "*", "describe-configs", at);
    grant("group", "*", "read", at);
    grant("group", "*", "describe", at);
  }
}

/** A validated custom ACL as a binding; MATCH patterns are left to the caller (Kafka cannot create them). */
export function customBinding(acl: GitopsCustomAcl, principal: string): EstateBinding {
  const kebab = (v: string) => v.toLowerCase().replace(/_/g, "-");
  return {
    binding: {
      principal,
      host: acl.host,
      resourceType: kebab(acl.type) as AclResourceType,
      resourceName: acl.name,
      patternType: kebab(acl.pattern) as AclBinding["patternType"],
      operation: kebab(acl.operation) as AclOperation,
      permission: kebab(acl.permission) as AclBinding["permission"],
    },
    source: acl.at,
  };
}
