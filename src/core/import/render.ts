import { Document, isPair, isScalar, visit } from "yaml";
import type { Diagnostic } from "../diagnostics/index.js";
import type { AclBinding } from "../model/acl.js";
import type { Reference } from "../model/desired.js";
import type { Estate, EstateTopic, ImportReportItem } from "./estate.js";
import { foldPrincipal, rawEntries, type ImportedAcl, type ImportedService } from "./fold.js";
import { placeSubjects, type PlacedSubject } from "./schema-placement.js";
import { domainOf } from "./scope.js";

export interface ImportFile {
  /** Relative to the output folder, `/`-separated. */
  readonly path: string;
  readonly text: string;
}

export interface ImportSummary {
  readonly topics: number;
  readonly services: number;
  readonly rawAcls: number;
  /** Every binding the files grant, through services and raw entries. */
  readonly bindings: number;
  readonly subjects: number;
  readonly report: readonly ImportReportItem[];
}

export interface ImportOptions {
  /** Topics are written one file per domain of this many name segments (0: one file for everything). */
  readonly splitDepth: number;
}

const HEADER = '# Written by kgov import. Review it, then run `kgov plan`: it should print "No changes."\n';

/** The estate as kgov desired-state files and schema files, plus the counts and report the import prints. */
export function renderImport(
  estate: Estate,
  options: ImportOptions,
): { files: ImportFile[]; summary: ImportSummary; diagnostics: Diagnostic[] } {
  const report = [...estate.report];
  const declared = new Set(estate.topics.map((t) => t.name));
  const { services, raw } = foldAll(estate, (topic) => declared.has(topic));
  const acls = rawEntries(raw);
  const { placed, diagnostics } = placeSubjects(estate.subjects, report);
  const referenced = new Set(estate.subjects.flatMap((s) => s.references.map((r) => r.subject)));
  const bound = new Map<string, { role: "key" | "value"; placed: PlacedSubject }[]>();
  const standalone: PlacedSubject[] = [];
  for (const p of placed) {
    const link = topicOf(p.subject.subject, declared);
    if (link && !referenced.has(p.subject.subject)) {
      const list = bound.get(link.topic) ?? [];
      list.push({ role: link.role, placed: p });
      bound.set(link.topic, list);
    } else standalone.push(p);
  }

  const byFile = new Map<string, { topics: Record<string, unknown>; services: Record<string, unknown> }>();
  // A name with no more segments than the depth goes with its parent domain, or into topics.yaml.
  const fileOf = (name: string) => {
    const segments = name.split(".");
    const depth = Math.min(options.splitDepth, segments.length - 1);
    const domain = domainOf(name, depth).replace(/\.$/, "");
    return domain === "" ? "topics.yaml" : `topics/${domain.replace(/[^A-Za-z0-9._-]/g, "_")}.yaml`;
  };
  const entry = (path: string) => {
    let e = byFile.get(path);
    if (!e) byFile.set(path, (e = { topics: {}, services: {} }));
    return e;
  };
  for (const topic of [...estate.topics].sort((a, b) => compare(a.name, b.name))) {
    const path = fileOf(topic.name);
    entry(path).topics[topic.name] = topicDocument(topic, estate, bound.get(topic.name) ?? [], path);
  }
  for (const service of services) {
    const home = [...service.produces, ...service.consumes].find((r) => r.pattern === "literal");
    const path = home ? fileOf(home.name) : "services.yaml";
    entry(path).services[service.name] = serviceDocument(service);
  }

  const files: ImportFile[] = [{ path: "kgov.yaml", text: document({ settings: settingsDocument(estate) }) }];
  for (const [path, e] of [...byFile].sort(([a], [b]) => compare(a, b))) {
    files.push({
      path,
      text: document({
        ...(Object.keys(e.topics).length > 0 ? { topics: e.topics } : {}),
        ...(Object.keys(e.services).length > 0 ? { services: e.services } : {}),
      }),
    });
  }
  if (acls.length > 0) files.push({ path: "acls.yaml", text: document({ acls: acls.map(aclDocument) }) });
  if (standalone.length > 0) {
    const schemas = Object.fromEntries(
      [...standalone]
        .sort((a, b) => compare(a.subject.subject, b.subject.subject))
        .map((p) => [p.subject.subject, schemaRef(p, "schemas.yaml")]),
    );
    files.push({ path: "schemas.yaml", text: document({ schemas }) });
  }
  for (const p of placed) files.push({ path: p.path, text: p.text });

  const bindings = services.reduce((n, s) => n + s.generated, 0) + raw.length;
  return {
    files,
    summary: {
      topics: estate.topics.length,
      services: services.length,
      rawAcls: acls.length,
      bindings,
      subjects: placed.length,
      report,
    },
    diagnostics,
  };
}

function foldAll(
  estate: Estate,
  declared: (topic: string) => boolean,
): { services: (ImportedService & { generated: number })[]; raw: AclBinding[] } {
  const byPrincipal = new Map<string, AclBinding[]>();
  for (const { binding } of estate.bindings) {
    const list = byPrincipal.get(binding.principal) ?? [];
    list.push(binding);
    byPrincipal.set(binding.principal, list);
  }
  const services: (ImportedService & { generated: number })[] = [];
  const raw: AclBinding[] = [];
  const names = new Set<string>();
  for (const [principal, bindings] of [...byPrincipal].sort(([a], [b]) => compare(a, b))) {
    const name = uniqueName(estate.serviceNames.get(principal) ?? principal.slice(principal.indexOf(":") + 1), names);
    const folded = foldPrincipal(name, principal, bindings, estate.applications?.get(principal), declared);
    raw.push(...folded.raw);
    if (folded.service) {
      names.add(name);
      services.push({ ...folded.service, generated: bindings.length - folded.raw.length });
    }
  }
  return { services, raw };
}

