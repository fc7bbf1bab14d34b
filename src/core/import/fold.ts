import type { SourceRange } from "../diagnostics/index.js";
import { bindingKey, type AclBinding, type AclOperation, type AclResourceType } from "../model/acl.js";
import type { DesiredService, Reference } from "../model/desired.js";
import {
  bindingsOfService,
  CONNECT_CONNECTOR_GROUP_PREFIX,
  CONNECT_STORAGE_TOPIC_OPERATIONS,
  STREAMS_INTERNAL_TOPIC_OPERATIONS,
} from "../plan/acl-bindings.js";
import type { EstateApplication } from "./estate.js";

/** A service an import writes: its references as `{name, pattern}` (pattern prefixed is written `{prefix: …}`). */
export type ImportedService = Omit<DesiredService, "source" | "streams" | "connect"> & {
  readonly streams?: { readonly applicationId: string; readonly exactlyOnce: boolean };
  readonly connect?: Extract<EstateApplication, { kind: "connect" }>;
};

/** One raw `acls` entry: bindings equal but for their operation, merged. */
export interface ImportedAcl {
  readonly principal: string;
  readonly host: string;
  readonly resourceType: AclResourceType;
  readonly resourceName: string;
  readonly patternType: AclBinding["patternType"];
  readonly operations: readonly AclOperation[];
  readonly permission: AclBinding["permission"];
}

/** Positions are meaningless for a service built from bindings; the generator only reads names and patterns. */
const NOWHERE: SourceRange = { file: "", start: { line: 1, column: 1 } };

/** Allowed operations per resource (`type NUL pattern NUL name`), over the bindings a service could generate. */
type Grants = Map<string, Set<AclOperation>>;
const resourceKey = (type: AclResourceType, pattern: string, name: string) => `${type}\0${pattern}\0${name}`;

function grantsOf(bindings: readonly AclBinding[]): Grants {
  const grants: Grants = new Map();
  for (const b of bindings) {
    if (b.permission !== "allow" || b.host !== "*") continue;
    const key = resourceKey(b.resourceType, b.patternType, b.resourceName);
    let ops = grants.get(key);
    if (!ops) grants.set(key, (ops = new Set()));
    ops.add(b.operation);
  }
  return grants;
}

function has(
  grants: Grants,
  type: AclResourceType,
  ref: Pick<Reference, "name" | "pattern">,
  ops: readonly AclOperation[],
) {
  const granted = grants.get(resourceKey(type, ref.pattern, ref.name));
  return granted !== undefined && ops.every((op) => granted.has(op));
}

/** The references of one resource type whose grants include every operation in `ops`. */
function refsWith(grants: Grants, type: AclResourceType, ops: readonly AclOperation[]): Reference[] {
  const refs: Reference[] = [];
  for (const [key, granted] of grants) {
    const [t, pattern, name] = key.split("\0") as [AclResourceType, "literal" | "prefixed", string];
    if (t === type && ops.every((op) => granted.has(op))) refs.push({ name, pattern, source: NOWHERE });
  }
  return refs.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.pattern < b.pattern ? -1 : 1));
}

/**
 * Whether the bindings show a Streams application or a Connect worker: a literal group with the `<group>-` prefixed
 * internal-topic grants, or a literal group beside READ on `connect-` groups and three storage topics named for
 * config, offset and status. A hint from the other tool's files is used as given, if the bindings hold it.
 */
export function inferApplication(
  bindings: readonly AclBinding[],
  hint?: EstateApplication,
): EstateApplication | undefined {
  const grants = grantsOf(bindings);
  if (hint) return covers(grants, hint) ? hint : undefined;
  for (const group of refsWith(grants, "group", ["read"])) {
    if (group.pattern !== "literal") continue;
    const internal = { name: `${group.name}-`, pattern: "prefixed" as const };
    if (has(grants, "topic", internal, STREAMS_INTERNAL_TOPIC_OPERATIONS)) {
      const exactlyOnce = has(grants, "transactional-id", internal, ["write", "describe"]);
      return { kind: "streams", applicationId: group.name, exactlyOnce };
    }
  }
  const connectGroups = { name: CONNECT_CONNECTOR_GROUP_PREFIX, pattern: "prefixed" as const };
  if (!has(grants, "group", connectGroups, ["read"])) return undefined;
  const storage = refsWith(grants, "topic", CONNECT_STORAGE_TOPIC_OPERATIONS).filter((r) => r.pattern === "literal");
  const named = (word: string) => storage.filter((r) => r.name.includes(word));
  const [config, offset, status] = [named("config"), named("offset"), named("status")];
  const groups = refsWith(grants, "group", ["read"]).filter((g) => g.pattern === "literal");
  if (config.length !== 1 || offset.length !== 1 || status.length !== 1 || groups.length !== 1) return undefined;
  return {
    kind: "connect",
    groupId: groups[0]!.name,
    configStorageTopic: config[0]!.name,
    offsetStorageTopic: offset[0]!.name,
    statusStorageTopic: status[0]!.name,
  };
}

