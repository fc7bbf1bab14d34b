import type { SourceRange } from "../diagnostics/index.js";
import { bindingKey, type AclBinding, type AclOperation, type AclResourceType } from "../model/acl.js";
import type { DesiredAcl, DesiredService, DesiredState, Reference } from "../model/desired.js";

/**
 * Where a desired binding comes from: a service (and the part of it that asks for the binding) or a raw `acls` entry.
 * A binding several sources ask for is one binding listing all of them.
 */
export type BindingOrigin = ServiceOrigin | { readonly kind: "acl"; readonly source: SourceRange };

interface ServiceOrigin {
  readonly kind: "service";
  readonly service: string;
  readonly role: ServiceRole;
}

/** An origin while planning: a raw entry's position is looked up only if its binding ends up in an action. */
export type DesiredOrigin = ServiceOrigin | { readonly kind: "acl"; readonly acl: DesiredAcl };

/** The origin as the plan shows it. */
export function planOrigin(origin: DesiredOrigin): BindingOrigin {
  return origin.kind === "acl" ? { kind: "acl", source: origin.acl.source } : origin;
}

/** The part of a service that generates a binding (docs/acl-mapping.md has the table). */
export type ServiceRole = "producer" | "consumer" | "consumer-group" | "transactional-producer" | "streams" | "connect";

export interface DesiredBinding {
  readonly binding: AclBinding;
  readonly origins: readonly DesiredOrigin[];
}

/** Operations a Kafka Streams application needs on its `<applicationId>-` internal (repartition, changelog) topics. */
export const STREAMS_INTERNAL_TOPIC_OPERATIONS: readonly AclOperation[] = [
  "create",
  "read",
  "write",
  "delete",
  "describe",
  "describe-configs",
];
/**
 * A Connect worker creates its storage topics at startup when they are missing (they are Connect's internal topics,
 * which kgov never declares), reads and writes them, and checks their cleanup policy (DESCRIBE_CONFIGS).
 */
export const CONNECT_STORAGE_TOPIC_OPERATIONS: readonly AclOperation[] = [
  "create",
  "read",
  "write",
  "describe",
  "describe-configs",
];
/** Sink connectors consume in groups named `connect-<connector>`. */
export const CONNECT_CONNECTOR_GROUP_PREFIX = "connect-";

function sameOrigin(a: DesiredOrigin, b: DesiredOrigin): boolean {
  if (a.kind === "acl") return b.kind === "acl" && a.acl === b.acl;
  return b.kind === "service" && a.service === b.service && a.role === b.role;
}

class BindingCollector {
  readonly #byKey = new Map<string, { binding: AclBinding; origins: DesiredOrigin[] }>();

  add(binding: AclBinding, origin: DesiredOrigin): void {
    const key = bindingKey(binding);
    const entry = this.#byKey.get(key);
    if (!entry) this.#byKey.set(key, { binding, origins: [origin] });
    // A binding rarely has more than a few origins, so a scan beats a set per binding.
    else if (!entry.origins.some((o) => sameOrigin(o, origin))) entry.origins.push(origin);
  }

  result(): Map<string, DesiredBinding> {
    return this.#byKey;
  }
}

function allow(
  principal: string,
  resourceType: AclResourceType,
  ref: Pick<Reference, "name" | "pattern">,
  operation: AclOperation,
): AclBinding {
  return {
    principal,
    host: "*",
    resourceType,
    resourceName: ref.name,
    patternType: ref.pattern,
    operation,
    permission: "allow",
  };
}

