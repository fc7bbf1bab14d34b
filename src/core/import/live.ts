import type { AclBinding } from "../model/acl.js";
import { internalTopicOwner } from "../model/internal-topics.js";
import type { ObservedTopic } from "../model/observed.js";
import type { Estate, EstateApplication, EstateSubject, EstateTopic, ImportReportItem } from "./estate.js";
import { inferApplication } from "./fold.js";
import { domainOf, safePrefixes } from "./scope.js";

/** What `kgov import` read, and what it was asked to take. */
export interface LiveImportInput {
  readonly topics: ReadonlyMap<string, ObservedTopic>;
  readonly acls: readonly AclBinding[];
  /** Bindings with an operation or resource type kgov does not know: never imported. */
  readonly unrecognisedAcls: number;
  /** Absent without a registry. `names`: every live subject; `subjects`: those read (in the filter or referenced). */
  readonly registry?: { readonly names: readonly string[]; readonly subjects: readonly EstateSubject[] };
  readonly filters: ImportFilters;
  /** Domains for scope prefixes (the same depth the files are split by). */
  readonly splitDepth: number;
}

export interface ImportFilters {
  readonly topicPrefixes: readonly string[];
  readonly principals: readonly string[];
  readonly subjectPrefixes: readonly string[];
  /** Also import the topics of Streams applications and Connect workers (never Kafka's own or framework topics). */
  readonly includeInternal: boolean;
}

const matches = (name: string, prefixes: readonly string[]) =>
  prefixes.length === 0 || prefixes.some((p) => name.startsWith(p));

/**
 * The live cluster and registry as an estate: topics with their partitions, replication factor and the configs set
 * on the topic itself (never inherited broker defaults or static values); ACL bindings; subjects. settings.scope
 * owns what was imported and nothing that was left out.
 */
export function estateFromLive(input: LiveImportInput): Estate {
  const report: ImportReportItem[] = [];
  if (input.unrecognisedAcls > 0) {
    report.push({
      kind: "acl",
      name: `${input.unrecognisedAcls} binding(s)`,
      outcome: "skipped",
      reason: "their operation or resource type is newer than kgov; they are left unmanaged",
    });
  }
  const bindings = input.acls.filter((b) => matches(b.principal, input.filters.principals));
  const applications = applicationsOf(bindings);
  const appOwned = appOwnedTopics(applications);

  const topics: EstateTopic[] = [];
  const ignoredLive = new Set<string>();
  for (const topic of [...input.topics.values()].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const owner = internalTopicOwner(topic.name);
    if (owner !== undefined) {
      if (matches(topic.name, input.filters.topicPrefixes) && !topic.name.startsWith("__")) {
        report.push({ kind: "topic", name: topic.name, outcome: "skipped", reason: `an internal topic of ${owner}` });
      }
      continue;
    }
    if (!matches(topic.name, input.filters.topicPrefixes)) continue;
    const app = appOwned(topic.name);
    if (app !== undefined && !input.filters.includeInternal) {
      ignoredLive.add(topic.name);
      report.push({
        kind: "topic",
        name: topic.name,
        outcome: "skipped",
        reason: `created and owned by ${app} (pass --include-internal to declare it)`,
      });
      continue;
    }
    topics.push(topicOf(topic, report));
  }
  const imported = new Set(topics.map((t) => t.name));
  // Internal and app-owned topics are outside any deletion scope anyway, so they cannot clash with a prefix.
  const liveTopics = [...input.topics.keys()].filter((n) => internalTopicOwner(n) === undefined && !ignoredLive.has(n));
  const topicCandidates =
    input.filters.topicPrefixes.length > 0
      ? input.filters.topicPrefixes
      : topics.map((t) => domainOf(t.name, Math.max(1, input.splitDepth)));

  const principals = new Set(bindings.map((b) => b.principal));
  const subjects = input.registry?.subjects ?? [];
  const subjectNames = new Set(subjects.map((s) => s.subject));
  const versions = new Map(subjects.map((s) => [s.subject, s.version]));
  for (const s of subjects) {
    for (const r of s.references) {
      if (versions.get(r.subject) === r.version) continue;
      report.push({
        kind: "subject",
        name: s.subject,
        outcome: "changed",
        reason: `references version ${r.version} of ${r.subject}, whose latest (imported) version is ${versions.get(r.subject) ?? "unknown"}; the plan will propose a version referencing the latest`,
      });
    }
  }
  for (const s of subjects) {
    if (!matches(s.subject, input.filters.subjectPrefixes)) {
      report.push({
        kind: "subject",
        name: s.subject,
        outcome: "info",
        reason: "outside the filter, imported because a subject references it",
      });
    }
  }
  const scope = {
    topicPrefixes: safePrefixes("topic", topicCandidates, imported, liveTopics, report),
    principals: safePrefixes(
      "acl",
      input.filters.principals.length > 0 ? input.filters.principals : [...principals],
      principals,
      [...new Set(input.acls.map((b) => b.principal))],
      report,
    ),
    subjectPrefixes: input.registry
      ? safePrefixes(
          "subject",
          input.filters.subjectPrefixes.length > 0
            ? input.filters.subjectPrefixes
            : subjects.map((s) => domainOf(s.subject, Math.max(1, input.splitDepth))),
          subjectNames,
          input.registry.names,
          report,
        )
      : [],
  };
  return {
    topics,
    bindings: bindings.map((binding) => ({ binding })),
    serviceNames: new Map(),
    applications,
    subjects,
    scope,
    topicDefaults: commonDefaults(topics),
    report,
  };
}

