import type { EstateSubject } from "../core/import/estate.js";
import { estateFromLive, type ImportFilters } from "../core/import/live.js";
import type { AclBinding } from "../core/model/acl.js";
import type { KafkaClusterPort } from "../ports/kafka.js";
import { KafkaPortError } from "../ports/kafka.js";
import type { RegistryPort } from "../ports/registry.js";
import type { Estate } from "../core/import/estate.js";
import type { ImportFile } from "../core/import/render.js";
import type { FilesPort } from "../ports/files.js";
import { readCluster } from "./observe.js";
import { validateAndBuild, type ValidateResult } from "./validate.js";

/**
 * The read half of `kgov import`: the cluster in the plan's own fixed number of round trips (app/observe.ts), and
 * the registry: one subject listing, then the latest version and the subject's own level of each subject in the
 * filter, and of every subject those reference (transitively). Nothing is ever written to either.
 */
export async function readLiveEstate(
  kafka: KafkaClusterPort,
  registry: RegistryPort | undefined,
  filters: ImportFilters,
  splitDepth: number,
): Promise<Estate> {
  const [cluster, subjects] = await Promise.all([
    readCluster(kafka),
    registry ? readSubjects(registry, filters) : undefined,
  ]);
  const noAuthorizer = cluster.acls instanceof KafkaPortError;
  const acls: readonly AclBinding[] = cluster.acls instanceof KafkaPortError ? [] : cluster.acls.bindings;
  const estate = estateFromLive({
    topics: cluster.topics.topics,
    acls,
    unrecognisedAcls: cluster.acls instanceof KafkaPortError ? 0 : cluster.acls.unrecognised,
    ...(subjects ? { registry: subjects } : {}),
    filters,
    splitDepth,
  });
  if (!noAuthorizer) return estate;
  const note = {
    kind: "acl",
    name: "ACLs",
    outcome: "skipped",
    reason: "the cluster has no authorizer, so there are no bindings to import",
  } as const;
  return { ...estate, report: [note, ...estate.report] };
}

async function readSubjects(
  registry: RegistryPort,
  filters: ImportFilters,
): Promise<{ names: string[]; subjects: EstateSubject[] }> {
  const names = await registry.listSubjects();
  const wanted = names.filter(
    (s) => filters.subjectPrefixes.length === 0 || filters.subjectPrefixes.some((p) => s.startsWith(p)),
  );
  const read = new Map<string, EstateSubject>();
  let batch = wanted;
  while (batch.length > 0) {
    const fetched = await Promise.all(batch.map((subject) => readSubject(registry, subject)));
    for (const s of fetched) if (s) read.set(s.subject, s);
    batch = [...new Set(fetched.flatMap((s) => s?.references.map((r) => r.subject) ?? []))].filter((s) => !read.has(s));
  }
  return { names, subjects: [...read.values()].sort((a, b) => (a.subject < b.subject ? -1 : 1)) };
}

async function readSubject(registry: RegistryPort, subject: string): Promise<EstateSubject | undefined> {
  const [latest, compatibility] = await Promise.all([
    registry.getVersion(subject, "latest"),
    registry.getSubjectCompatibility(subject),
  ]);
  if (!latest) return undefined; // deleted between the listing and now
  return {
    subject,
    schemaType: latest.schemaType,
    schema: latest.schema,
    references: latest.references.map((r) => ({ name: r.name, subject: r.subject, version: r.version })),
    ...(compatibility ? { compatibility } : {}),
    version: latest.version,
  };
}

/**
 * `kgov validate` over the files an import is about to write, read from memory: a live estate can hold what kgov
 * refuses (min.insync.replicas above the replication factor, a schema kgov cannot parse), and the user should hear
 * it now rather than from the first plan. Paths are relative to the output folder.
 */
export async function validateImportedFiles(files: readonly ImportFile[]): Promise<ValidateResult> {
  const texts = new Map(files.map((f) => [f.path, f.text]));
  const port: FilesPort = {
    discoverDesiredFiles: async () => ({
      paths: files.filter((f) => f.path.endsWith(".yaml")).map((f) => f.path),
      diagnostics: [],
    }),
    readText: async (path) => {
      const text = texts.get(path);
      return text === undefined ? { notFound: true, diagnostics: [] } : { text, diagnostics: [] };
    },
  };
  return (await validateAndBuild({ paths: [], variables: {} }, port)).validation;
}
