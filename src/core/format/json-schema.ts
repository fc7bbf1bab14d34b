import { COMPATIBILITY_LEVELS, SCHEMA_TYPES } from "../model/desired.js";
import { SUBJECT_NAME_STRATEGIES } from "../model/subjects.js";

/**
 * The JSON Schema (2020-12) of kgov's desired-state files. It is the single source of truth:
 * `schemas/kgov.schema.json` is generated from it (`npm run schema`) and a unit test keeps the two identical.
 * Semantic rules the schema cannot express (duplicates across files, references, min.insync.replicas vs RF,
 * topic config values) live in src/core/validate/.
 */
/** The characters Kafka allows in a topic name; also those of topic prefixes and Streams application ids. */
const TOPIC_NAME_PATTERN = "^[a-zA-Z0-9._-]+$";
const topicName = { type: "string", minLength: 1, maxLength: 249, pattern: TOPIC_NAME_PATTERN } as const;
const principal = {
  type: "string",
  pattern: "^[A-Za-z][A-Za-z0-9_-]*:.+$",
  description: "A Kafka principal, `Type:name`, e.g. `User:svc-order`.",
} as const;
const configValue = { type: ["string", "number", "boolean"] } as const;
const compatibilityLevel = { enum: [...COMPATIBILITY_LEVELS] };

const topicConfig = {
  type: "object",
  description: "Topic-level Kafka configs (e.g. retention.ms, cleanup.policy, min.insync.replicas).",
  propertyNames: { pattern: "^[a-z0-9]+([._-][a-z0-9]+)*$" },
  additionalProperties: configValue,
} as const;

const topicSettings = {
  partitions: { type: "integer", minimum: 1, description: "Number of partitions." },
  replicationFactor: { type: "integer", minimum: 1, description: "Number of replicas of each partition." },
  config: { $ref: "#/$defs/topicConfig" },
} as const;

const subjectNameStrategy = {
  enum: [...SUBJECT_NAME_STRATEGIES],
  description:
    "How the subject is named: `topic` (`<topic>-key` / `<topic>-value`), `record` (the schema's record name) or `topic-record` (`<topic>-<record name>`).",
} as const;

/** The fields a topic's binding and a standalone `schemas:` entry share. */
const schemaFileFields = {
  file: { type: "string", minLength: 1, description: "Path of the schema file, relative to this YAML file." },
  type: { enum: [...SCHEMA_TYPES], description: "Schema type; inferred from the extension when omitted." },
  name: {
    type: "string",
    minLength: 1,
    description: "For `.avdl` files: the type to register, by full or short name; default: the last type declared.",
  },
  compatibility: {
    ...compatibilityLevel,
    description: "Subject compatibility level in the registry; default `settings.schemas.compatibility`.",
  },
} as const;

const schemaBinding = {
  type: "object",
  additionalProperties: false,
  required: ["file"],
  properties: {
    ...schemaFileFields,
    subject: {
      type: "string",
      minLength: 1,
      description: "Registry subject; wins over the strategy, and cannot be combined with `subjectNameStrategy`.",
    },
    subjectNameStrategy,
  },
} as const;

const standaloneSchema = {
  type: "object",
  additionalProperties: false,
  required: ["file"],
  description: "A subject of its own, typically a shared type that other schemas reference.",
  properties: schemaFileFields,
} as const;

/**
 * A reference item is a plain string (a literal name) or `{prefix: …}` (every name starting with it, a PREFIXED ACL).
 * One schema with a union type rather than `oneOf`: a wrong item then gets one precise error (an unknown field, a
 * missing `prefix`) instead of one per alternative.
 */
function reference(
  literal: { readonly minLength: number; readonly maxLength?: number; readonly pattern?: string },
  description: string,
) {
  return {
    type: ["string", "object"],
    ...literal,
    additionalProperties: false,
    required: ["prefix"],
    properties: {
      prefix: { type: "string", ...literal, description: "Matches every name that starts with this prefix." },
    },
    description,
  } as const;
}
const topicReference = reference(
  { minLength: 1, maxLength: 249, pattern: TOPIC_NAME_PATTERN },
  "A topic name declared under `topics`, or `{prefix: …}` for every topic whose name starts with the prefix.",
);
const groupReference = reference(
  { minLength: 1 },
  "A consumer group id, or `{prefix: …}` for every group whose id starts with the prefix.",
);
const transactionalIdReference = reference(
  { minLength: 1 },
  "A transactional id, or `{prefix: …}` for every transactional id that starts with the prefix.",
);
const referenceList = (ref: string, description: string) =>
  ({ type: "array", items: { $ref: `#/$defs/${ref}` }, uniqueItems: true, description }) as const;

