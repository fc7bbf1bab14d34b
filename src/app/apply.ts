import { setTimeout as sleepFor } from "node:timers/promises";
import type { Diagnostic } from "../core/diagnostics/index.js";
import {
  ACTION_PHASES,
  describeBinding,
  isAclAction,
  isSubjectAction,
  type AclAction,
  type ActionType,
  type Plan,
  type PlannedAction,
  type TopicAddPartitions,
  type TopicAlterConfig,
  type TopicChangeReplication,
  type TopicCreate,
  type TopicAction,
  type TopicDelete,
  type SubjectAction,
} from "../core/plan/index.js";
import type { RegistryPort } from "../ports/registry.js";
import { runSubjectPhase } from "./apply-subjects.js";
import { KafkaPortError, type AclOutcome, type KafkaClusterPort, type TopicOutcome } from "../ports/kafka.js";
import { phaseName, type ActionOutcome, type ApplyResult, type ApplyStatus } from "../render/apply-result.js";

export const DEFAULT_APPLY_TIMEOUT_MS = 300_000;

export type ApplyProgress =
  | { readonly kind: "phase-start"; readonly phase: ActionType; readonly count: number }
  | {
      readonly kind: "phase-end";
      readonly phase: ActionType;
      readonly applied: number;
      readonly failed: number;
      readonly inProgress: number;
    }
  | { readonly kind: "waiting"; readonly topics: number; readonly elapsedMs: number };

