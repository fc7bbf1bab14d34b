import type { Diagnostic, SourceRange } from "../diagnostics/index.js";
import type { AclBinding } from "../model/acl.js";
import type { CompatibilityLevel, SchemaType } from "../model/desired.js";
import type { ConfigSource } from "../model/observed.js";
import type { RegistryVerdict } from "../model/registry.js";
import type { BindingOrigin } from "./acl-bindings.js";

/**
 * The plan as a value: what `kgov plan` shows, what `kgov plan --output json` prints and what `kgov apply` executes.
 * Everything here is plain JSON (no Maps, classes or `undefined` values; optional keys are absent, never undefined),
 * so `JSON.parse(JSON.stringify(plan))` deep-equals the plan. Keys are built in a fixed order so the JSON is stable.
 *
 * Bump PLAN_FORMAT_VERSION when a field changes meaning or disappears; adding a field is not a breaking change.
 */
export const PLAN_FORMAT_VERSION = 2;

/**
 * `broadens-access` / `narrows-access`: every ACL action carries exactly one of them (a new ALLOW or a removed DENY
 * broadens; a removed ALLOW or a new DENY narrows and may break running clients).
 */
export type RiskKind =
  | "data-loss"
  | "availability"
  | "ordering"
  | "destructive"
  | "broadens-access"
  | "narrows-access"
  /** A subject's compatibility level becomes weaker: the registry will accept changes it refuses today. */
  | "weakens-compatibility";

export interface Risk {
  readonly kind: RiskKind;
  /** One line, lower-case start, no trailing period: why this change carries the risk. */
  readonly reason: string;
  /** The config key (or `partitions` / `replication.factor`) the risk is about, when it is about one. */
  readonly key?: string;
}

/** A config key the plan sets on the topic (IncrementalAlterConfigs SET). */
export interface ConfigSet {
  readonly key: string;
  /**
   * The topic's current effective value; `null` when the broker hides it (sensitive), absent when the broker does not
   * report the key at all.
   */
  readonly from?: string | null;
  /** Where the current value comes from; present exactly when `from` is. `topic` means an override is being changed. */
  readonly fromSource?: ConfigSource;
  /** The value to set, normalised (normaliseConfigValue). */
  readonly to: string;
  /** Renderers print "(sensitive)" instead of either value. */
  readonly sensitive: boolean;
}

/** An override the plan removes from the topic (IncrementalAlterConfigs DELETE): the key reverts to its inherited value. */
export interface ConfigDelete {
  readonly key: string;
  /** The override's current value; `null` when the broker hides it (sensitive). */
  readonly from: string | null;
  readonly sensitive: boolean;
}

export interface PartitionAssignment {
  readonly partition: number;
  /** Broker ids; the first is the preferred leader. */
  readonly replicas: readonly number[];
}

export interface ReplicaMove {
  readonly partition: number;
  readonly from: readonly number[];
  readonly to: readonly number[];
}

export interface TopicCreate {
  readonly type: "topic.create";
  readonly topic: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  /** Every config key the desired state sets, normalised, sorted by key; all become topic overrides. */
  readonly config: Readonly<Record<string, string>>;
  readonly risks: readonly Risk[];
  readonly source?: SourceRange;
}

export interface TopicAlterConfig {
  readonly type: "topic.alter-config";
  readonly topic: string;
  /** Sorted by key. */
  readonly set: readonly ConfigSet[];
  /** Sorted by key. */
  readonly delete: readonly ConfigDelete[];
  /** Config keys of the desired state that already have their value (shown as "N unchanged config keys hidden"). */
  readonly unchangedCount: number;
  readonly risks: readonly Risk[];
  readonly source?: SourceRange;
}

export interface TopicAddPartitions {
  readonly type: "topic.add-partitions";
  readonly topic: string;
  readonly from: number;
  readonly to: number;
  /**
   * Placement of the new partitions, or `null` to let the broker choose (CreatePartitions without assignments).
   * Given only when the same plan changes the replication factor, so that new partitions get the new one.
   */
  readonly assignments: readonly PartitionAssignment[] | null;
  readonly risks: readonly Risk[];
  readonly source?: SourceRange;
}

export interface TopicChangeReplication {
  readonly type: "topic.change-replication";
  readonly topic: string;
  /** The smallest replica count among the topic's current partitions. */
  readonly from: number;
  readonly to: number;
  /** One entry per existing partition whose replicas change (AlterPartitionReassignments), by partition id. */
  readonly moves: readonly ReplicaMove[];
  readonly risks: readonly Risk[];
  readonly source?: SourceRange;
}

export interface TopicDelete {
  readonly type: "topic.delete";
  readonly topic: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  /** false: deletion was not allowed (no --allow-delete); shown as "would delete" and never executed. */
  readonly allowed: boolean;
  readonly risks: readonly Risk[];
  /** Consumer groups that use the topic (looked up only for plans that delete or narrow). */
  readonly usage?: readonly GroupUse[];
}

