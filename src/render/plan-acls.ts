import type { AclBinding } from "../core/model/acl.js";
import type { BindingOrigin } from "../core/plan/acl-bindings.js";
import { describeResource, operationName } from "../core/plan/acls.js";
import type { AccessEntry, AclAction, PlannedAction, PrincipalAccess, Risk } from "../core/plan/types.js";

/**
 * Shared wording of ACL actions for the text and Markdown plans: grouped by principal, one line per binding, its
 * origins (which service or raw entry asked for it) and the access summary per principal.
 */

export interface PrincipalBlock {
  readonly principal: string;
  /** Creates first, then deletions, each in binding order (the plan's order). */
  readonly actions: readonly AclAction[];
}

export function aclBlocks(actions: readonly PlannedAction[]): PrincipalBlock[] {
  const byPrincipal = new Map<string, AclAction[]>();
  for (const a of actions) {
    if (a.type !== "acl.create" && a.type !== "acl.delete") continue;
    const list = byPrincipal.get(a.binding.principal);
    if (list) list.push(a);
    else byPrincipal.set(a.binding.principal, [a]);
  }
  return [...byPrincipal.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([principal, list]) => ({ principal, actions: list }));
}

/** `allow WRITE on topic "x"` (the principal is the block's), plus the host when it is not every host. */
export function bindingPhrase(b: AclBinding): string {
  const host = b.host === "*" ? "" : ` from host ${b.host}`;
  return `${b.permission} ${operationName(b.operation)} on ${describeResource(b)}${host}`;
}

const ROLE: Record<Extract<BindingOrigin, { kind: "service" }>["role"], string> = {
  producer: "producer",
  consumer: "consumer",
  "consumer-group": "consumer group",
  "transactional-producer": "transactional producer",
  streams: "Streams application",
  connect: "Connect worker",
};

/** `service order-service (producer), acls at examples/acls.yaml:12`. */
export function originsPhrase(origins: readonly BindingOrigin[]): string {
  return origins
    .map((o) =>
      o.kind === "service"
        ? `service ${o.service} (${ROLE[o.role]})`
        : `acls at ${o.source.file}:${o.source.start.line}`,
    )
    .join(", ");
}

/** The risks of an ACL action other than its broadens/narrows mark (which the symbol line already says). */
export function extraRisks(action: AclAction): Risk[] {
  return action.risks.filter((r) => r.kind !== "broadens-access" && r.kind !== "narrows-access");
}

function entryPhrase(e: AccessEntry): string {
  const host = e.host === "*" ? "" : ` from host ${e.host}`;
  const how = e.via === "deny-added" ? " (denied)" : e.via === "deny-removed" ? " (deny removed)" : "";
  return `${operationName(e.operation)} on ${describeResource(e)}${host}${how}`;
}

/** One line per principal: "User:svc-order gains WRITE on topic "x", …; loses READ on …". */
export function accessLines(access: readonly PrincipalAccess[]): string[] {
  return access.map((p) => {
    const parts: string[] = [];
    if (p.gains.length > 0) parts.push(`gains ${p.gains.map(entryPhrase).join(", ")}`);
    if (p.loses.length > 0) parts.push(`loses ${p.loses.map(entryPhrase).join(", ")}`);
    return `${p.principal} ${parts.join("; ")}`;
  });
}
