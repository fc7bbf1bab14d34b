import type { Diagnostic, SourceRange } from "../diagnostics/index.js";
import type { ConfigSource } from "../model/observed.js";

/**
 * The plan as a value: what `kgov plan` shows, what `kgov plan --output json` prints and what `kgov apply` executes.
 * Everything here is plain JSON (no Maps, classes or `undefined` values; optional keys are absent, never undefined),
 * so `JSON.parse(JSON.stringify(plan))` deep-equals the plan. Keys are built in a fixed order so the JSON is stable.
 *
 * Bump PLAN_FORMAT_VERSION when a field changes meaning or disappears; adding a field is not a breaking change.
 */
export const PLAN_FORMAT_VERSION = 1;

export type RiskKind = "data-loss" | "availability" | "ordering" | "destructive";

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
}

export type PlannedAction = TopicCreate | TopicAlterConfig | TopicAddPartitions | TopicChangeReplication | TopicDelete;
export type ActionType = PlannedAction["type"];

/** Execution order: actions are sorted by phase, then by topic name (code-unit order). */
export const ACTION_PHASES: readonly ActionType[] = [
  "topic.create",
  "topic.alter-config",
  "topic.add-partitions",
  "topic.change-replication",
  "topic.delete",
];

export interface PlanSummary {
  /** Topics created. */
  readonly create: number;
  /** Distinct topics changed in place (config, partitions or replication; a topic counts once). */
  readonly update: number;
  /** Topics deleted (allowed deletions only). */
  readonly delete: number;
  /** Deletions planned but not allowed (no --allow-delete); not executed. */
  readonly blocked: number;
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
  /** Problems found while planning; any error makes the plan impossible to apply. */
  readonly diagnostics: readonly Diagnostic[];
  readonly summary: PlanSummary;
}

export interface PlanOptions {
  /** Without it, topics in scope that are not desired are listed as blocked deletions (allowed: false). */
  readonly allowDelete: boolean;
}

/** An action `apply` would execute: everything except blocked deletions. */
export function isExecutable(action: PlannedAction): boolean {
  return action.type !== "topic.delete" || action.allowed;
}

/** Whether applying the plan would change the cluster (for `--detailed-exitcode`); blocked deletions do not count. */
export function hasChanges(plan: Plan): boolean {
  return plan.actions.some(isExecutable);
}