function uniqueName(wanted: string, taken: ReadonlySet<string>): string {
  const base = wanted.replace(/[^A-Za-z0-9._-]/g, "-") || "service";
  for (let n = 1; ; n++) {
    const name = n === 1 ? base : `${base}-${n}`;
    if (!taken.has(name)) return name;
  }
}

/** `<topic>-key` / `<topic>-value` of a declared topic: the topic name strategy makes the link certain. */
function topicOf(subject: string, declared: ReadonlySet<string>): { topic: string; role: "key" | "value" } | undefined {
  for (const role of ["key", "value"] as const) {
    const topic = subject.slice(0, -(role.length + 1));
    if (subject.endsWith(`-${role}`) && declared.has(topic)) return { topic, role };
  }
  return undefined;
}

function topicDocument(
  topic: EstateTopic,
  estate: Estate,
  schemas: readonly { role: "key" | "value"; placed: PlacedSubject }[],
  file: string,
): Record<string, unknown> {
  const doc: Record<string, unknown> = {};
  if (topic.partitions !== estate.topicDefaults?.partitions) doc.partitions = topic.partitions;
  if (topic.replicationFactor !== estate.topicDefaults?.replicationFactor)
    doc.replicationFactor = topic.replicationFactor;
  const keys = Object.keys(topic.config).sort(compare);
  if (keys.length > 0) doc.config = Object.fromEntries(keys.map((k) => [k, configValue(topic.config[k]!)]));
  if (schemas.length > 0) {
    doc.schemas = Object.fromEntries(
      [...schemas].sort((a, b) => compare(a.role, b.role)).map((s) => [s.role, schemaRef(s.placed, file)]),
    );
  }
  return doc;
}

/** Integers that fit a JavaScript number are written as numbers, as a user would; everything else as text. */
function configValue(value: string): string | number {
  return /^-?(0|[1-9]\d*)$/.test(value) && Number.isSafeInteger(Number(value)) ? Number(value) : value;
}

function schemaRef(p: PlacedSubject, fromFile: string): Record<string, unknown> {
  const depth = fromFile.split("/").length - 1;
  return {
    file: `${"../".repeat(depth)}${p.path}`,
    ...(p.subject.compatibility ? { compatibility: p.subject.compatibility } : {}),
  };
}

function refDocument(ref: Reference): string | { prefix: string } {
  return ref.pattern === "prefixed" ? { prefix: ref.name } : ref.name;
}

function serviceDocument(s: ImportedService): Record<string, unknown> {
  const doc: Record<string, unknown> = { principal: s.principal };
  if (s.streams)
    doc.streams = { applicationId: s.streams.applicationId, ...(s.streams.exactlyOnce ? { exactlyOnce: true } : {}) };
  if (s.connect) {
    const { groupId, configStorageTopic, offsetStorageTopic, statusStorageTopic } = s.connect;
    doc.connect = { groupId, configStorageTopic, offsetStorageTopic, statusStorageTopic };
  }
  for (const field of ["produces", "consumes", "groups", "transactionalIds"] as const) {
    if (s[field].length > 0) doc[field] = s[field].map(refDocument);
  }
  return doc;
}

function aclDocument(a: ImportedAcl): Record<string, unknown> {
  return {
    principal: a.principal,
    resource:
      a.resourceType === "cluster"
        ? { type: "cluster" }
        : {
            type: a.resourceType,
            name: a.resourceName,
            ...(a.patternType === "prefixed" ? { pattern: "prefixed" } : {}),
          },
    operations: a.operations,
    ...(a.permission === "deny" ? { permission: "deny" } : {}),
    ...(a.host !== "*" ? { host: a.host } : {}),
  };
}

function settingsDocument(estate: Estate): Record<string, unknown> {
  const scope = Object.fromEntries(
    (["topicPrefixes", "principals", "subjectPrefixes"] as const)
      .filter((k) => (estate.scope[k] ?? []).length > 0)
      .map((k) => [k, estate.scope[k]]),
  );
  const defaults = estate.topicDefaults ?? {};
  return {
    scope,
    ...(defaults.partitions !== undefined || defaults.replicationFactor !== undefined
      ? { defaults: { topic: { ...defaults } } }
      : {}),
  };
}

/** Small mappings written inline, as people write them: `resource: { type: topic, name: … }`, `value: { file: … }`. */
const INLINE_MAPS = new Set(["resource", "topic", "key", "value", "streams"]);

/** A YAML file as a person would write it: lists of names and small mappings inline, everything else in blocks. */
function document(body: Record<string, unknown>): string {
  const doc = new Document({ version: 1, ...body });
  visit(doc, {
    Seq(_, node) {
      const width = node.items.reduce<number>(
        (n, item) => n + (isScalar(item) ? String(item.value).length + 2 : Infinity),
        0,
      );
      if (width <= 80) node.flow = true;
    },
    Map(_, node, path) {
      const parent = path[path.length - 1];
      const key = isPair(parent) && isScalar(parent.key) ? String(parent.key.value) : undefined;
      const small = node.items.length <= 3 && node.items.every((pair) => isScalar(pair.value));
      if (key !== undefined && INLINE_MAPS.has(key) && small) node.flow = true;
    },
  });
  return `${HEADER}${doc.toString({ lineWidth: 118, flowCollectionPadding: true })}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