const streamsApplication = {
  type: "object",
  additionalProperties: false,
  required: ["applicationId"],
  description:
    "The service is a Kafka Streams application: it gets its consumer group and its `<applicationId>-` internal topics.",
  properties: {
    applicationId: {
      type: "string",
      minLength: 1,
      pattern: TOPIC_NAME_PATTERN,
      description:
        "The app's `application.id`: its consumer group id and the prefix of its internal (changelog, repartition) topics.",
    },
    exactlyOnce: {
      type: "boolean",
      default: false,
      description:
        "`processing.guarantee=exactly_once_v2`: the app also writes transactions under `<applicationId>-` ids.",
    },
  },
} as const;

const connectWorker = {
  type: "object",
  additionalProperties: false,
  required: ["groupId", "configStorageTopic", "offsetStorageTopic", "statusStorageTopic"],
  description:
    "The service is a Kafka Connect worker: it gets its group, its storage topics and the `connect-` connector groups.",
  properties: {
    groupId: { type: "string", minLength: 1, description: "The worker's `group.id` (one per Connect cluster)." },
    configStorageTopic: {
      ...topicName,
      description:
        "`config.storage.topic`: connector configs. Connect's own topic: the worker creates it, kgov only grants.",
    },
    offsetStorageTopic: {
      ...topicName,
      description: "`offset.storage.topic`: source connector offsets (created by the worker, like the others).",
    },
    statusStorageTopic: {
      ...topicName,
      description: "`status.storage.topic`: connector and task status (created by the worker, like the others).",
    },
  },
} as const;

