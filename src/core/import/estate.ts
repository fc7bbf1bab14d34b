import type { Diagnostic, SourceRange } from "../diagnostics/index.js";
import type { AclBinding } from "../model/acl.js";
import type { CompatibilityLevel, SchemaType } from "../model/desired.js";

/**
 * What an import found, before it is written as kgov files: the live cluster and registry (`kgov import`), or
 * another tool's desired state (`kgov import --from kafka-gitops | julieops`). Every source produces this value; one
 * writer (render.ts) turns it into files, and one folding step (services.ts) turns bindings into services.
 */
export interface Estate {
  /** Topics with every value the plan compares written out (partitions, replication factor, the configs to set). */
  readonly topics: readonly EstateTopic[];
  /** Every ACL binding kgov must end up granting, exactly; folded into services where that loses nothing. */
  readonly bindings: readonly EstateBinding[];
  /** Names for the services a principal's bindings fold into (e.g. the other tool's service name). */
  readonly serviceNames: ReadonlyMap<string, string>;
  /**
   * Services that are known to be Streams applications or Connect workers (from the other tool's files); a live
   * import infers these from the bindings alone.
   */
  readonly applications?: ReadonlyMap<string, EstateApplication>;
  readonly subjects: readonly EstateSubject[];
  /** What kgov owns after the import: becomes settings.scope. */
  readonly scope: EstateScope;
  /** Topic defaults to write in settings.defaults.topic (topics then only state what differs). */
  readonly topicDefaults?: { readonly partitions?: number; readonly replicationFactor?: number };
  /** Everything left out or changed in meaning, one entry per item, located in the input when it has a place. */
  readonly report: readonly ImportReportItem[];
}

export interface EstateTopic {
  readonly name: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  /** Configs to set on the topic, as strings (Kafka's wire form). */
  readonly config: Readonly<Record<string, string>>;
}

export interface EstateBinding {
  readonly binding: AclBinding;
  /** Where the other tool's file asked for it (a converter); absent for live bindings. */
  readonly source?: SourceRange;
}

/** A principal the other tool declares as a Streams application or Connect worker. */
export type EstateApplication =
  | { readonly kind: "streams"; readonly applicationId: string; readonly exactlyOnce: boolean }
  | {
      readonly kind: "connect";
      readonly groupId: string;
      readonly configStorageTopic: string;
      readonly offsetStorageTopic: string;
      readonly statusStorageTopic: string;
    };

export interface EstateReference {
  /** The name the referring schema uses (Avro full name, Protobuf import path, JSON Schema `$ref`). */
  readonly name: string;
  readonly subject: string;
  readonly version: number;
}

export interface EstateSubject {
  readonly subject: string;
  readonly schemaType: SchemaType;
  /** The schema text as the registry (or the other tool's file) holds it. */
  readonly schema: string;
  readonly references: readonly EstateReference[];
  /** The subject's own level; absent when it has none (it follows the global level). */
  readonly compatibility?: CompatibilityLevel;
  /** The version this text is (the latest one, for a live import). */
  readonly version?: number;
}

export interface EstateScope {
  readonly topicPrefixes?: readonly string[];
  readonly principals?: readonly string[];
  readonly subjectPrefixes?: readonly string[];
}

/**
 * One item an import could not carry over as it is. `skipped`: left out (an internal topic, a schema type kgov
 * cannot read); `changed`: carried over with a different meaning the user must review (a deletion rule kgov cannot
 * express); `info`: carried over, but worth knowing.
 */
export interface ImportReportItem {
  readonly kind: "topic" | "acl" | "service" | "subject" | "setting" | "user" | "file";
  readonly name: string;
  readonly outcome: "skipped" | "changed" | "info";
  readonly reason: string;
  readonly source?: SourceRange;
}

/** A converter's result: the estate, or located diagnostics (and then nothing is written). */
export interface ConversionResult {
  readonly estate?: Estate;
  readonly diagnostics: readonly Diagnostic[];
}