function covers(grants: Grants, app: EstateApplication): boolean {
  const generated = bindingsOfService(asDesired({ principal: "", ...withApplication(app) }));
  return generated.every((b) =>
    has(grants, b.resourceType, { name: b.resourceName, pattern: b.patternType }, [b.operation]),
  );
}

function withApplication(app: EstateApplication | undefined): Pick<ImportedService, "streams" | "connect"> {
  if (!app) return {};
  if (app.kind === "streams") return { streams: { applicationId: app.applicationId, exactlyOnce: app.exactlyOnce } };
  return { connect: app };
}

function asDesired(service: Partial<ImportedService> & { principal: string }): DesiredService {
  const ref = (name: string): Reference => ({ name, pattern: "literal", source: NOWHERE });
  return {
    name: service.name ?? "",
    principal: service.principal,
    produces: service.produces ?? [],
    consumes: service.consumes ?? [],
    groups: service.groups ?? [],
    transactionalIds: service.transactionalIds ?? [],
    ...(service.streams ? { streams: { ...service.streams, source: NOWHERE } } : {}),
    ...(service.connect
      ? {
          connect: {
            groupId: service.connect.groupId,
            configStorageTopic: ref(service.connect.configStorageTopic),
            offsetStorageTopic: ref(service.connect.offsetStorageTopic),
            statusStorageTopic: ref(service.connect.statusStorageTopic),
            source: NOWHERE,
          },
        }
      : {}),
    source: NOWHERE,
  };
}

/**
 * One principal's bindings as a service plus raw entries, never granting more than the bindings: the service
 * takes every topic it can produce (WRITE + DESCRIBE) or consume (READ + DESCRIBE), its groups (READ), its
 * transactional ids (WRITE + DESCRIBE) and its Streams or Connect role; whatever its generated bindings do not
 * cover (DENY entries, other hosts, lone operations) stays raw. A plain topic name the import does not declare
 * cannot be a service reference (kgov would refuse it), so its bindings stay raw too. No service when nothing is
 * produced or consumed and no application is recognised. A hinted application is used only if the bindings hold
 * every binding kgov generates for it.
 */
export function foldPrincipal(
  name: string,
  principal: string,
  bindings: readonly AclBinding[],
  hint: EstateApplication | undefined,
  declared: (topic: string) => boolean,
): { service?: ImportedService; raw: AclBinding[] } {
  if (principal.includes("*")) return { raw: [...bindings] };
  const grants = grantsOf(bindings);
  // Another tool's Streams or Connect role grants other bindings than kgov's: only one kgov's would cover is used.
  const application = hint && covers(grants, hint) ? hint : undefined;
  const app = withApplication(application);
  const own = new Set(
    bindingsOfService(asDesired({ principal, ...app })).map((b) =>
      resourceKey(b.resourceType, b.patternType, b.resourceName),
    ),
  );
  const usable = (type: AclResourceType) => (r: Reference) =>
    !own.has(resourceKey(type, r.pattern, r.name)) &&
    (type !== "topic" || r.pattern === "prefixed" || declared(r.name));
  const service: ImportedService = {
    name,
    principal,
    produces: refsWith(grants, "topic", ["write", "describe"]).filter(usable("topic")),
    consumes: refsWith(grants, "topic", ["read", "describe"]).filter(usable("topic")),
    groups: refsWith(grants, "group", ["read"]).filter(usable("group")),
    transactionalIds: refsWith(grants, "transactional-id", ["write", "describe"]).filter(usable("transactional-id")),
    ...app,
  };
  if (service.produces.length === 0 && service.consumes.length === 0 && !application) return { raw: [...bindings] };
  const generated = new Set(bindingsOfService(asDesired(service)).map(bindingKey));
  return { service, raw: bindings.filter((b) => !generated.has(bindingKey(b))) };
}

/** Raw bindings as `acls` entries: one entry per principal, host, resource and permission, operations sorted. */
export function rawEntries(bindings: readonly AclBinding[]): ImportedAcl[] {
  const entries = new Map<string, ImportedAcl & { operations: AclOperation[] }>();
  for (const b of bindings) {
    const key = [b.principal, b.host, b.resourceType, b.patternType, b.resourceName, b.permission].join("\0");
    const entry = entries.get(key);
    if (entry) {
      if (!entry.operations.includes(b.operation)) entry.operations.push(b.operation);
    } else entries.set(key, { ...b, operations: [b.operation] });
  }
  const sorted = [...entries.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => e);
  for (const e of sorted) e.operations.sort();
  return sorted.map(({ principal, host, resourceType, resourceName, patternType, operations, permission }) => ({
    principal,
    host,
    resourceType,
    resourceName,
    patternType,
    operations,
    permission,
  }));
}