export interface ApplyOptions {
  /** Deletions run only when the plan allowed them and this is true (`--allow-delete` at apply time). */
  readonly allowDelete: boolean;
  /** Follow reassignments until they finish (false: `--no-wait`, report them in progress). */
  readonly wait: boolean;
  /** How long to follow reassignments (default 300 s). */
  readonly timeoutMs?: number;
  /** Pause between ListPartitionReassignments calls (default 1 s). */
  readonly pollIntervalMs?: number;
  /** Checked between phases and while waiting: Ctrl-C stops there, never in the middle of a request. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (event: ApplyProgress) => void;
  /** Injected for tests. */
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

type Outcome = Omit<ActionOutcome, "action" | "type" | "topic" | "binding" | "subject">;

/**
 * Executes a plan in ordered phases (create, alter-config, add-partitions, change-replication, delete), one batched
 * port call per phase. Every action ends applied, failed, skipped or in progress. When an action fails kgov finishes
 * that phase's request (it is one call) and skips every later phase, so the report says exactly what changed; a new
 * plan then starts from the cluster as it is, which makes apply converge when run again.
 *
 * The plan must have no error diagnostics (the caller refuses it before). Never throws for Kafka failures.
 */
export async function executePlan(
  plan: Plan,
  port: KafkaClusterPort,
  options: ApplyOptions,
  registry?: RegistryPort,
): Promise<ApplyResult> {
  const outcomes = new Map<PlannedAction, Outcome>();
  const diagnostics: Diagnostic[] = [];
  let stop: "failed" | "timed-out" | "interrupted" | undefined;
  let inProgress = false;
  const now = options.now ?? (() => performance.now());
  const sleep = options.sleep ?? ((ms: number) => sleepFor(ms, undefined, { ref: true }));

  const isDelete = (
    a: PlannedAction,
  ): a is TopicDelete | Extract<PlannedAction, { type: "acl.delete" | "subject.delete" }> =>
    a.type === "topic.delete" || a.type === "acl.delete" || a.type === "subject.delete";
  const skippedByDeletePolicy = plan.actions.filter((a) => isDelete(a) && a.allowed && !options.allowDelete);
  if (skippedByDeletePolicy.length > 0) {
    const topics = skippedByDeletePolicy.filter((a) => a.type === "topic.delete").length;
    const subjects = skippedByDeletePolicy.filter((a) => a.type === "subject.delete").length;
    const bindings = skippedByDeletePolicy.length - topics - subjects;
    const what = [
      ...(topics > 0 ? [topics === 1 ? "1 topic" : `${topics} topics`] : []),
      ...(bindings > 0 ? [bindings === 1 ? "1 ACL binding" : `${bindings} ACL bindings`] : []),
      ...(subjects > 0 ? [subjects === 1 ? "1 subject" : `${subjects} subjects`] : []),
    ].join(" and ");
    diagnostics.push({
      code: "apply/deletion-not-allowed",
      severity: "warning",
      message: `The plan deletes ${what} but kgov apply was run without --allow-delete; the deletions are skipped`,
      fix: "Pass --allow-delete to kgov apply as well to delete them.",
    });
  }

  const placement = deferredPlacements(plan.actions);
  for (const phase of ACTION_PHASES) {
    const runnable: PlannedAction[] = [];
    for (const action of plan.actions) {
      if (action.type !== phase) continue;
      if (isDelete(action) && !action.allowed) {
        outcomes.set(action, { outcome: "skipped", reason: "deletion not allowed: plan with --allow-delete" });
      } else if (isDelete(action) && !options.allowDelete) {
        outcomes.set(action, { outcome: "skipped", reason: "kgov apply was run without --allow-delete" });
      } else {
        runnable.push(action);
      }
    }
    if (runnable.length === 0) continue;
    if (stop === undefined && options.signal?.aborted) stop = "interrupted";
    if (stop !== undefined) {
      const reason =
        stop === "interrupted"
          ? "not started: interrupted"
          : stop === "timed-out"
            ? "not started: an earlier reassignment did not finish in time"
            : "not started: an earlier phase failed";
      for (const action of runnable) outcomes.set(action, { outcome: "skipped", reason });
      continue;
    }
    options.onProgress?.({ kind: "phase-start", phase, count: runnable.length });
    const results: Map<PlannedAction, Outcome> =
      phase === "acl.create" || phase === "acl.delete"
        ? await runAclPhase(phase, runnable as AclAction[], port, diagnostics)
        : phase.startsWith("subject.")
          ? await runSubjects(phase as SubjectAction["type"], runnable as SubjectAction[], registry, diagnostics)
          : await runPhase(phase as TopicAction["type"], runnable, port, diagnostics, placement);
    for (const [action, outcome] of results) outcomes.set(action, outcome);

    if (phase === "topic.change-replication") {
      const submitted = (runnable as TopicAction[]).filter((a) => results.get(a)?.outcome === "applied");
      const waited = await followReassignments(submitted, port, options, now, sleep, diagnostics);
      for (const [action, outcome] of waited.outcomes) outcomes.set(action, outcome);
      if (waited.state === "timed-out") stop = "timed-out";
      if (waited.state === "interrupted") stop = "interrupted";
      if (waited.state === "failed") stop = "failed";
      if (waited.state === "in-progress") inProgress = true;
    }
    const values = runnable.map((a) => outcomes.get(a)?.outcome);
    options.onProgress?.({
      kind: "phase-end",
      phase,
      applied: values.filter((v) => v === "applied").length,
      failed: values.filter((v) => v === "failed").length,
      inProgress: values.filter((v) => v === "in-progress").length,
    });
    if (values.includes("failed")) stop = "failed";
  }

  const list: ActionOutcome[] = plan.actions.map((action) => ({
    type: action.type,
    ...(isAclAction(action)
      ? { binding: action.binding }
      : isSubjectAction(action)
        ? { subject: action.subject }
        : { topic: action.topic }),
    action,
    ...(outcomes.get(action) ?? { outcome: "skipped", reason: "not executed" }),
  }));
  const anyExecuted = list.some((o) => o.outcome !== "skipped");
  const status: ApplyStatus = stop ?? (inProgress ? "in-progress" : anyExecuted ? "applied" : "no-changes");
  return { status, target: plan.target, outcomes: list, diagnostics };
}

/** A subject phase; a plan with subject actions always comes with a registry (the plan was made against one). */
async function runSubjects(
  phase: SubjectAction["type"],
  actions: readonly SubjectAction[],
  registry: RegistryPort | undefined,
  diagnostics: Diagnostic[],
): Promise<Map<PlannedAction, Outcome>> {
  if (!registry) throw new Error("a plan with subject actions was applied without a registry");
  return runSubjectPhase(phase, actions, registry, diagnostics);
}

/**
 * One batched CreateAcls or DeleteAcls for the phase. A deletion whose exact filter matched nothing is applied (the
 * binding is gone, as planned) with an `acl/delete-mismatch` warning; one that matched more is reported too.
 */
async function runAclPhase(
  phase: "acl.create" | "acl.delete",
  actions: readonly AclAction[],
  port: KafkaClusterPort,
  diagnostics: Diagnostic[],
): Promise<Map<PlannedAction, Outcome>> {
  let results: AclOutcome[];
  try {
    const bindings = actions.map((a) => a.binding);
    results = phase === "acl.create" ? await port.createAcls(bindings) : await port.deleteAcls(bindings);
  } catch (error) {
    if (!(error instanceof KafkaPortError)) throw error;
    return wholePhaseFailed(phase, actions, error, diagnostics);
  }
  const out = new Map<PlannedAction, Outcome>();
  actions.forEach((action, i) => {
    const answer = results[i];
    if (!answer || !answer.ok) {
      const diagnostic: Diagnostic = answer?.diagnostic ?? {
        code: "kafka/request-failed",
        severity: "error",
        message: `The broker did not report an outcome for the ACL ${describeBinding(action.binding)}`,
        fix: "Run kgov plan to see whether the change was made.",
      };
      diagnostics.push(diagnostic);
      out.set(action, { outcome: "failed", diagnostic });
      return;
    }
    if (phase === "acl.delete" && answer.matched !== 1) {
      const diagnostic: Diagnostic = {
        code: "acl/delete-mismatch",
        severity: "warning",
        message:
          answer.matched === 0
            ? `The ACL ${describeBinding(action.binding)} was already gone when kgov deleted it`
            : `Deleting the ACL ${describeBinding(action.binding)} matched ${answer.matched ?? "an unknown number of"} bindings`,
        why: "kgov deletes with exact filters that match one binding each; someone changed the ACLs since the plan was made.",
        fix: "Run kgov plan to check that the ACLs are now as desired.",
      };
      diagnostics.push(diagnostic);
      out.set(action, {
        outcome: "applied",
        reason: answer.matched === 0 ? "already absent" : `matched ${answer.matched ?? "?"} bindings`,
      });
      return;
    }
    out.set(action, { outcome: "applied" });
  });
  return out;
}

/** Why a failed action's outcome is unknown; the same words in the text and the JSON report. */
export const OUTCOME_UNKNOWN_REASON =
  "outcome unknown: no answer came (connection lost or timed out); kgov plan shows whether it was applied";

/**
 * The phase's request failed as a whole, so every action of the phase failed. When it certainly changed nothing (it
 * could not be sent, or the broker refused it: unreachable, a cluster-level ACL) that is all; when the request may
 * have reached the cluster (connection lost mid-request, no answer in time) each action says its outcome is unknown,
 * with one `apply/outcome-unknown` warning for the phase: the next plan, read from the cluster, shows what happened.
 */
function wholePhaseFailed(
  phase: ActionType,
  actions: readonly PlannedAction[],
  error: KafkaPortError,
  diagnostics: Diagnostic[],
): Map<PlannedAction, Outcome> {
  diagnostics.push(...error.diagnostics);
  if (!error.outcomeUnknown) {
    return new Map(actions.map((a) => [a, { outcome: "failed", diagnostic: error.diagnostic }]));
  }
  const count = actions.length === 1 ? "its 1 change" : `its ${actions.length} changes`;
  diagnostics.push({
    code: "apply/outcome-unknown",
    severity: "warning",
    message: `No answer came for the request of the phase "${phaseName(phase)}"; ${count} may or may not have been made`,
    why: `${error.diagnostic.message}. A broker that loses its connection or stops answering after a request arrived may still have carried it out (or do so once it runs again).`,
    fix: "Run kgov plan once the cluster is healthy: it reads the cluster and shows what is still to do; kgov apply then finishes the job.",
  });
  return new Map(
    actions.map((a) => [a, { outcome: "failed", reason: OUTCOME_UNKNOWN_REASON, diagnostic: error.diagnostic }]),
  );
}

function byTopic(results: readonly TopicOutcome[]): Map<string, TopicOutcome> {
  return new Map(results.map((r) => [r.topic, r]));
}

/**
 * New partitions whose planned replicas differ in count from the topic's current replication factor. Kafka refuses a
 * CreatePartitions assignment whose replica count differs from the existing partitions' ("inconsistent replication
 * factor"), so such partitions are created where the broker puts them (with the current factor) and moved to their
 * planned replicas by the same reassignment that changes the existing partitions.
 */
function deferredPlacements(
  actions: readonly PlannedAction[],
): Map<string, { partition: number; replicas: readonly number[] }[]> {
  const currentFactor = new Map<string, number>();
  for (const a of actions) if (a.type === "topic.change-replication") currentFactor.set(a.topic, a.from);
  const deferred = new Map<string, { partition: number; replicas: readonly number[] }[]>();
  for (const a of actions) {
    if (a.type !== "topic.add-partitions" || !a.assignments) continue;
    const factor = currentFactor.get(a.topic);
    if (factor === undefined || a.assignments.every((x) => x.replicas.length === factor)) continue;
    deferred.set(
      a.topic,
      a.assignments.map((x) => ({ partition: x.partition, replicas: x.replicas })),
    );
  }
  return deferred;
}

type Deferred = ReturnType<typeof deferredPlacements>;

async function runPhase(
  phase: TopicAction["type"],
  actions: readonly PlannedAction[],
  port: KafkaClusterPort,
  diagnostics: Diagnostic[],
  deferred: Deferred,
): Promise<Map<PlannedAction, Outcome>> {
  let results: TopicOutcome[];
  try {
    results = await callPort(phase, actions, port, deferred);
  } catch (error) {
    if (!(error instanceof KafkaPortError)) throw error;
    return wholePhaseFailed(phase, actions, error, diagnostics);
  }
  const answers = byTopic(results);
  const out = new Map<PlannedAction, Outcome>();
  for (const action of actions as readonly TopicAction[]) {
    const answer = answers.get(action.topic);
    if (answer?.ok) {
      out.set(action, { outcome: "applied" });
    } else {
      const diagnostic: Diagnostic = answer?.diagnostic ?? {
        code: "kafka/request-failed",
        severity: "error",
        message: `The broker did not report an outcome for topic "${action.topic}"`,
        fix: "Run kgov plan to see whether the change was made.",
        path: `topics.${action.topic}`,
      };
      diagnostics.push(diagnostic);
      out.set(action, { outcome: "failed", diagnostic });
    }
  }
  return out;
}

function callPort(
  phase: TopicAction["type"],
  actions: readonly PlannedAction[],
  port: KafkaClusterPort,
  deferred: Deferred,
): Promise<TopicOutcome[]> {
  switch (phase) {
    case "topic.create":
      return port.createTopics(
        (actions as TopicCreate[]).map((a) => ({
          name: a.topic,
          partitions: a.partitions,
          replicationFactor: a.replicationFactor,
          config: a.config,
        })),
      );
    case "topic.alter-config":
      return port.alterTopicConfigs(
        (actions as TopicAlterConfig[]).map((a) => ({
          topic: a.topic,
          set: Object.fromEntries(a.set.map((s) => [s.key, s.to])),
          delete: a.delete.map((d) => d.key),
        })),
      );
    case "topic.add-partitions":
      return port.addPartitions(
        (actions as TopicAddPartitions[]).map((a) => ({
          topic: a.topic,
          totalCount: a.to,
          ...(a.assignments && !deferred.has(a.topic)
            ? { assignments: [...a.assignments].sort((x, y) => x.partition - y.partition).map((x) => x.replicas) }
            : {}),
        })),
      );
    case "topic.change-replication":
      return port.reassignPartitions(
        (actions as TopicChangeReplication[]).flatMap((a) => [
          ...a.moves.map((m) => ({ topic: a.topic, partition: m.partition, replicas: m.to })),
          ...(deferred.get(a.topic) ?? []).map((m) => ({
            topic: a.topic,
            partition: m.partition,
            replicas: m.replicas,
          })),
        ]),
      );
    case "topic.delete":
      return port.deleteTopics((actions as TopicDelete[]).map((a) => a.topic));
  }
}

interface Followed {
  readonly state: "done" | "in-progress" | "timed-out" | "interrupted" | "failed";
  readonly outcomes: Map<PlannedAction, Outcome>;
}

/** Polls ListPartitionReassignments until the submitted topics are no longer being reassigned. */
async function followReassignments(
  submitted: readonly TopicAction[],
  port: KafkaClusterPort,
  options: ApplyOptions,
  now: () => number,
  sleep: (ms: number) => Promise<void>,
  diagnostics: Diagnostic[],
): Promise<Followed> {
  const outcomes = new Map<PlannedAction, Outcome>();
  if (submitted.length === 0) return { state: "done", outcomes };
  const pending = (reason: string): Map<PlannedAction, Outcome> =>
    new Map(submitted.map((a) => [a, { outcome: "in-progress", reason }]));
  if (!options.wait) {
    return {
      state: "in-progress",
      outcomes: pending("reassignment submitted; data moves in the background (--no-wait)"),
    };
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_APPLY_TIMEOUT_MS;
  const started = now();
  let remaining = [...submitted];
  for (;;) {
    let moving: ReadonlySet<string>;
    try {
      moving = await port.listReassignments();
    } catch (error) {
      if (!(error instanceof KafkaPortError)) throw error;
      diagnostics.push(...error.diagnostics);
      for (const a of remaining) {
        outcomes.set(a, { outcome: "in-progress", reason: "submitted, but kgov could not follow the reassignment" });
      }
      return { state: "failed", outcomes };
    }
    const still = remaining.filter((a) => moving.has(a.topic));
    for (const a of remaining) if (!moving.has(a.topic)) outcomes.set(a, { outcome: "applied" });
    remaining = still;
    if (remaining.length === 0) return { state: "done", outcomes };
    const elapsed = now() - started;
    if (options.signal?.aborted) {
      for (const a of remaining) outcomes.set(a, { outcome: "in-progress", reason: "still moving data (interrupted)" });
      return { state: "interrupted", outcomes };
    }
    if (elapsed >= timeoutMs) {
      const names = remaining.map((a) => `"${a.topic}"`).join(", ");
      const diagnostic: Diagnostic = {
        code: "apply/reassignment-timeout",
        severity: "error",
        message: `The reassignment of ${names} did not finish within ${Math.round(timeoutMs / 1000)} s; it continues on the cluster`,
        fix: "Wait for it to finish (kgov plan warns while it runs), then run kgov apply again; raise --timeout for large partitions.",
      };
      diagnostics.push(diagnostic);
      for (const a of remaining) {
        outcomes.set(a, { outcome: "in-progress", reason: "still moving data after the timeout", diagnostic });
      }
      return { state: "timed-out", outcomes };
    }
    options.onProgress?.({ kind: "waiting", topics: remaining.length, elapsedMs: elapsed });
    await sleep(Math.min(options.pollIntervalMs ?? 1000, Math.max(0, timeoutMs - elapsed)));
  }
}
