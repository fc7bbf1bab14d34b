import type { SourceRange } from "../../diagnostics/index.js";
import type { Located } from "./reader.js";

/**
 * A kafka-gitops desired state as the converter reads it, after `settings.files` are merged: only what decides
 * topics and ACL bindings, each item with its place. Absent optional values stay absent so kafka-gitops's defaults
 * are applied in one place (acls.ts, topics.ts).
 */
export interface GitopsState {
  readonly settings: GitopsSettings;
  readonly topics: ReadonlyMap<string, GitopsTopic>;
  readonly services: ReadonlyMap<string, GitopsService>;
  readonly users: ReadonlyMap<string, GitopsUser>;
  readonly customServiceAcls: readonly GitopsCustomAcls[];
  readonly customUserAcls: readonly GitopsCustomAcls[];
}

export interface GitopsSettings {
  /** `settings.ccloud.enabled`: principals are Confluent Cloud service-account ids looked up at plan time. */
  readonly ccloud: boolean;
  readonly defaultReplication?: Located<number>;
  /** `settings.topics.blacklist.prefixed`. */
  readonly blacklist: readonly Located[];
  /** `settings.services.acls.describeTopicEnabled`. */
  readonly describeTopic: boolean;
  /** Where the main file's settings are, for report items about them. */
  readonly at?: SourceRange;
}

export interface GitopsTopic {
  readonly name: string;
  readonly partitions: number;
  readonly replication?: number;
  readonly config: Readonly<Record<string, string>>;
  readonly at: SourceRange;
}

export type GitopsServiceType = "application" | "kafka-streams" | "kafka-connect";

export interface GitopsService {
  readonly name: string;
  readonly type: GitopsServiceType;
  readonly principal?: Located;
  /** `group-id` (application, kafka-connect). */
  readonly groupId?: Located;
  /** `application-id` (kafka-streams). */
  readonly applicationId?: Located;
  /** `storage-topics` (kafka-connect). */
  readonly storageTopics: { readonly config?: Located; readonly offset?: Located; readonly status?: Located };
  readonly produces: readonly Located[];
  readonly consumes: readonly Located[];
  readonly connectors: readonly GitopsConnector[];
  readonly at: SourceRange;
}

export interface GitopsConnector {
  readonly name: string;
  readonly produces: readonly Located[];
  readonly consumes: readonly Located[];
  readonly at: SourceRange;
}

export interface GitopsUser {
  readonly name: string;
  readonly principal?: Located;
  readonly roles: readonly Located<GitopsRole>[];
  readonly at: SourceRange;
}

export type GitopsRole = "reader" | "writer" | "operator";

/** The custom ACLs of one service or user (`customServiceAcls.<name>` / `customUserAcls.<name>`). */
export interface GitopsCustomAcls {
  readonly owner: string;
  readonly acls: readonly GitopsCustomAcl[];
  readonly at: SourceRange;
}

/** One custom ACL, its enum values as written (upper case, validated). */
export interface GitopsCustomAcl {
  readonly key: string;
  readonly name: string;
  readonly type: string;
  readonly pattern: string;
  readonly principal?: string;
  readonly host: string;
  readonly operation: string;
  readonly permission: string;
  readonly at: SourceRange;
}
