import type { SourceRange } from "../diagnostics/index.js";
import type { AclOperation, AclPatternType, AclPermission, AclResourceType } from "./acl.js";
import type { SubjectNameStrategy } from "./subjects.js";

/**
 * The desired state after loading: all files merged, defaults and the selected environment's overrides applied,
 * `${env:NAME}` references resolved. Every element keeps where it was declared so rules can point at it.
 */
export type SchemaType = (typeof SCHEMA_TYPES)[number];
/** Schema Registry's compatibility levels. */
export const COMPATIBILITY_LEVELS = [
  "NONE",
  "BACKWARD",
  "BACKWARD_TRANSITIVE",
  "FORWARD",
  "FORWARD_TRANSITIVE",
  "FULL",
  "FULL_TRANSITIVE",
] as const;
export type CompatibilityLevel = (typeof COMPATIBILITY_LEVELS)[number];

export const SCHEMA_TYPES = ["AVRO", "JSON", "PROTOBUF"] as const;

/** A schema file declared in the YAML (a topic's binding or a standalone entry), its fields as written. */
export interface SchemaFileDeclaration {
  /** Path of the schema file as written, relative to the declaring YAML file. */
  readonly file: string;
  /** Path relative to the working directory, ready for the file adapter. */
  readonly resolvedFile: string;
  readonly type?: SchemaType;
  /** For `.avdl`: the type to register, by full or short name (default: the last type declared). */
  readonly name?: string;
  /** Absent: `settings.schemas.compatibility`, and without that kgov leaves the subject's level alone. */
  readonly compatibility?: CompatibilityLevel;
  /** The `file` field. */
  readonly source: SourceRange;
}

/** A topic's key or value schema. The subject is named when subjects are resolved (src/core/subjects/). */
export interface SchemaBinding extends SchemaFileDeclaration {
  readonly role: "key" | "value";
  /** The subject written on the binding; it wins over every strategy. */
  readonly subject?: string;
  /** The strategy written on the binding; absent: `settings.schemas.subjectNameStrategy`, else `topic`. */
  readonly subjectNameStrategy?: SubjectNameStrategy;
}

/** A `schemas:` entry: a subject of its own, usually a shared type other schemas reference. */
export interface StandaloneSchema extends SchemaFileDeclaration {
  readonly subject: string;
}

export interface DesiredTopic {
  readonly name: string;
  /** Undefined only when neither the topic nor settings.defaults sets it (a diagnostic says so). */
  readonly partitions?: number;
  readonly replicationFactor?: number;
  /** Values as written (normalised to strings by the config rules). */
  readonly config: Readonly<Record<string, string | number | boolean>>;
  readonly schemas: readonly SchemaBinding[];
  readonly source: SourceRange;
  /** Where each setting's value came from (the topic, settings.defaults or an override), keyed like `config.retention.ms`. */
  readonly sources: Readonly<Record<string, SourceRange>>;
  /**
   * Settings whose value comes from the selected environment's overrides (`partitions`, `replicationFactor`,
   * `config.<key>`). Size policies do not apply to them: an override is an explicit per-environment decision.
   */
  readonly fromEnvironment: readonly string[];
  /** Where each config key was written, for findings about the key itself. */
  readonly configKeySources: Readonly<Record<string, SourceRange>>;
}

export interface DesiredService {
  readonly name: string;
  readonly principal: string;
  readonly produces: readonly Reference[];
  readonly consumes: readonly Reference[];
  readonly groups: readonly Reference[];
  readonly transactionalIds: readonly Reference[];
  /** A Kafka Streams application (`streams:`): its group and `<applicationId>-` internal topics. */
  readonly streams?: StreamsApplication;
  /** A Kafka Connect worker (`connect:`): its group, storage topics and the `connect-` connector groups. */
  readonly connect?: ConnectWorker;
  readonly source: SourceRange;
}

/**
 * A name a service refers to: a topic, group or transactional id. `prefixed` (written `{prefix: …}`) stands for
 * every name that starts with `name`, and becomes a PREFIXED ACL binding.
 */
export interface Reference {
  readonly name: string;
  readonly pattern: AclPatternType;
  readonly source: SourceRange;
}

export interface StreamsApplication {
  readonly applicationId: string;
  /** processing.guarantee=exactly_once_v2: the app also writes transactions under `<applicationId>-`. */
  readonly exactlyOnce: boolean;
  readonly source: SourceRange;
}

export interface ConnectWorker {
  readonly groupId: string;
  readonly configStorageTopic: Reference;
  readonly offsetStorageTopic: Reference;
  readonly statusStorageTopic: Reference;
  readonly source: SourceRange;
}

export type { AclOperation, AclResourceType } from "./acl.js";

export interface DesiredAcl {
  readonly principal: string;
  readonly resourceType: AclResourceType;
  readonly resourceName: string;
  readonly patternType: AclPatternType;
  readonly operations: readonly AclOperation[];
  readonly permission: AclPermission;
  readonly host: string;
  /**
   * Where the entry and each of its operations were written. Loaded files compute these on first use: locating
   * every one of 50,000 entries costs more than reading them, and only findings and planned actions need one.
   */
  readonly source: SourceRange;
  operationSource(index: number): SourceRange;
}

export interface Bounds {
  readonly min?: number;
  readonly max?: number;
}

export interface Settings {
  readonly scope: {
    readonly topicPrefixes?: readonly string[];
    readonly principals?: readonly string[];
    readonly subjectPrefixes?: readonly string[];
  };
  readonly policies: {
    readonly topicName?: { readonly pattern: string; readonly source: SourceRange };
    readonly replicationFactor?: Bounds & { readonly source: SourceRange };
    readonly partitions?: Bounds & { readonly source: SourceRange };
    readonly singleWriter?: boolean;
  };
  /** Defaults for every schema binding and standalone entry (`settings.schemas`). */
  readonly schemas?: {
    readonly subjectNameStrategy?: SubjectNameStrategy;
    readonly compatibility?: CompatibilityLevel;
  };
}

export interface EnvironmentConnection {
  readonly kafka?: {
    readonly bootstrapServers?: string;
    readonly securityProtocol?: string;
    readonly sasl?: { readonly mechanism?: string; readonly username?: string; readonly password?: string };
    readonly tls?: {
      readonly caFile?: string;
      readonly certFile?: string;
      readonly keyFile?: string;
      readonly keyPassword?: string;
    };
    readonly commandConfig?: string;
  };
  readonly registry?: {
    readonly url?: string;
    readonly username?: string;
    readonly password?: string;
    readonly token?: string;
    readonly timeoutMs?: number;
    readonly tls?: {
      readonly caFile?: string;
      readonly certFile?: string;
      readonly keyFile?: string;
      readonly keyPassword?: string;
    };
  };
}

export interface DesiredEnvironment extends EnvironmentConnection {
  readonly name: string;
  readonly source: SourceRange;
}

export interface DesiredState {
  readonly topics: ReadonlyMap<string, DesiredTopic>;
  readonly services: ReadonlyMap<string, DesiredService>;
  readonly acls: readonly DesiredAcl[];
  /** The top-level `schemas:` entries by subject; absent when the files declare none. */
  readonly schemas?: ReadonlyMap<string, StandaloneSchema>;
  readonly settings: Settings;
  readonly environments: ReadonlyMap<string, DesiredEnvironment>;
  /** The environment whose overrides were applied, if any. */
  readonly environment?: DesiredEnvironment;
}
