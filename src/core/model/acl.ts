/**
 * One Kafka ACL binding, the unit kgov plans, observes and applies. Its identity is the whole tuple: two bindings are
 * the same binding exactly when every field is equal, so reordering files or lists never changes a plan.
 */
export type AclResourceType = "topic" | "group" | "cluster" | "transactional-id" | "delegation-token" | "user";
export type AclPatternType = "literal" | "prefixed";
export type AclPermission = "allow" | "deny";
export type AclOperation =
  | "all"
  | "read"
  | "write"
  | "create"
  | "delete"
  | "alter"
  | "describe"
  | "cluster-action"
  | "describe-configs"
  | "alter-configs"
  | "idempotent-write"
  | "create-tokens"
  | "describe-tokens";

export interface AclBinding {
  readonly principal: string;
  readonly host: string;
  readonly resourceType: AclResourceType;
  readonly resourceName: string;
  readonly patternType: AclPatternType;
  readonly operation: AclOperation;
  readonly permission: AclPermission;
}

/** The identity of a binding as one string (fields joined by NUL, which no Kafka name contains). */
export function bindingKey(b: AclBinding): string {
  return `${b.principal}\0${b.host}\0${b.resourceType}\0${b.patternType}\0${b.resourceName}\0${b.operation}\0${b.permission}`;
}

/** Code-unit order over the tuple: principal, resource type, resource name, pattern, operation, permission, host. */
export function compareBindings(a: AclBinding, b: AclBinding): number {
  const fields: (keyof AclBinding)[] = [
    "principal",
    "resourceType",
    "resourceName",
    "patternType",
    "operation",
    "permission",
    "host",
  ];
  for (const f of fields) {
    if (a[f] < b[f]) return -1;
    if (a[f] > b[f]) return 1;
  }
  return 0;
}

/** Whether a principal is owned by a scope of principal prefixes (`User:svc-` owns `User:svc-order`). */
export function matchesPrefixes(principal: string, prefixes: readonly string[] | undefined): boolean {
  return (prefixes ?? []).some((p) => principal.startsWith(p));
}

/** Whether a binding's resource pattern covers a resource name (`*` literal covers every name). */
export function patternCovers(b: Pick<AclBinding, "resourceName" | "patternType">, name: string): boolean {
  if (b.patternType === "prefixed") return name.startsWith(b.resourceName);
  return b.resourceName === "*" || b.resourceName === name;
}
