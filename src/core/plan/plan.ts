import type { Diagnostic } from "../diagnostics/index.js";
import { compareBindings } from "../model/acl.js";
import type { DesiredState } from "../model/desired.js";
import { internalTopicOwner } from "../model/internal-topics.js";
import type { ObservedCluster } from "../model/observed.js";
import type { ObservedRegistry } from "../model/registry.js";
import type { DesiredSubject } from "../model/subjects.js";
import { accessSummary, planAcls } from "./acls.js";
import { diffExistingTopic, diffNewTopic, observedReplicationFactor, type DiffContext } from "./diff.js";
import { desiredFingerprint, observedFingerprint } from "./fingerprint.js";
import { LoadTracker } from "./placement.js";
import { topicDeleteRisks } from "./risks.js";
import { compareNames, inDeletionScope, ownedByDeclaredApp } from "./scope.js";
import { planSubjects } from "./subjects.js";
import {
  ACTION_PHASES,
  PLAN_FORMAT_VERSION,
  type Plan,
  type PlannedAction,
  type PlanOptions,
  type PlanSummary,
  isAclAction,
  isSubjectAction,
  isTopicAction,
} from "./types.js";

/** The registry side of a plan: the desired subjects (dependencies first) and the registry as read for them. */
export interface RegistryInput {
  readonly subjects: readonly DesiredSubject[];
  readonly observed: ObservedRegistry;
}

function internalTopicDiagnostic(name: string, owner: string, desired: DesiredState): Diagnostic {
  const topic = desired.topics.get(name);
  return {
    code: "topic/internal-topic",
    severity: "error",
    message: `\`${name}\` is an internal topic of ${owner}; kgov does not plan it`,
    why: "kgov never manages internal topics; changing them can break the cluster or the framework.",
    fix: "Remove it from the desired state.",
    ...(topic ? { source: topic.source } : {}),
    path: `topics.${name}`,
  };
}

/** Phase order first, then topic name or binding: the order `apply` runs the actions in. */
export function compareActions(a: PlannedAction, b: PlannedAction): number {
  const phase = ACTION_PHASES.indexOf(a.type) - ACTION_PHASES.indexOf(b.type);
  if (phase !== 0) return phase;
  if (isAclAction(a) && isAclAction(b)) return compareBindings(a.binding, b.binding);
  if (isTopicAction(a) && isTopicAction(b)) return compareNames(a.topic, b.topic);
  // Registrations keep the planner's dependency order (the sort is stable); other subject actions go by name.
  if (isSubjectAction(a) && isSubjectAction(b) && a.type !== "subject.register") {
    return compareNames(a.subject, b.subject);
  }
  return 0;
}

export function summarise(actions: readonly PlannedAction[]): PlanSummary {
  const updated = new Set<string>();
  let create = 0;
  let remove = 0;
  let blocked = 0;
  const acls = { create: 0, delete: 0, blocked: 0 };
  const subjects = { register: 0, compatibility: 0, delete: 0, blocked: 0 };
  for (const action of actions) {
    switch (action.type) {
      case "subject.register":
        subjects.register++;
        break;
      case "subject.set-compatibility":
        subjects.compatibility++;
        break;
      case "subject.delete":
        if (action.allowed) subjects.delete++;
        else subjects.blocked++;
        break;
      case "acl.create":
        acls.create++;
        break;
      case "acl.delete":
        if (action.allowed) acls.delete++;
        else acls.blocked++;
        break;
      case "topic.create":
        create++;
        break;
      case "topic.delete":
        if (action.allowed) remove++;
        else blocked++;
        break;
      case "topic.alter-config":
      case "topic.add-partitions":
      case "topic.change-replication":
        updated.add(action.topic);
        break;
    }
  }
  return { create, update: updated.size, delete: remove, blocked, acls, subjects };
}

/**
 * The plan: what to do so the cluster matches the desired state. Pure and deterministic: the same inputs
 * give the same plan, byte for byte once serialised.
 *
 * - Internal topics (internalTopicOwner) are never planned; declaring one is an error diagnostic.
 * - Live topics that are not desired are deleted only inside settings.scope.topicPrefixes (no scope: never), and only
 *   with `allowDelete`; otherwise they appear as blocked deletions (`allowed: false`). Live topics outside the scope
 *   are listed in `unmanaged`.
 * - Impossible changes (fewer partitions, a replication factor above the broker count, min.insync.replicas above the
 *   replication factor, a topic without sizes) are error diagnostics and produce no action.
 * - ACL bindings (planAcls): desired ones missing on the cluster are created; live ones of owned principals that are
 *   not desired are deleted with `allowDelete` (blocked otherwise); the rest are counted in `unmanagedAcls`.
 */
export function buildPlan(
  desired: DesiredState,
  observed: ObservedCluster,
  options: PlanOptions,
  registry?: RegistryInput,
): Plan {
  const ctx: DiffContext = { brokers: observed.brokers, clusterLoad: LoadTracker.fromCluster(observed) };
  const actions: PlannedAction[] = [];
  const diagnostics: Diagnostic[] = [];

  const desiredNames = [...desired.topics.keys()].sort(compareNames);
  for (const name of desiredNames) {
    const topic = desired.topics.get(name);
    if (!topic) continue;
    const owner = internalTopicOwner(name);
    if (owner !== undefined) {
      diagnostics.push(internalTopicDiagnostic(name, owner, desired));
      continue;
    }
    const live = observed.topics.get(name);
    const diff = live ? diffExistingTopic(topic, live, observed.reassigning.has(name), ctx) : diffNewTopic(topic, ctx);
    actions.push(...diff.actions);
    diagnostics.push(...diff.diagnostics);
  }

  const unmanaged: string[] = [];
  const appTopics: string[] = [];
  for (const name of [...observed.topics.keys()].sort(compareNames)) {
    if (desired.topics.has(name) || internalTopicOwner(name) !== undefined) continue;
    const live = observed.topics.get(name);
    if (!live) continue;
    if (ownedByDeclaredApp(name, desired)) {
      appTopics.push(name);
      continue;
    }
    if (!inDeletionScope(name, desired)) {
      unmanaged.push(name);
      continue;
    }
    actions.push({
      type: "topic.delete",
      topic: name,
      partitions: live.partitions.length,
      replicationFactor: observedReplicationFactor(live),
      allowed: options.allowDelete,
      risks: topicDeleteRisks(live.partitions.length),
    });
  }

  const acls = planAcls(desired, observed, options);
  actions.push(...acls.actions);
  if (registry) {
    const subjects = planSubjects(registry.subjects, registry.observed, options);
    actions.push(...subjects.actions);
    diagnostics.push(...subjects.diagnostics);
  }
  actions.sort(compareActions);
  return {
    formatVersion: PLAN_FORMAT_VERSION,
    target: { clusterId: observed.clusterId, brokers: observed.brokers.length },
    fingerprints: {
      observed: observedFingerprint(desired, observed, registry?.observed),
      desired: desiredFingerprint(desired, registry?.subjects),
    },
    actions,
    unmanaged,
    appTopics,
    unmanagedAcls: acls.unmanaged,
    access: accessSummary(acls.actions),
    ...(registry ? { registry: { url: registry.observed.url, requests: registry.observed.requests } } : {}),
    diagnostics,
    summary: summarise(actions),
  };
}