function serviceBindings(service: DesiredService, out: BindingCollector): void {
  const p = service.principal;
  const from = (role: ServiceRole): DesiredOrigin => ({ kind: "service", service: service.name, role });
  for (const ref of service.produces) {
    for (const op of ["write", "describe"] as const) out.add(allow(p, "topic", ref, op), from("producer"));
  }
  for (const ref of service.transactionalIds) {
    for (const op of ["write", "describe"] as const) {
      out.add(allow(p, "transactional-id", ref, op), from("transactional-producer"));
    }
  }
  for (const ref of service.consumes) {
    for (const op of ["read", "describe"] as const) out.add(allow(p, "topic", ref, op), from("consumer"));
  }
  for (const ref of service.groups) out.add(allow(p, "group", ref, "read"), from("consumer-group"));
  if (service.streams) {
    const id = service.streams.applicationId;
    out.add(allow(p, "group", { name: id, pattern: "literal" }, "read"), from("streams"));
    const internal = { name: `${id}-`, pattern: "prefixed" as const };
    for (const op of STREAMS_INTERNAL_TOPIC_OPERATIONS) out.add(allow(p, "topic", internal, op), from("streams"));
    if (service.streams.exactlyOnce) {
      for (const op of ["write", "describe"] as const) {
        out.add(allow(p, "transactional-id", internal, op), from("streams"));
      }
    }
  }
  if (service.connect) {
    const c = service.connect;
    out.add(allow(p, "group", { name: c.groupId, pattern: "literal" }, "read"), from("connect"));
    for (const ref of [c.configStorageTopic, c.offsetStorageTopic, c.statusStorageTopic]) {
      for (const op of CONNECT_STORAGE_TOPIC_OPERATIONS) out.add(allow(p, "topic", ref, op), from("connect"));
    }
    out.add(allow(p, "group", { name: CONNECT_CONNECTOR_GROUP_PREFIX, pattern: "prefixed" }, "read"), from("connect"));
  }
}

/** The bindings one service generates, in generation order (import checks a folded service against these). */
export function bindingsOfService(service: DesiredService): AclBinding[] {
  const out = new BindingCollector();
  serviceBindings(service, out);
  return [...out.result().values()].map((d) => d.binding);
}

/**
 * Every binding the desired state asks for, keyed by bindingKey in no particular order (the plan sorts its actions): raw `acls` entries
 * (one binding per operation; `all` stays one operation) and the minimal set each service needs:
 *
 * - producer: WRITE + DESCRIBE on each produced topic (idempotence needs nothing more since Kafka 2.8);
 * - transactional producer: WRITE + DESCRIBE on each transactional id;
 * - consumer: READ + DESCRIBE on each consumed topic, READ on each group;
 * - Streams application: READ on the group `<applicationId>`, CREATE/READ/WRITE/DELETE/DESCRIBE/DESCRIBE_CONFIGS on
 *   topics prefixed `<applicationId>-`, and under exactly-once WRITE + DESCRIBE on transactional ids prefixed
 *   `<applicationId>-`;
 * - Connect worker: READ on its group, CREATE/READ/WRITE/DESCRIBE/DESCRIBE_CONFIGS on its three storage topics, READ on
 *   groups prefixed `connect-`.
 *
 * Prefixed references (`{prefix: …}`) become PREFIXED bindings. Equal bindings collapse into one with every origin.
 */
export function desiredBindings(desired: DesiredState): ReadonlyMap<string, DesiredBinding> {
  let cached = computed.get(desired);
  if (!cached) computed.set(desired, (cached = collectBindings(desired)));
  return cached;
}

/** The plan and both fingerprints need the bindings of the same state; over 50,000 bindings, building them counts. */
const computed = new WeakMap<DesiredState, ReadonlyMap<string, DesiredBinding>>();

function collectBindings(desired: DesiredState): ReadonlyMap<string, DesiredBinding> {
  const out = new BindingCollector();
  for (const acl of desired.acls) {
    for (const operation of acl.operations) {
      out.add(
        {
          principal: acl.principal,
          host: acl.host,
          resourceType: acl.resourceType,
          resourceName: acl.resourceName,
          patternType: acl.patternType,
          operation,
          permission: acl.permission,
        },
        { kind: "acl", acl },
      );
    }
  }
  for (const service of desired.services.values()) serviceBindings(service, out);
  return out.result();
}

/**
 * Whether kgov owns every binding of a principal (and so deletes those that are not desired): the principal matches
 * a `settings.scope.principals` prefix, or is a service's principal.
 */
export function ownedPrincipals(desired: DesiredState): (principal: string) => boolean {
  const prefixes = desired.settings.scope.principals ?? [];
  const services = new Set([...desired.services.values()].map((s) => s.principal));
  return (principal) => services.has(principal) || prefixes.some((p) => principal.startsWith(p));
}