/** A consumer group found using a resource a plan narrows or deletes. */
export interface GroupUse {
  readonly group: string;
  readonly state: string;
  readonly members: number;
  /** Topics (matching the action's resource) the group has committed offsets on; empty for a group resource. */
  readonly committedTopics: readonly string[];
}

export type AccessChange = "broadens" | "narrows";

/** A binding to create (CreateAcls). */
export interface AclCreate {
  readonly type: "acl.create";
  readonly binding: AclBinding;
  readonly access: AccessChange;
  /** The services and raw entries that ask for it (at least one). */
  readonly origins: readonly BindingOrigin[];
  readonly risks: readonly Risk[];
  readonly usage?: readonly GroupUse[];
}

/** A binding of an owned principal that is not desired (DeleteAcls with an exact filter). */
export interface AclDelete {
  readonly type: "acl.delete";
  readonly binding: AclBinding;
  readonly access: AccessChange;
  /** false: deletion was not allowed (no --allow-delete); shown as "would delete" and never executed. */
  readonly allowed: boolean;
  readonly risks: readonly Risk[];
  readonly usage?: readonly GroupUse[];
}

/** A subject's compatibility level to set (PUT /config/{subject}); runs before any registration. */
export interface SubjectSetCompatibility {
  readonly type: "subject.set-compatibility";
  readonly subject: string;
  /** The subject's effective level now (its own, else the global one); absent when the registry did not say. */
  readonly from?: CompatibilityLevel;
  readonly to: CompatibilityLevel;
  readonly risks: readonly Risk[];
  readonly source?: SourceRange;
}

/** A reference of a schema to register; `version` null: the version this plan registers in that subject. */
export interface PlannedReference {
  readonly name: string;
  readonly subject: string;
  readonly version: number | null;
}

/** One finding of kgov's own compatibility engine, located in the schema file when it can be. */
export interface EngineFinding {
  readonly rule: string;
  readonly message: string;
  /** The stored version compared with. */
  readonly againstVersion: number;
  readonly direction: "BACKWARD" | "FORWARD";
  readonly path?: string;
  readonly source?: SourceRange;
}

export interface SubjectCompatibility {
  /** The level the new version is checked under (the subject's level after this plan). */
  readonly level: CompatibilityLevel;
  /** `new-subject`: nothing to be compatible with. */
  readonly registry: RegistryVerdict | { readonly status: "new-subject" };
  readonly kgov:
    | { readonly status: "compatible" | "incompatible"; readonly findings: readonly EngineFinding[] }
    | { readonly status: "not-checked"; readonly reason: string };
}

/** A new version of a subject (POST /subjects/{subject}/versions); registrations run dependencies first. */
export interface SubjectRegister {
  readonly type: "subject.register";
  readonly subject: string;
  readonly schemaType: SchemaType;
  /** The schema file it comes from. */
  readonly file: string;
  /** The exact text registered (for .avdl: the Avro JSON kgov converts it to). */
  readonly schema: string;
  readonly references: readonly PlannedReference[];
  /** The subject's latest version now; null for a new subject. */
  readonly fromVersion: number | null;
  readonly compatibility: SubjectCompatibility;
  readonly risks: readonly Risk[];
  readonly source?: SourceRange;
}

/** A live subject inside settings.scope.subjectPrefixes that is not desired (DELETE /subjects/{subject}). */
export interface SubjectDelete {
  readonly type: "subject.delete";
  readonly subject: string;
  readonly versions: number;
  /** Soft delete, then permanent (`?permanent=true`): only with the second opt-in. */
  readonly permanent: boolean;
  /** false: deletion was not allowed (no --allow-delete); shown as "would delete" and never executed. */
  readonly allowed: boolean;
  readonly risks: readonly Risk[];
}

export type SubjectAction = SubjectSetCompatibility | SubjectRegister | SubjectDelete;
export type TopicAction = TopicCreate | TopicAlterConfig | TopicAddPartitions | TopicChangeReplication | TopicDelete;
export type AclAction = AclCreate | AclDelete;
export type PlannedAction = TopicAction | AclAction | SubjectAction;
export type ActionType = PlannedAction["type"];

/**
 * Execution order: actions are sorted by phase, then by topic name or binding. Grants come before any change that
 * could need them and revokes after (a renamed prefix never leaves a gap); topic deletion comes last.
 */
export const ACTION_PHASES: readonly ActionType[] = [
  "topic.create",
  "acl.create",
  "subject.set-compatibility",
  "subject.register",
  "topic.alter-config",
  "topic.add-partitions",
  "topic.change-replication",
  "acl.delete",
  "subject.delete",
  "topic.delete",
];

