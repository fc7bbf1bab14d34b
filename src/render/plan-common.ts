import { countDiagnostics } from "../core/diagnostics/index.js";
import { isExecutable } from "../core/plan/types.js";
import type {
  Plan,
  PlannedAction,
  Risk,
  TopicAddPartitions,
  TopicAlterConfig,
  TopicChangeReplication,
  TopicCreate,
  TopicDelete,
} from "../core/plan/types.js";

/** What happens to one topic: the plan's actions for it, grouped the way a reviewer reads them. */
export type TopicBlock =
  | { readonly kind: "create"; readonly topic: string; readonly create: TopicCreate }
  | {
      readonly kind: "update";
      readonly topic: string;
      readonly config?: TopicAlterConfig;
      readonly partitions?: TopicAddPartitions;
      readonly replication?: TopicChangeReplication;
    }
  | { readonly kind: "delete" | "blocked"; readonly topic: string; readonly delete: TopicDelete };

const KIND_ORDER = { create: 0, update: 1, delete: 2, blocked: 3 } as const;

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** One block per topic: creates, then updates, then deletions, then blocked deletions; each by topic name. */
export function topicBlocks(actions: readonly PlannedAction[]): TopicBlock[] {
  const updates = new Map<
    string,
    { config?: TopicAlterConfig; partitions?: TopicAddPartitions; replication?: TopicChangeReplication }
  >();
  const blocks: TopicBlock[] = [];
  const update = (topic: string) => {
    let u = updates.get(topic);
    if (!u) updates.set(topic, (u = {}));
    return u;
  };
  for (const action of actions) {
    switch (action.type) {
      case "topic.create":
        blocks.push({ kind: "create", topic: action.topic, create: action });
        break;
      case "topic.alter-config":
        update(action.topic).config = action;
        break;
      case "topic.add-partitions":
        update(action.topic).partitions = action;
        break;
      case "topic.change-replication":
        update(action.topic).replication = action;
        break;
      case "topic.delete":
        blocks.push({ kind: action.allowed ? "delete" : "blocked", topic: action.topic, delete: action });
        break;
      case "acl.create":
      case "acl.delete":
        break; // rendered per principal (plan-acls.ts)
      case "subject.set-compatibility":
      case "subject.register":
      case "subject.delete":
        break; // rendered per subject (plan-subjects.ts)
    }
  }
  for (const [topic, u] of updates) blocks.push({ kind: "update", topic, ...u });
  return blocks.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || compareNames(a.topic, b.topic));
}

export function blockRisks(block: TopicBlock): Risk[] {
  switch (block.kind) {
    case "create":
      return [...block.create.risks];
    case "update":
      return [...(block.config?.risks ?? []), ...(block.partitions?.risks ?? []), ...(block.replication?.risks ?? [])];
    case "delete":
    case "blocked":
      return [...block.delete.risks];
  }
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** True when there is nothing to show: no actions at all and no error or warning. */
export function isCleanNoop(plan: Plan): boolean {
  const counts = countDiagnostics(plan.diagnostics);
  return plan.actions.length === 0 && counts.errors === 0 && counts.warnings === 0;
}

/**
 * "Plan: 1 to create, 2 to update, 0 to delete." followed by what else a reviewer must know (blocked deletions,
 * risky changes, errors), or the friendly "No changes." sentence.
 */
export function summarySentences(plan: Plan, flag = "--allow-delete"): string[] {
  const counts = countDiagnostics(plan.diagnostics);
  if (plan.actions.length === 0 && counts.errors === 0) {
    return ["No changes. The cluster matches the desired state."];
  }
  const s = plan.summary;
  const a = s.acls;
  const aclChanges = a.create + a.delete + a.blocked > 0;
  const topicChanges = plan.actions.some((x) => x.type.startsWith("topic."));
  const subjects = subjectSummary(plan);
  const out: string[] = [];
  if (topicChanges || (!aclChanges && subjects === undefined))
    out.push(`Plan: ${s.create} to create, ${s.update} to update, ${s.delete} to delete.`);
  if (aclChanges) {
    const acls = `${plural(a.create, "ACL binding")} to add, ${a.delete} to remove.`;
    out.push(topicChanges ? acls : `Plan: ${acls}`);
  }
  if (subjects !== undefined) out.push(subjects);
  const blocked = s.blocked + a.blocked + s.subjects.blocked;
  if (blocked > 0) out.push(`${plural(blocked, "deletion")} blocked (pass ${flag} to delete).`);
  const executable = topicBlocks(plan.actions).filter((b) => b.kind !== "blocked");
  const dataLoss = executable.filter((b) => blockRisks(b).some((r) => r.kind === "data-loss")).length;
  if (dataLoss > 0) out.push(`${plural(dataLoss, "topic")} may lose data.`);
  const narrowing = plan.actions.filter((x) => isExecutable(x) && x.risks.some((r) => r.kind === "narrows-access"));
  if (narrowing.length > 0) out.push(`${plural(narrowing.length, "ACL change")} narrow access.`);
  if (counts.errors > 0) out.push(`${plural(counts.errors, "error")}: the plan cannot be applied.`);
  return out;
}

/** Distinct risk kinds in a stable order. */
export function riskKinds(risks: readonly Risk[]): Risk["kind"][] {
  const order: Risk["kind"][] = [
    "destructive",
    "data-loss",
    "availability",
    "narrows-access",
    "broadens-access",
    "ordering",
    "weakens-compatibility",
  ];
  return order.filter((kind) => risks.some((r) => r.kind === kind));
}

/** The summary sentence about subjects, or nothing when the plan has no subject action. */
export function subjectSummary(plan: Plan): string | undefined {
  const s = plan.summary.subjects;
  if (s.register + s.compatibility + s.delete + s.blocked === 0) return undefined;
  const parts = [`${plural(s.register, "schema version")} to register`];
  if (s.compatibility > 0) parts.push(`${plural(s.compatibility, "compatibility level")} to set`);
  parts.push(`${plural(s.delete, "subject")} to delete`);
  return `Subjects: ${parts.join(", ")}.`;
}
