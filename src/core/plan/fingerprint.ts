import { createHash } from "node:crypto";
import { normaliseConfigValue } from "../kafka-config/index.js";
import type { DesiredState } from "../model/desired.js";
import type { ObservedCluster } from "../model/observed.js";
import { compareNames, isManagedObserved } from "./scope.js";

type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };

/** JSON with object keys sorted at every level, so equal values give equal text whatever the insertion order. */
export function canonicalJson(value: Json): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v: Json) => canonicalJson(v)).join(",")}]`;
  const obj = value as { readonly [key: string]: Json };
  const keys = Object.keys(obj).sort(compareNames);
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k] as Json)}`).join(",")}}`;
}

function sha256(text: string): string {
  return `sha256:${createHash("sha256").update(text, "utf8").digest("hex")}`;
}

/**
 * The desired state as planning sees it: topics (name, sizes, normalised config) and the deletion scope. Source
 * positions are left out, so moving a topic to another file does not change the fingerprint.
 */
export function desiredFingerprint(desired: DesiredState): string {
  const topics: Json[] = [...desired.topics.values()]
    .sort((a, b) => compareNames(a.name, b.name))
    .map((t) => ({
      name: t.name,
      partitions: t.partitions ?? null,
      replicationFactor: t.replicationFactor ?? null,
      config: Object.fromEntries(Object.entries(t.config).map(([k, v]) => [k, normaliseConfigValue(k, v)])),
    }));
  const prefixes = desired.settings.scope.topicPrefixes;
  return sha256(canonicalJson({ topics, topicPrefixes: prefixes ? [...prefixes].sort(compareNames) : null }));
}

/**
 * The part of the cluster a plan depends on: brokers (id, rack) and every managed topic (desired, or inside the
 * deletion scope): its partitions' replicas, the reassignment flag and every config entry with its source. ISR and
 * leaders are left out on purpose: they change on their own and would make every saved plan look stale.
 */
export function observedFingerprint(desired: DesiredState, observed: ObservedCluster): string {
  const brokers: Json[] = [...observed.brokers].sort((a, b) => a.id - b.id).map((b) => ({ id: b.id, rack: b.rack }));
  const topics: Json[] = [...observed.topics.values()]
    .filter((t) => isManagedObserved(t.name, desired))
    .sort((a, b) => compareNames(a.name, b.name))
    .map((t) => ({
      name: t.name,
      reassigning: observed.reassigning.has(t.name),
      partitions: [...t.partitions].sort((a, b) => a.id - b.id).map((p) => ({ id: p.id, replicas: [...p.replicas] })),
      config: Object.fromEntries(
        Object.entries(t.config).map(([k, e]) => [
          k,
          {
            value: e.value === null ? null : normaliseConfigValue(k, e.value),
            source: e.source,
            sensitive: e.sensitive,
          },
        ]),
      ),
    }));
  return sha256(canonicalJson({ clusterId: observed.clusterId, brokers, topics }));
}
