import type { Diagnostic } from "../diagnostics/index.js";
import type { AclOperation, AclResourceType, DesiredAcl } from "../model/desired.js";

/**
 * Which operations Kafka accepts for each resource type (besides `all`), per the Kafka authorization docs.
 * Group DESCRIBE_CONFIGS / ALTER_CONFIGS exist since Kafka 4.0 (group configs, KIP-848).
 */
export const OPERATIONS_BY_RESOURCE: Readonly<Record<AclResourceType, readonly AclOperation[]>> = {
  topic: ["read", "write", "create", "delete", "alter", "describe", "describe-configs", "alter-configs"],
  group: ["read", "describe", "delete", "describe-configs", "alter-configs"],
  cluster: ["create", "cluster-action", "describe-configs", "alter-configs", "idempotent-write", "alter", "describe"],
  "transactional-id": ["describe", "write"],
  "delegation-token": ["describe"],
  user: ["create-tokens", "describe-tokens"],
};

function aclKey(acl: DesiredAcl, operation: AclOperation): string {
  const { principal, host, resourceType, patternType, resourceName, permission } = acl;
  return [principal, host, resourceType, patternType, resourceName, operation, permission].join("\0");
}

/** `owned` tells whether kgov owns a principal (settings.scope.principals or a service's principal). */
export function checkAcls(acls: readonly DesiredAcl[], owned: (principal: string) => boolean): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const seen = new Map<string, DesiredAcl>();
  const unownedReported = new Set<string>();
  for (const acl of acls) {
    if (!owned(acl.principal) && !unownedReported.has(acl.principal)) {
      unownedReported.add(acl.principal);
      diagnostics.push({
        code: "acl/outside-scope",
        severity: "warning",
        message: `principal \`${acl.principal}\` is neither in settings.scope.principals nor a service's principal`,
        why: "kgov creates its bindings but never deletes one: a binding removed from the files would stay on the cluster.",
        fix: `Add \`${acl.principal}\` (or a prefix of it) to settings.scope.principals.`,
        source: acl.source,
      });
    }
    const allowed = OPERATIONS_BY_RESOURCE[acl.resourceType];
    for (let i = 0; i < acl.operations.length; i++) {
      const operation = acl.operations[i]!;
      if (operation !== "all" && !allowed.includes(operation)) {
        diagnostics.push({
          code: "acl/invalid-operation",
          severity: "error",
          message: `operation \`${operation}\` does not apply to a ${acl.resourceType} resource`,
          why: "Kafka rejects the ACL, so it could never be applied.",
          fix: `Operations for ${acl.resourceType}: ${allowed.join(", ")}, all.`,
          source: acl.operationSource(i),
        });
      }
      const key = aclKey(acl, operation);
      const first = seen.get(key);
      if (first) {
        diagnostics.push({
          code: "format/duplicate-acl",
          severity: "warning",
          message: `ACL ${acl.permission} ${acl.principal} ${operation} on ${acl.resourceType} \`${acl.resourceName}\` is declared twice`,
          why: `The first is at ${first.source.file}:${first.source.start.line}:${first.source.start.column}.`,
          fix: "Remove one of them.",
          source: acl.operationSource(i),
        });
      } else seen.set(key, acl);
    }
    if (acl.resourceType === "cluster" && acl.resourceName !== "kafka-cluster") {
      diagnostics.push({
        code: "acl/invalid-resource",
        severity: "error",
        message: `a cluster resource is always named \`kafka-cluster\`, not \`${acl.resourceName}\``,
        fix: "Remove `name:` from the cluster resource.",
        source: acl.source,
      });
    } else if (acl.resourceType !== "cluster" && acl.resourceName === "") {
      diagnostics.push({
        code: "acl/invalid-resource",
        severity: "error",
        message: `a ${acl.resourceType} resource needs a \`name\``,
        fix: "Add `name:` (use `pattern: prefixed` for a prefix, or `*` for every resource).",
        source: acl.source,
      });
    }
    if (acl.resourceType === "cluster" && acl.patternType === "prefixed") {
      diagnostics.push({
        code: "acl/invalid-resource",
        severity: "error",
        message: "a cluster resource cannot use a prefixed pattern",
        fix: "Remove `pattern: prefixed`.",
        source: acl.source,
      });
    }
  }
  return diagnostics;
}
