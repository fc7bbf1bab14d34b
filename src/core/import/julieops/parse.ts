import type { ParsedYaml } from "../../load/parse-yaml.js";
import type { JulieProject, JulieTopology } from "./model.js";
import { readTopic } from "./parse-topic.js";
import { readConnectors, readConsumers, readProducers, readStreams } from "./parse-users.js";
import { TopologyReader, type YamlPath } from "./reader.js";

/** Root keys JulieOps does not turn into topic-name parts. */
const NOT_NAME_PARTS = new Set(["context", "projects", "platform", "special_topics"]);

const PROJECT_SECTIONS_SKIPPED: Readonly<Record<string, { kind: "acl" | "service"; reason: string }>> = {
  rbac: { kind: "acl", reason: "RBAC role bindings (Confluent MDS) have no Kafka ACL equivalent" },
  schemas: {
    kind: "acl",
    reason: "schema-subject authorization is an RBAC (Confluent MDS) role binding, which Kafka ACLs cannot express",
  },
  ksql: {
    kind: "service",
    reason:
      "ksqlDB applications and their artefacts are not converted: declare the ksqlDB service's ACLs as a kgov service by hand",
  },
};

/** Reads one topology file; the reader collects diagnostics and report items on the way. */
export function readTopology(file: ParsedYaml): { topology?: JulieTopology; reader: TopologyReader } {
  const r = new TopologyReader(file);
  const root = r.map(file.value, [], "a topology file");
  if (!root) {
    if (file.value === null || file.value === undefined)
      r.invalid([], "the topology file is empty", "Add `context` and `projects`.");
    return { reader: r };
  }
  const context = r.text(root.context, ["context"], "`context`", true);
  if (root.projects === undefined) r.invalid([], "`projects` is missing", "Add `projects:` with at least one project.");
  const projects = r
    .list(root.projects, ["projects"], "`projects`")
    .flatMap((p, i) => readProject(r, p, ["projects", i]) ?? []);
  const extras = Object.keys(root)
    .filter((key) => !NOT_NAME_PARTS.has(key))
    .flatMap((key) => {
      // Jackson's asText of a mapping or list is "", which would leave an empty part in every topic name.
      const value = r.text(root[key], [key], `top-level \`${key}\` (a topic-name part)`);
      return value === undefined ? [] : [{ key, value, at: r.at([key]) }];
    });
  reportPlatform(r, root.platform);
  r.list(root.special_topics, ["special_topics"], "`special_topics`").forEach((t, i) => {
    const name = typeof t === "object" && t !== null ? String((t as Record<string, unknown>).name ?? i) : String(i);
    r.note(
      "topic",
      name,
      ["special_topics", i],
      "special topics are left out: declare them in a kgov topics file with their full name",
    );
  });
  if (context === undefined || r.diagnostics.length > 0) return { reader: r };
  return { topology: { file, context, extras, projects }, reader: r };
}

function reportPlatform(r: TopologyReader, value: unknown): void {
  for (const component of Object.keys(r.map(value, ["platform"], "`platform`") ?? {})) {
    r.note(
      "service",
      `platform.${component}`,
      ["platform", component],
      "platform components (Schema Registry, Control Center, ksqlDB servers, cluster-level RBAC) are not converted: grant their ACLs as kgov services by hand",
    );
  }
}

function readProject(r: TopologyReader, value: unknown, path: YamlPath): JulieProject | undefined {
  const project = r.map(value, path, "a project");
  if (!project) {
    if (value === null) r.invalid(path, "a project entry is empty", "Give the project a `name`.");
    return undefined;
  }
  const name = r.text(project.name, [...path, "name"], "the project's `name`", true);
  for (const key of Object.keys(project)) {
    if (["name", "topics", "consumers", "producers", "streams", "connectors"].includes(key)) continue;
    const skipped = PROJECT_SECTIONS_SKIPPED[key] ?? {
      kind: "acl",
      reason: "custom JulieOps roles are defined in the roles file (julie.roles), which is not converted",
    };
    r.note(skipped.kind, `${name ?? "project"}.${key}`, [...path, key], skipped.reason);
  }
  const consumers = readConsumers(r, project.consumers, [...path, "consumers"]);
  const producers = readProducers(r, project.producers, [...path, "producers"]);
  const streams = readStreams(r, project.streams, [...path, "streams"]);
  const connectors = readConnectors(r, project.connectors, [...path, "connectors"]);
  const topics = r
    .list(project.topics, [...path, "topics"], "`topics`")
    .flatMap((t, i) => readTopic(r, t, [...path, "topics", i]) ?? []);
  if (name === undefined) return undefined;
  return { name, at: r.at([...path, "name"]), consumers, producers, streams, connectors, topics };
}
