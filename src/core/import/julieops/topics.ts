import { posix } from "node:path";
import type { Diagnostic } from "../../diagnostics/index.js";
import { COMPATIBILITY_LEVELS, SCHEMA_TYPES, type CompatibilityLevel, type SchemaType } from "../../model/desired.js";
import type { EstateSubject, EstateTopic, ImportReportItem } from "../estate.js";
import type { JulieSchemaFile, JulieTopic } from "./model.js";
import { PARTITIONS_CONFIG, REPLICATION_CONFIG } from "./parse-topic.js";

/**
 * JulieOps leaves an unset partition count or replication factor to the broker (`num.partitions`,
 * `default.replication.factor`); kgov needs numbers, so Kafka's own defaults are written and reported.
 */
const BROKER_DEFAULT = { partitions: 1, replicationFactor: 1 } as const;

/** JulieOps registers a schema as Avro unless its `format` says otherwise. */
const DEFAULT_SCHEMA_TYPE: SchemaType = "AVRO";

export function estateTopic(fullName: string, topic: JulieTopic, report: ImportReportItem[]): EstateTopic {
  const { [PARTITIONS_CONFIG]: partitions, [REPLICATION_CONFIG]: replication, ...config } = topic.config;
  const unset = [
    partitions === undefined ? "partitions" : [],
    replication === undefined ? "replication factor" : [],
  ].flat();
  if (unset.length > 0) {
    report.push({
      kind: "topic",
      name: fullName,
      outcome: "changed",
      reason: `${unset.join(" and ")} not set: JulieOps leaves ${unset.length > 1 ? "them" : "it"} to the broker's defaults, kgov needs a number and writes Kafka's default 1; set the broker's value if it differs`,
      source: topic.at,
    });
  }
  return {
    name: fullName,
    partitions: partitions === undefined ? BROKER_DEFAULT.partitions : Number(partitions),
    replicationFactor: replication === undefined ? BROKER_DEFAULT.replicationFactor : Number(replication),
    config,
  };
}

/** Where a schema file lies, relative to the working directory: JulieOps resolves it against the topology's folder. */
export function schemaPath(topologyFile: string, schemaFile: string): string {
  return posix.isAbsolute(schemaFile)
    ? posix.normalize(schemaFile)
    : posix.join(posix.dirname(topologyFile), schemaFile);
}

/** The `<topic>-key` / `<topic>-value` subjects (TopicNameStrategy) of a topic's schema files. */
export function topicSubjects(
  fullName: string,
  topic: JulieTopic,
  topologyFile: string,
  schemaTexts: ReadonlyMap<string, string>,
  diagnostics: Diagnostic[],
  report: ImportReportItem[],
): EstateSubject[] {
  return topic.schemas.flatMap((entry) =>
    (["key", "value"] as const).flatMap((role) => {
      const file = entry[role];
      if (!file) return [];
      const subject = `${fullName}-${role}`;
      const schemaType = schemaTypeOf(file, subject, diagnostics, report);
      const compatibility = compatibilityOf(file, diagnostics);
      const path = schemaPath(topologyFile, file.file);
      const schema = schemaTexts.get(path);
      if (schema === undefined) {
        diagnostics.push(
          invalid(
            `schema file \`${path}\` cannot be read`,
            "Check the path: JulieOps resolves it against the topology file's folder.",
            file.at,
          ),
        );
      }
      if (schema === undefined || schemaType === undefined || compatibility === null) return [];
      return [{ subject, schemaType, schema, references: [], ...(compatibility ? { compatibility } : {}) }];
    }),
  );
}

function schemaTypeOf(
  file: JulieSchemaFile,
  subject: string,
  diagnostics: Diagnostic[],
  report: ImportReportItem[],
): SchemaType | undefined {
  if (file.format === undefined) {
    if (file.file.endsWith(".proto")) {
      report.push({
        kind: "subject",
        name: subject,
        outcome: "info",
        reason:
          "no `format` is set, so JulieOps (and the conversion) registers this .proto file as AVRO: set `format: PROTOBUF` if that is what it is",
        source: file.at,
      });
    }
    return DEFAULT_SCHEMA_TYPE;
  }
  const type = SCHEMA_TYPES.find((t) => t === file.format?.toUpperCase());
  if (!type)
    diagnostics.push(
      invalid(
        `schema format \`${file.format}\` is not AVRO, JSON or PROTOBUF`,
        "Set the format to AVRO, JSON or PROTOBUF.",
        file.formatAt,
      ),
    );
  return type;
}

/** The subject's compatibility level; undefined when unset, null when invalid. */
function compatibilityOf(file: JulieSchemaFile, diagnostics: Diagnostic[]): CompatibilityLevel | undefined | null {
  if (file.compatibility === undefined) return undefined;
  const level = COMPATIBILITY_LEVELS.find((l) => l === file.compatibility?.toUpperCase());
  if (level) return level;
  diagnostics.push(
    invalid(
      `compatibility \`${file.compatibility}\` is not a Schema Registry level`,
      `Use one of ${COMPATIBILITY_LEVELS.join(", ")}.`,
      file.compatibilityAt,
    ),
  );
  return null;
}

function invalid(message: string, fix: string, source: Diagnostic["source"]): Diagnostic {
  return {
    code: "import/invalid-source",
    severity: "error",
    message,
    why: "The subject cannot be converted without it.",
    fix,
    source,
  };
}
