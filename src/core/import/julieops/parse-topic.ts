import type { JulieSchemaFile, JulieTopic } from "./model.js";
import { readConsumers, readProducers } from "./parse-users.js";
import type { TopologyReader, YamlPath } from "./reader.js";

export const PARTITIONS_CONFIG = "num.partitions";
export const REPLICATION_CONFIG = "replication.factor";
const SCHEMA_KEYS = ["schema.file", "format", "record.type", "compatibility"] as const;
const TOPIC_NAME_STRATEGY = "TopicNameStrategy";

export function readTopic(r: TopologyReader, value: unknown, path: YamlPath): JulieTopic | undefined {
  const topic = r.map(value, path, "a topic");
  if (!topic) {
    if (value === null) r.invalid(path, "a topic entry is empty", "Give the topic a `name`.");
    return undefined;
  }
  const name = r.text(topic.name, [...path, "name"], "the topic's `name`", true);
  const dataType = r.text(topic.dataType, [...path, "dataType"], "`dataType`");
  const config = readConfig(r, topic.config, [...path, "config"]);
  const consumers = readConsumers(r, topic.consumers, [...path, "consumers"]);
  const producers = readProducers(r, topic.producers, [...path, "producers"]);
  for (const key of ["partitions", PARTITIONS_CONFIG, REPLICATION_CONFIG, "replicationFactor"]) {
    if (topic[key] !== undefined) {
      r.note(
        "topic",
        name ?? key,
        [...path, key],
        `JulieOps reads \`${key}\` only under \`config\` (as num.partitions / replication.factor) and ignores it here; so does the conversion`,
      );
    }
  }
  if (topic.plan !== undefined) {
    r.note(
      "topic",
      name ?? "plan",
      [...path, "plan"],
      "the plan's configs live in the JulieOps plans file (--plans), which is not converted: add them to the topic's config",
      "changed",
    );
  }
  const strategy =
    r.text(topic["subject.name.strategy"], [...path, "subject.name.strategy"], "`subject.name.strategy`") ??
    TOPIC_NAME_STRATEGY;
  const schemas = readSchemas(r, topic.schemas, [...path, "schemas"], strategy);
  if (name === undefined) return undefined;
  if (!/^[\x00-\x7f]+$/.test(name)) {
    r.invalid(
      [...path, "name"],
      `topic name \`${name}\` has non-ASCII characters`,
      "Use ASCII letters, digits, `.`, `_` and `-`.",
    );
  }
  return {
    name,
    ...(dataType !== undefined ? { dataType } : {}),
    config,
    consumers,
    producers,
    schemas,
    at: r.at([...path, "name"]),
  };
}

function readConfig(r: TopologyReader, value: unknown, path: YamlPath): Record<string, string> {
  const config: Record<string, string> = {};
  for (const [key, v] of Object.entries(r.map(value, path, "`config`") ?? {})) {
    // JulieOps would send the literal text "null" as the config value.
    const text = v === null ? undefined : r.text(v, [...path, key], `config \`${key}\``);
    if (v === null)
      r.invalid([...path, key], `config \`${key}\` has no value`, "Give the config a value or remove it.");
    if (text === undefined) continue;
    const bound = key === PARTITIONS_CONFIG ? 2 ** 31 - 1 : key === REPLICATION_CONFIG ? 2 ** 15 - 1 : undefined;
    if (bound !== undefined && !(/^\d+$/.test(text) && Number(text) >= 1 && Number(text) <= bound)) {
      r.invalid(
        [...path, key],
        `\`${key}\` is \`${text}\`, not a positive whole number`,
        `Set \`${key}\` to a number such as 3.`,
      );
      continue;
    }
    config[key] = text;
  }
  return config;
}

type TopicSchemas = JulieTopic["schemas"][number];

function readSchemas(r: TopologyReader, value: unknown, path: YamlPath, strategy: string): TopicSchemas[] {
  // JulieOps accepts one schemas mapping or a list of them.
  const single = value !== null && typeof value === "object" && !Array.isArray(value);
  const list = single ? [value] : r.list(value, path, "`schemas`");
  const schemas = list.flatMap((item, i) => {
    const at = single ? path : [...path, i];
    const entry = r.map(item, at, "a `schemas` entry");
    return entry ? [readSchemaEntry(r, entry, at)] : [];
  });
  if (schemas.length === 0) return [];
  if (strategy !== TOPIC_NAME_STRATEGY) {
    r.note(
      "subject",
      strategy,
      [...path.slice(0, -1), "subject.name.strategy"],
      `subjects named by ${strategy} depend on the record types inside the schema files; register them with their record-type subjects by hand`,
    );
    return [];
  }
  if (schemas.length > 1) {
    r.invalid(
      path,
      "several `schemas` entries under TopicNameStrategy",
      "Keep one entry, or choose another subject.name.strategy.",
      "Under TopicNameStrategy every entry would register the same subjects; JulieOps rejects it.",
    );
  }
  return schemas;
}

function readSchemaEntry(r: TopologyReader, entry: Record<string, unknown>, path: YamlPath): TopicSchemas {
  for (const key of Object.keys(entry)) {
    const [role, ...rest] = key.split(".");
    if ((role === "key" || role === "value") && (SCHEMA_KEYS as readonly string[]).includes(rest.join("."))) continue;
    r.invalid(
      [...path, key],
      `\`${key}\` is not a JulieOps schema property`,
      "Use key/value .schema.file, .format, .compatibility or .record.type.",
    );
  }
  if (entry["value.schema.file"] === undefined) {
    r.invalid(
      path,
      "`schemas` has no `value.schema.file`",
      "Add `value.schema.file`.",
      "JulieOps requires a value schema in every schemas entry.",
    );
  }
  const side = (role: "key" | "value"): JulieSchemaFile | undefined => {
    const file = r.text(entry[`${role}.schema.file`], [...path, `${role}.schema.file`], `\`${role}.schema.file\``);
    if (file === undefined) return undefined;
    const format = r.text(entry[`${role}.format`], [...path, `${role}.format`], `\`${role}.format\``);
    const compatibility = r.text(
      entry[`${role}.compatibility`],
      [...path, `${role}.compatibility`],
      `\`${role}.compatibility\``,
    );
    return {
      file,
      ...(format !== undefined ? { format } : {}),
      ...(compatibility !== undefined ? { compatibility } : {}),
      at: r.at([...path, `${role}.schema.file`]),
      formatAt: r.at([...path, `${role}.format`]),
      compatibilityAt: r.at([...path, `${role}.compatibility`]),
    };
  };
  const key = side("key");
  const value = side("value");
  return { ...(key ? { key } : {}), ...(value ? { value } : {}) };
}
