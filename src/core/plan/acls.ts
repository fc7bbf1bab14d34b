import { bindingKeys, compareBindings, type AclBinding } from "../model/acl.js";
import type { DesiredState } from "../model/desired.js";
import type { ObservedCluster } from "../model/observed.js";
import { desiredBindings, ownedPrincipals, planOrigin } from "./acl-bindings.js";
import type {
  AccessChange,
  AccessEntry,
  AclAction,
  AclCreate,
  AclDelete,
  PlanOptions,
  PrincipalAccess,
  Risk,
} from "./types.js";

/** `WRITE on topic "shop.orders.v1"`, `READ on groups prefixed "shop."`, `ALL on the cluster`. */
export function describeResource(b: Pick<AclBinding, "resourceType" | "resourceName" | "patternType">): string {
  if (b.resourceType === "cluster") return "the cluster";
  const type = b.resourceType === "transactional-id" ? "transactional id" : b.resourceType;
  if (b.patternType === "prefixed") return `${type}s prefixed ${JSON.stringify(b.resourceName)}`;
  if (b.resourceName === "*") return `every ${type}`;
  return `${type} ${JSON.stringify(b.resourceName)}`;
}

export function operationName(operation: AclBinding["operation"]): string {
  return operation.toUpperCase().replace(/-/g, "_");
}

/** `allow User:svc-order WRITE on topic "x"` (plus `from host h` when not every host). */
export function describeBinding(b: AclBinding): string {
  const host = b.host === "*" ? "" : ` from host ${b.host}`;
  return `${b.permission} ${b.principal} ${operationName(b.operation)} on ${describeResource(b)}${host}`;
}

function accessOf(type: AclAction["type"], binding: AclBinding): AccessChange {
  const adds = type === "acl.create";
  return adds === (binding.permission === "allow") ? "broadens" : "narrows";
}

function accessRisk(type: AclAction["type"], binding: AclBinding): Risk {
  const op = operationName(binding.operation);
  const on = describeResource(binding);
  const who = binding.principal;
  if (accessOf(type, binding) === "broadens") {
    return {
      kind: "broadens-access",
      reason:
        type === "acl.create"
          ? `${who} gains ${op} on ${on}`
          : `${who} is no longer denied ${op} on ${on}; an ALLOW may now grant it`,
    };
  }
  return {
    kind: "narrows-access",
    reason:
      type === "acl.create"
        ? `${who} is denied ${op} on ${on}, whatever else allows it; running clients may fail`
        : `${who} loses ${op} on ${on}; running clients may fail`,
  };
}

export interface AclPlan {
  readonly actions: AclAction[];
  readonly unmanaged: number;
}

/**
 * Desired bindings that are not on the cluster become `acl.create`; live bindings of an owned principal that are not
 * desired become `acl.delete` (allowed only with `allowDelete`); every other live binding is unmanaged and only
 * counted. Identity is the whole binding tuple, so order in the files never matters.
 */
export function planAcls(
  desired: DesiredState,
  observed: Pick<ObservedCluster, "acls" | "unrecognisedAcls">,
  options: PlanOptions,
): AclPlan {
  const wanted = desiredBindings(desired);
  const owned = ownedPrincipals(desired);
  const live = new Set<string>();
  const actions: AclAction[] = [];
  let unmanaged = observed.unrecognisedAcls;
  const keys = bindingKeys(observed.acls);
  for (let i = 0; i < observed.acls.length; i++) {
    const binding = observed.acls[i]!;
    const key = keys[i]!;
    if (live.has(key)) continue;
    live.add(key);
    if (wanted.has(key)) continue;
    if (!owned(binding.principal)) {
      unmanaged++;
      continue;
    }
    const remove: AclDelete = {
      type: "acl.delete",
      binding,
      access: accessOf("acl.delete", binding),
      allowed: options.allowDelete,
      risks: [accessRisk("acl.delete", binding)],
    };
    actions.push(remove);
  }
  for (const [key, { binding, origins }] of wanted) {
    if (live.has(key)) continue;
    const create: AclCreate = {
      type: "acl.create",
      binding,
      access: accessOf("acl.create", binding),
      origins: origins.map(planOrigin),
      risks: [accessRisk("acl.create", binding)],
    };
    actions.push(create);
  }
  return { actions, unmanaged };
}

function entry(binding: AclBinding, via: AccessEntry["via"]): AccessEntry {
  return {
    operation: binding.operation,
    resourceType: binding.resourceType,
    resourceName: binding.resourceName,
    patternType: binding.patternType,
    host: binding.host,
    via,
  };
}

/**
 * What executing the actions grants and takes away, per principal (sorted), each list in binding order. Blocked
 * deletions change nothing, so they are left out.
 */
export function accessSummary(actions: readonly AclAction[]): PrincipalAccess[] {
  const byPrincipal = new Map<string, { gains: AclAction[]; loses: AclAction[] }>();
  for (const action of actions) {
    if (action.type === "acl.delete" && !action.allowed) continue;
    const p = action.binding.principal;
    let lists = byPrincipal.get(p);
    if (!lists) byPrincipal.set(p, (lists = { gains: [], loses: [] }));
    (action.access === "broadens" ? lists.gains : lists.loses).push(action);
  }
  const via = (a: AclAction): AccessEntry["via"] =>
    a.type === "acl.create"
      ? a.binding.permission === "allow"
        ? "allow-added"
        : "deny-added"
      : a.binding.permission === "allow"
        ? "allow-removed"
        : "deny-removed";
  const sorted = (list: AclAction[]) =>
    [...list].sort((a, b) => compareBindings(a.binding, b.binding)).map((a) => entry(a.binding, via(a)));
  return [...byPrincipal.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([principal, lists]) => ({ principal, gains: sorted(lists.gains), loses: sorted(lists.loses) }));
}