/** Typed loosely on purpose: a literal type this large makes ajv's type inference (and tsc) crawl. */
export const DESIRED_STATE_JSON_SCHEMA: Readonly<Record<string, unknown>> = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://kgov.dev/schemas/kgov.schema.json",
  title: "kgov desired state",
  description: "Kafka topics, ACLs, services and schemas managed by kgov. Files may be split; all are merged.",
  type: "object",
  additionalProperties: false,
  required: ["version"],
  properties: {
    $schema: { type: "string" },
    version: { const: 1, description: "Format version of this file." },
    settings: {
      type: "object",
      additionalProperties: false,
      properties: {
        scope: {
          type: "object",
          additionalProperties: false,
          description: "What kgov owns. Nothing outside the scope is ever changed or deleted.",
          properties: {
            topicPrefixes: { type: "array", items: { type: "string", minLength: 1 }, uniqueItems: true },
            principals: {
              type: "array",
              items: { type: "string", minLength: 1 },
              uniqueItems: true,
              description: "Principal prefixes whose ACLs kgov owns, e.g. `User:svc-`.",
            },
            subjectPrefixes: { type: "array", items: { type: "string", minLength: 1 }, uniqueItems: true },
          },
        },
        defaults: {
          type: "object",
          additionalProperties: false,
          properties: {
            topic: { type: "object", additionalProperties: false, properties: topicSettings },
          },
        },
        policies: {
          type: "object",
          additionalProperties: false,
          properties: {
            topicName: { type: "string", minLength: 1, description: "Regular expression every topic name must match." },
            replicationFactor: { $ref: "#/$defs/bounds" },
            partitions: { $ref: "#/$defs/bounds" },
            singleWriter: { type: "boolean", description: "At most one service may produce to a topic." },
          },
        },
        schemas: {
          type: "object",
          additionalProperties: false,
          description: "Defaults for every schema binding and standalone schema.",
          properties: {
            subjectNameStrategy: { ...subjectNameStrategy, default: "topic" },
            compatibility: {
              ...compatibilityLevel,
              description: "The level kgov sets on every subject; absent everywhere: kgov leaves levels alone.",
            },
          },
        },
      },
    },
    environments: {
      type: "object",
      propertyNames: { pattern: "^[a-zA-Z0-9_-]+$" },
      additionalProperties: { $ref: "#/$defs/environment" },
    },
    topics: {
      type: "object",
      propertyNames: topicName,
      additionalProperties: { $ref: "#/$defs/topic" },
    },
    services: {
      type: "object",
      propertyNames: { pattern: "^[a-zA-Z0-9._-]+$" },
      additionalProperties: { $ref: "#/$defs/service" },
    },
    acls: { type: "array", items: { $ref: "#/$defs/acl" } },
    schemas: {
      type: "object",
      description: "Standalone subjects by subject name, e.g. shared types other schemas reference.",
      propertyNames: { type: "string", minLength: 1 },
      additionalProperties: { $ref: "#/$defs/standaloneSchema" },
    },
  },
  $defs: {
    bounds: {
      type: "object",
      additionalProperties: false,
      properties: { min: { type: "integer", minimum: 1 }, max: { type: "integer", minimum: 1 } },
    },
    topicConfig,
    topic: {
      type: "object",
      additionalProperties: false,
      properties: {
        ...topicSettings,
        description: { type: "string" },
        schemas: {
          type: "object",
          additionalProperties: false,
          properties: { key: { $ref: "#/$defs/schemaBinding" }, value: { $ref: "#/$defs/schemaBinding" } },
        },
      },
    },
    schemaBinding,
    standaloneSchema,
    service: {
      type: "object",
      additionalProperties: false,
      required: ["principal"],
      description: "An application with one principal; kgov generates its ACLs from what it produces and consumes.",
      properties: {
        principal,
        description: { type: "string" },
        produces: referenceList("topicReference", "Topics it writes to: WRITE and DESCRIBE on each."),
        consumes: referenceList("topicReference", "Topics it reads from: READ and DESCRIBE on each."),
        groups: referenceList("groupReference", "Consumer groups it uses: READ on each."),
        transactionalIds: referenceList(
          "transactionalIdReference",
          "Transactional ids of its transactional producers: WRITE and DESCRIBE on each.",
        ),
        streams: { $ref: "#/$defs/streamsApplication" },
        connect: { $ref: "#/$defs/connectWorker" },
      },
    },
    topicReference,
    groupReference,
    transactionalIdReference,
    streamsApplication,
    connectWorker,
    acl: {
      type: "object",
      additionalProperties: false,
      required: ["principal", "resource", "operations"],
      properties: {
        principal,
        resource: {
          type: "object",
          additionalProperties: false,
          required: ["type"],
          properties: {
            type: { enum: ["topic", "group", "cluster", "transactional-id", "delegation-token", "user"] },
            name: { type: "string", minLength: 1 },
            pattern: { enum: ["literal", "prefixed"], default: "literal" },
          },
        },
        operations: {
          type: "array",
          minItems: 1,
          uniqueItems: true,
          items: {
            enum: [
              "all",
              "read",
              "write",
              "create",
              "delete",
              "alter",
              "describe",
              "cluster-action",
              "describe-configs",
              "alter-configs",
              "idempotent-write",
              "create-tokens",
              "describe-tokens",
            ],
          },
        },
        permission: { enum: ["allow", "deny"], default: "allow" },
        host: { type: "string", minLength: 1, default: "*" },
      },
    },
    environment: {
      type: "object",
      additionalProperties: false,
      properties: {
        kafka: {
          type: "object",
          additionalProperties: false,
          properties: {
            bootstrapServers: { type: "string", minLength: 1, description: "Comma-separated host:port list." },
            securityProtocol: { enum: ["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] },
            sasl: {
              type: "object",
              additionalProperties: false,
              properties: {
                mechanism: { enum: ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] },
                username: { type: "string" },
                password: { type: "string", description: "Use `${env:NAME}`; never commit a secret." },
              },
            },
            tls: {
              type: "object",
              additionalProperties: false,
              properties: {
                caFile: { type: "string" },
                certFile: { type: "string" },
                keyFile: { type: "string" },
                keyPassword: { type: "string" },
              },
            },
            commandConfig: { type: "string", description: "Java client properties file (as for --command-config)." },
          },
        },
        registry: {
          type: "object",
          additionalProperties: false,
          description: "Schema Registry connection (Confluent's REST API); --registry-url and KGOV_REGISTRY_* win.",
          properties: {
            url: { type: "string", minLength: 1, description: "Base URL, e.g. https://sr.example.com:8081." },
            username: { type: "string", description: "Basic auth user (with password)." },
            password: { type: "string", description: "Basic auth password; use ${env:NAME}." },
            token: { type: "string", description: "Bearer token (instead of username/password); use ${env:NAME}." },
            timeoutMs: { type: "integer", minimum: 1, description: "Per-request timeout (default 10000)." },
            tls: {
              type: "object",
              additionalProperties: false,
              description: "PEM files, relative to this YAML file: a CA to trust, and a client certificate for mTLS.",
              properties: {
                caFile: { type: "string" },
                certFile: { type: "string" },
                keyFile: { type: "string" },
                keyPassword: { type: "string" },
              },
            },
          },
        },
        overrides: {
          type: "object",
          additionalProperties: false,
          properties: {
            topics: {
              type: "object",
              description:
                "Per-topic overrides for this environment; `*` applies to every topic, `prefix*` to a prefix.",
              additionalProperties: { type: "object", additionalProperties: false, properties: topicSettings },
            },
          },
        },
      },
    },
  },
};