export function isAclAction(action: PlannedAction): action is AclAction {
  return action.type === "acl.create" || action.type === "acl.delete";
}

export function isSubjectAction(action: PlannedAction): action is SubjectAction {
  return action.type.startsWith("subject.");
}

export function isTopicAction(action: PlannedAction): action is TopicAction {
  return action.type.startsWith("topic.");
}

/** One line about what a principal gains or loses, as in AWS CDK's IAM change summary. */
export interface AccessEntry {
  readonly operation: AclBinding["operation"];
  readonly resourceType: AclBinding["resourceType"];
  readonly resourceName: string;
  readonly patternType: AclBinding["patternType"];
  readonly host: string;
  /** How: `allow-added` / `deny-removed` (gains), `allow-removed` / `deny-added` (loses). */
  readonly via: "allow-added" | "deny-removed" | "allow-removed" | "deny-added";
}

export interface PrincipalAccess {
  readonly principal: string;
  readonly gains: readonly AccessEntry[];
  readonly loses: readonly AccessEntry[];
}

export interface PlanSummary {
  /** Topics created. */
  readonly create: number;
  /** Distinct topics changed in place (config, partitions or replication; a topic counts once). */
  readonly update: number;
  /** Topics deleted (allowed deletions only). */
  readonly delete: number;
  /** Deletions planned but not allowed (no --allow-delete); not executed. */
  readonly blocked: number;
  /** ACL bindings: created, deleted (allowed), deletions blocked (no --allow-delete). */
  readonly acls: { readonly create: number; readonly delete: number; readonly blocked: number };
  /** Subjects: new versions registered, level changes, deletions (allowed), deletions blocked. */
  readonly subjects: {
    readonly register: number;
    readonly compatibility: number;
    readonly delete: number;
    readonly blocked: number;
  };
}

export interface Plan {
  readonly formatVersion: typeof PLAN_FORMAT_VERSION;
  readonly target: { readonly clusterId: string; readonly brokers: number };
  /**
   * `sha256:<hex>` of a canonical JSON of the normalised inputs. `observed` covers the brokers and the topics in scope
   * (desired ∪ scope prefixes): partitions' replicas and every config entry (value and source), not ISR or leaders,
   * which move on their own. `apply` of a saved plan recomputes it and refuses a plan whose cluster changed.
   */
  readonly fingerprints: { readonly observed: string; readonly desired: string };
  readonly actions: readonly PlannedAction[];
  /** Live topics kgov leaves alone because they are outside settings.scope.topicPrefixes (internal topics excluded). */
  readonly unmanaged: readonly string[];
  /**
   * Live topics a declared service's app created for itself (Streams `<applicationId>-…` internal topics, Connect
   * storage topics): never planned, whatever the scope. Sorted.
   */
  readonly appTopics: readonly string[];
  /** Live ACL bindings kgov leaves alone: their principal is not owned, or kgov cannot represent them. */
  readonly unmanagedAcls: number;
  /** Per principal, what executing the plan grants and takes away (blocked deletions excluded); sorted by principal. */
  readonly access: readonly PrincipalAccess[];
  /**
   * The Schema Registry the subjects were planned against (URL without credentials), or absent when no registry is
   * configured (then no subject is planned, and a warning says so when the files bind schemas).
   */
  readonly registry?: {
    readonly url: string;
    /** HTTP requests sent to read the registry for this plan (retries included): the plan's round trips. */
    readonly requests: number;
  };
  /**
   * Present when the plan was compared with a base revision (`kgov plan --base`, `kgov drift`): the actions (by
   * actionKey) that the base revision's files would make too, i.e. changes someone made outside kgov. The other
   * actions are what the change in the files asks for.
   */
  readonly drift?: {
    /** The revision compared with, e.g. `origin/main`; null for `kgov drift` (the files as they are). */
    readonly base: string | null;
    readonly actions: readonly string[];
  };
  /** Problems found while planning; any error makes the plan impossible to apply. */
  readonly diagnostics: readonly Diagnostic[];
  readonly summary: PlanSummary;
}

export interface PlanOptions {
  /**
   * Without it, topics in scope and bindings of owned principals that are not desired are listed as blocked deletions
   * (allowed: false).
   */
  readonly allowDelete: boolean;
  /** Subject deletions also delete permanently (a second opt-in on top of allowDelete). */
  readonly permanentDelete?: boolean;
}

/** An action `apply` would execute: everything except blocked deletions. */
export function isExecutable(action: PlannedAction): boolean {
  return (
    (action.type !== "topic.delete" && action.type !== "acl.delete" && action.type !== "subject.delete") ||
    action.allowed
  );
}

/** Whether applying the plan would change the cluster (for `--detailed-exitcode`); blocked deletions do not count. */
export function hasChanges(plan: Plan): boolean {
  return plan.actions.some(isExecutable);
}