function applicationsOf(bindings: readonly AclBinding[]): Map<string, EstateApplication> {
  const byPrincipal = new Map<string, AclBinding[]>();
  for (const b of bindings) {
    const list = byPrincipal.get(b.principal) ?? [];
    list.push(b);
    byPrincipal.set(b.principal, list);
  }
  const applications = new Map<string, EstateApplication>();
  for (const [principal, list] of byPrincipal) {
    const app = principal.includes("*") ? undefined : inferApplication(list);
    if (app) applications.set(principal, app);
  }
  return applications;
}

/** Which recognised application (if any) creates a topic itself: a Streams app's `<applicationId>-…`, Connect storage. */
function appOwnedTopics(applications: ReadonlyMap<string, EstateApplication>): (topic: string) => string | undefined {
  const owners: { owns: (t: string) => boolean; what: string }[] = [];
  for (const app of applications.values()) {
    if (app.kind === "streams") {
      owners.push({
        owns: (t) => t.startsWith(`${app.applicationId}-`),
        what: `the Kafka Streams application ${app.applicationId}`,
      });
    } else {
      const storage = new Set([app.configStorageTopic, app.offsetStorageTopic, app.statusStorageTopic]);
      owners.push({ owns: (t) => storage.has(t), what: `the Kafka Connect worker ${app.groupId}` });
    }
  }
  return (topic) => owners.find((o) => o.owns(topic))?.what;
}

function topicOf(topic: ObservedTopic, report: ImportReportItem[]): EstateTopic {
  const rfs = new Set(topic.partitions.map((p) => p.replicas.length));
  const replicationFactor = Math.max(...rfs, 1);
  if (rfs.size > 1) {
    report.push({
      kind: "topic",
      name: topic.name,
      outcome: "changed",
      reason: `its partitions have different replica counts (${[...rfs].sort().join(", ")}); declared with ${replicationFactor}, so the plan will add replicas to the others`,
    });
  }
  const config: Record<string, string> = {};
  for (const [key, entry] of Object.entries(topic.config)) {
    if (entry.source !== "topic") continue;
    if (entry.value === null) {
      report.push({
        kind: "topic",
        name: `${topic.name} ${key}`,
        outcome: "skipped",
        reason: "the broker hides this config's value (sensitive)",
      });
      continue;
    }
    config[key] = entry.value;
  }
  return { name: topic.name, partitions: topic.partitions.length, replicationFactor, config };
}

/** The most common partition count and replication factor become settings.defaults.topic (ties: the smaller). */
function commonDefaults(topics: readonly EstateTopic[]): Estate["topicDefaults"] {
  if (topics.length === 0) return undefined;
  const mode = (values: number[]) => {
    const counts = new Map<number, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    return [...counts].sort(([a, ca], [b, cb]) => cb - ca || a - b)[0]![0];
  };
  return {
    partitions: mode(topics.map((t) => t.partitions)),
    replicationFactor: mode(topics.map((t) => t.replicationFactor)),
  };
}
