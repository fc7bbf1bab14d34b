import { createHash, type Hash } from "node:crypto";
import { normaliseConfigValue } from "../kafka-config/index.js";
import { bindingKeys } from "../model/acl.js";
import type { DesiredState } from "../model/desired.js";
import type { ObservedCluster } from "../model/observed.js";
import type { ObservedRegistry } from "../model/registry.js";
import type { DesiredSubject } from "../model/subjects.js";
import { desiredBindings, ownedPrincipals } from "./acl-bindings.js";
import { canonicalSchema } from "./schema-canonical.js";
import { compareNames, isManagedObserved } from "./scope.js";

type Field = string | number | boolean | null;

/**
 * A sha256 over records of fields, fed one record at a time (a plan over 10,000 topics hashes hundreds of thousands
 * of config entries; no large intermediate text is built). Each record is its fields as a JSON array on its own
 * line, so no two different sequences of records hash the same text. A record is one topic with everything about
 * it, keeping the number of hash updates low; its variable-length parts are preceded by their length, so a field
 * cannot shift from one part to the next.
 */
class RecordHash {
  private readonly hash: Hash = createHash("sha256");

  add(fields: readonly Field[]): void {
    this.hash.update(`${JSON.stringify(fields)}\n`, "utf8");
  }

  /**
   * ACL bindings by bindingKey (NUL-separated fields, no NUL or newline inside a name), sorted, one `acl\0<key>`
   * line each: no JSON record starts that way, and over 50,000 bindings this is several times faster than records.
   */
  addBindings(keys: string[]): void {
    keys.sort();
    for (let i = 0; i < keys.length; i += 1000) {
      this.hash.update(`acl\0${keys.slice(i, i + 1000).join("\nacl\0")}\n`, "utf8");
    }
  }

  digest(): string {
    return `sha256:${this.hash.digest("hex")}`;
  }
}

const byKey = <T>(entries: [string, T][]): [string, T][] => entries.sort(([a], [b]) => compareNames(a, b));

/**
 * The desired state as planning sees it: topics (name, sizes, normalised config), the deletion scope, the owned
 * principals and every desired ACL binding. Source positions and binding origins are left out, so moving a topic or
 * an ACL to another file does not change the fingerprint.
 */
export function desiredFingerprint(desired: DesiredState, subjects?: readonly DesiredSubject[]): string {
  const hash = new RecordHash();
  const prefixes = desired.settings.scope.topicPrefixes;
  hash.add(["scope", ...(prefixes ? [...prefixes].sort(compareNames) : [null])]);
  for (const t of [...desired.topics.values()].sort((a, b) => compareNames(a.name, b.name))) {
    const config = byKey(Object.entries(t.config)).flatMap(([key, value]) => [key, normaliseConfigValue(key, value)]);
    hash.add([t.name, t.partitions ?? null, t.replicationFactor ?? null, config.length, ...config]);
  }
  const principals = desired.settings.scope.principals;
  hash.add(["principal-scope", ...(principals ? [...principals].sort(compareNames) : [null])]);
  const servicePrincipals = new Set([...desired.services.values()].map((s) => s.principal));
  hash.add(["service-principals", ...[...servicePrincipals].sort(compareNames)]);
  hash.addBindings([...desiredBindings(desired).keys()]);
  if (subjects) {
    const subjectPrefixes = desired.settings.scope.subjectPrefixes;
    hash.add(["subject-scope", ...(subjectPrefixes ? [...subjectPrefixes].sort(compareNames) : [null])]);
    for (const s of [...subjects].sort((a, b) => compareNames(a.name, b.name))) {
      const references = s.references.flatMap((r) => [r.name, r.subject]);
      const schema = canonicalSchema(s.schemaType, s.schema);
      hash.add(["subject", s.name, s.schemaType, s.compatibility ?? null, schema, references.length, ...references]);
    }
  }
  return hash.digest();
}

/**
 * The part of the cluster a plan depends on: brokers (id, rack) and every managed topic (desired, or inside the
 * deletion scope): its partitions' replicas, the reassignment flag and every config entry with its source, as the
 * broker reports them. ISR and leaders are left out on purpose: they change on their own and would make every saved
 * plan look stale. ACL bindings the plan depends on are included: those of owned principals and those it desires.
 */
export function observedFingerprint(
  desired: DesiredState,
  observed: ObservedCluster,
  registry?: ObservedRegistry,
): string {
  const hash = new RecordHash();
  hash.add(["cluster", observed.clusterId]);
  for (const b of [...observed.brokers].sort((x, y) => x.id - y.id)) hash.add(["broker", b.id, b.rack]);
  const managed = [...observed.topics.values()].filter((t) => isManagedObserved(t.name, desired));
  for (const t of managed.sort((a, b) => compareNames(a.name, b.name))) {
    const partitions = [...t.partitions]
      .sort((a, b) => a.id - b.id)
      .flatMap((p) => [p.id, p.replicas.length, ...p.replicas]);
    const config = byKey(Object.entries(t.config)).flatMap(([key, e]) => [key, e.value, e.source, e.sensitive]);
    hash.add([t.name, observed.reassigning.has(t.name), partitions.length, ...partitions, ...config]);
  }
  const owned = ownedPrincipals(desired);
  const wanted = desiredBindings(desired);
  const keys = bindingKeys(observed.acls);
  const relevant = new Set<string>();
  observed.acls.forEach((b, i) => {
    if (owned(b.principal) || wanted.has(keys[i]!)) relevant.add(keys[i]!);
  });
  hash.addBindings([...relevant]);
  if (registry) {
    hash.add(["subjects-in-scope", ...registry.inScope]);
    for (const s of [...registry.subjects.values()].sort((a, b) => compareNames(a.name, b.name))) {
      const latest = s.latest ? [s.latest.version, s.latest.id] : [null, null];
      hash.add(["subject", s.name, ...latest, s.compatibility ?? null, s.mode ?? null, s.versions?.length ?? null]);
    }
  }
  return hash.digest();
}
