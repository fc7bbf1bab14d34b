import type { Diagnostic } from "../../core/diagnostics/index.js";
import type { AclBinding, AclOperation, AclResourceType } from "../../core/model/acl.js";
import { describeBinding } from "../../core/plan/acls.js";

/**
 * Pure helpers of the Kafka adapter's ACL operations: Kafka's numeric enums (ResourceType, PatternType, AclOperation,
 * PermissionType) to and from kgov's names, and the diagnostics of refused bindings. No library import here.
 */

const RESOURCE_TYPES: Readonly<Record<number, AclResourceType>> = {
  2: "topic",
  3: "group",
  4: "cluster",
  5: "transactional-id",
  6: "delegation-token",
  7: "user",
};
const OPERATIONS: Readonly<Record<number, AclOperation>> = {
  2: "all",
  3: "read",
  4: "write",
  5: "create",
  6: "delete",
  7: "alter",
  8: "describe",
  9: "cluster-action",
  10: "describe-configs",
  11: "alter-configs",
  12: "idempotent-write",
  13: "create-tokens",
  14: "describe-tokens",
};
const LITERAL = 3;
const PREFIXED = 4;
const DENY = 2;
const ALLOW = 3;

const codeOf = <T extends string>(table: Readonly<Record<number, T>>, name: T): number =>
  Number(Object.entries(table).find(([, v]) => v === name)?.[0]);

export interface WireAcl {
  resourceType: number;
  resourceName: string;
  resourcePatternType: number;
  principal: string;
  host: string;
  operation: number;
  permissionType: number;
}

/** A binding as the broker reports it, or undefined when kgov cannot represent it (e.g. TWO_PHASE_COMMIT). */
export function bindingFromWire(acl: WireAcl): AclBinding | undefined {
  const resourceType = RESOURCE_TYPES[acl.resourceType];
  const operation = OPERATIONS[acl.operation];
  const patternType =
    acl.resourcePatternType === LITERAL ? "literal" : acl.resourcePatternType === PREFIXED ? "prefixed" : undefined;
  const permission = acl.permissionType === ALLOW ? "allow" : acl.permissionType === DENY ? "deny" : undefined;
  if (!resourceType || !operation || !patternType || !permission) return undefined;
  return {
    principal: acl.principal,
    host: acl.host,
    resourceType,
    resourceName: acl.resourceName,
    patternType,
    operation,
    permission,
  };
}

/** The exact wire form of a binding: as a creation, and as a DeleteAcls filter that matches only this binding. */
export function bindingToWire(b: AclBinding): WireAcl {
  return {
    resourceType: codeOf(RESOURCE_TYPES, b.resourceType),
    resourceName: b.resourceName,
    resourcePatternType: b.patternType === "prefixed" ? PREFIXED : LITERAL,
    principal: b.principal,
    host: b.host,
    operation: codeOf(OPERATIONS, b.operation),
    permissionType: b.permission === "allow" ? ALLOW : DENY,
  };
}

/** The DescribeAcls filter that matches every binding (ANY on every field, null names). */
export const ANY_ACL_FILTER = {
  resourceType: 1,
  resourceName: null,
  resourcePatternType: 1,
  principal: null,
  host: null,
  operation: 1,
  permissionType: 1,
} as const;

/** A refused binding, named in the message; authorization failures name the permission the broker wanted. */
export function aclFailureDiagnostic(
  action: "create" | "delete",
  binding: AclBinding,
  error: string,
  brokerMessage: string | null | undefined,
): Diagnostic {
  const what = `${action === "create" ? "add" : "remove"} the ACL ${describeBinding(binding)}`;
  if (error === "CLUSTER_AUTHORIZATION_FAILED") {
    return {
      code: "kafka/authorization-failed",
      severity: "error",
      message: `Kafka refused to ${what}: the connected principal lacks ALTER on the cluster`,
      why: "Creating and deleting ACLs needs ALTER on the cluster.",
      fix: "Run kgov as a principal with ALTER on the cluster (kafka-acls.sh --operation Alter --cluster).",
    };
  }
  return {
    code: "acl/rejected",
    severity: "error",
    message: `Kafka refused to ${what}: ${error}${brokerMessage ? `: ${brokerMessage}` : ""}`,
    why: "The broker validates each binding; nothing else in the batch depends on this one.",
    fix: "Correct the binding in the desired state (resource name, operation, principal), then plan again.",
  };
}

export function authorizerDisabledDiagnostic(): Diagnostic {
  return {
    code: "acl/authorizer-disabled",
    severity: "error",
    message: "The cluster has no authorizer, so its ACLs cannot be read or managed (SECURITY_DISABLED)",
    why: "The desired state declares ACLs or services, which kgov could never enforce on this cluster.",
    fix: "Enable an authorizer (authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer), or declare no ACLs, services or settings.scope.principals.",
  };
}
