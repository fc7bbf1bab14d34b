import { countDiagnostics, sortDiagnostics, type Diagnostic } from "../core/diagnostics/index.js";
import type { AclBinding } from "../core/model/acl.js";
import { describeBinding } from "../core/plan/acls.js";
import type { ActionType, PlannedAction } from "../core/plan/types.js";
import { renderDiagnosticsText } from "./diagnostics.js";
import { plural } from "./plan-common.js";
import { plainStyle, type Style } from "./style.js";

/**
 * What `kgov apply` did, action by action: the value behind the text report and `kgov apply --output json`.
 * Plain JSON. Bump APPLY_RESULT_FORMAT_VERSION when a field changes meaning or disappears.
 */
export const APPLY_RESULT_FORMAT_VERSION = 2;

/**
 * applied: the cluster accepted it (for a replication change: the reassignment finished). failed: the broker refused
 * it, or no answer came (see `diagnostic`; then `reason` says the outcome is unknown: it may have been made). skipped: not attempted (see `reason`). in-progress: a reassignment was submitted and is still
 * moving data (--no-wait, or the timeout passed).
 */
export type ActionOutcomeStatus = "applied" | "failed" | "skipped" | "in-progress";

export interface ActionOutcome {
  readonly type: ActionType;
  /** The topic of a `topic.*` action. */
  readonly topic?: string;
  /** The binding of an `acl.*` action. */
  readonly binding?: AclBinding;
  /** The subject of a `subject.*` action. */
  readonly subject?: string;
  readonly outcome: ActionOutcomeStatus;
  /** One line for skipped and in-progress actions: why; for a failed action whose answer was lost: "outcome unknown: …". */
  readonly reason?: string;
  /** Why a failed action failed (or why an in-progress one is not finished). */
  readonly diagnostic?: Diagnostic;
  /** The planned action, for the text report's details. Not part of the JSON document. */
  readonly action: PlannedAction;
}

/**
 * applied: every executable action applied. no-changes: there was nothing to do. failed: some action failed; kgov
 * stopped after that phase. in-progress: reassignments still run (--no-wait). timed-out: a reassignment did not finish
 * within --timeout. interrupted: Ctrl-C, kgov stopped between phases.
 */
export type ApplyStatus = "applied" | "no-changes" | "failed" | "in-progress" | "timed-out" | "interrupted";

export interface ApplyResult {
  readonly status: ApplyStatus;
  readonly target: { readonly clusterId: string; readonly brokers: number };
  readonly outcomes: readonly ActionOutcome[];
  readonly diagnostics: readonly Diagnostic[];
}

export interface ApplySummary {
  readonly applied: number;
  readonly failed: number;
  readonly skipped: number;
  readonly inProgress: number;
}

export interface ApplyResultDocument {
  readonly formatVersion: typeof APPLY_RESULT_FORMAT_VERSION;
  readonly ok: boolean;
  readonly status: ApplyStatus;
  readonly target: { readonly clusterId: string; readonly brokers: number };
  readonly actions: readonly Omit<ActionOutcome, "action">[];
  readonly summary: ApplySummary;
  readonly diagnostics: readonly Diagnostic[];
}

export function summariseApply(outcomes: readonly ActionOutcome[]): ApplySummary {
  const count = (s: ActionOutcomeStatus) => outcomes.filter((o) => o.outcome === s).length;
  return {
    applied: count("applied"),
    failed: count("failed"),
    skipped: count("skipped"),
    inProgress: count("in-progress"),
  };
}

/** Whether the apply did its job: nothing failed, timed out or was interrupted (in-progress with --no-wait is fine). */
export function applySucceeded(result: ApplyResult): boolean {
  return (
    (result.status === "applied" || result.status === "no-changes" || result.status === "in-progress") &&
    countDiagnostics(result.diagnostics).errors === 0
  );
}

export function applyResultDocument(result: ApplyResult): ApplyResultDocument {
  return {
    formatVersion: APPLY_RESULT_FORMAT_VERSION,
    ok: applySucceeded(result),
    status: result.status,
    target: result.target,
    actions: result.outcomes.map((o) => ({
      type: o.type,
      ...(o.topic !== undefined ? { topic: o.topic } : {}),
      ...(o.binding !== undefined ? { binding: o.binding } : {}),
      ...(o.subject !== undefined ? { subject: o.subject } : {}),
      outcome: o.outcome,
      ...(o.reason !== undefined ? { reason: o.reason } : {}),
      ...(o.diagnostic ? { diagnostic: o.diagnostic } : {}),
    })),
    summary: summariseApply(result.outcomes),
    diagnostics: sortDiagnostics(result.diagnostics),
  };
}

/** "create topic "orders" (6 partitions, replication factor 3)" and friends. */
export function describePlannedAction(action: PlannedAction): string {
  if (action.type === "acl.create") return `add ACL ${describeBinding(action.binding)}`;
  if (action.type === "acl.delete") return `remove ACL ${describeBinding(action.binding)}`;
  if (action.type === "subject.set-compatibility") {
    return `set the compatibility of subject ${JSON.stringify(action.subject)} to ${action.to}`;
  }
  if (action.type === "subject.register") {
    return `register a new version of subject ${JSON.stringify(action.subject)} (${action.file})`;
  }
  if (action.type === "subject.delete") {
    return `${action.permanent ? "permanently delete" : "delete"} subject ${JSON.stringify(action.subject)}`;
  }
  const t = JSON.stringify(action.topic);
  switch (action.type) {
    case "topic.create":
      return `create topic ${t} (${plural(action.partitions, "partition")}, replication factor ${action.replicationFactor})`;
    case "topic.alter-config": {
      const parts: string[] = [];
      if (action.set.length > 0) parts.push(`set ${action.set.map((s) => s.key).join(", ")}`);
      if (action.delete.length > 0) parts.push(`remove ${action.delete.map((d) => d.key).join(", ")}`);
      return `update the config of ${t} (${parts.join("; ")})`;
    }
    case "topic.add-partitions":
      return `add partitions to ${t} (${action.from} -> ${action.to})`;
    case "topic.change-replication":
      return `change the replication factor of ${t} (${action.from} -> ${action.to}, ${plural(action.moves.length, "partition")} moved)`;
    case "topic.delete":
      return `delete topic ${t}`;
  }
}

const PHASE_NAMES: Record<ActionType, string> = {
  "topic.create": "create topics",
  "acl.create": "add ACL bindings",
  "acl.delete": "remove ACL bindings",
  "topic.alter-config": "alter configs",
  "topic.add-partitions": "add partitions",
  "topic.change-replication": "change replication",
  "topic.delete": "delete topics",
  "subject.set-compatibility": "set subject compatibility levels",
  "subject.register": "register schemas",
  "subject.delete": "delete subjects",
};

export function phaseName(phase: ActionType): string {
  return PHASE_NAMES[phase];
}

const HEADLINE: Record<ApplyStatus, string> = {
  applied: "Apply complete.",
  "no-changes": "No changes. The cluster matches the desired state.",
  failed: "Apply failed: some changes were not applied.",
  "in-progress": "Apply submitted: replica reassignments are still in progress.",
  "timed-out": "Apply stopped: a replica reassignment did not finish in time.",
  interrupted: "Apply interrupted: kgov stopped between phases.",
};

/**
 * The human report: one line per action with its outcome, then the diagnostics of failures, then a summary line and,
 * when something was left undone, what to do next. Goes to stdout (it is the command's result).
 */
export function renderApplyText(result: ApplyResult, style: Style = plainStyle): string {
  const out: string[] = [];
  const mark = (o: ActionOutcome): string => {
    switch (o.outcome) {
      case "applied":
        return style.green("✓ applied    ");
      case "failed":
        return style.red("✗ failed     ");
      case "skipped":
        return style.dim("- skipped    ");
      case "in-progress":
        return style.yellow("… in progress");
    }
  };
  if (result.outcomes.length > 0) {
    for (const o of result.outcomes) {
      const detail =
        o.outcome === "failed" && o.diagnostic
          ? `: ${o.diagnostic.message}${o.reason !== undefined ? ` (${o.reason})` : ""}`
          : o.reason !== undefined
            ? ` (${o.reason})`
            : "";
      out.push(`${mark(o)}  ${describePlannedAction(o.action)}${detail}`);
    }
    out.push("");
  }
  const diagnostics = result.diagnostics.filter((d) => !result.outcomes.some((o) => o.diagnostic === d));
  if (diagnostics.length > 0) out.push(renderDiagnosticsText(diagnostics, { style }));
  const s = summariseApply(result.outcomes);
  const counts = [`${s.applied} applied`, `${s.failed} failed`, `${s.skipped} skipped`];
  if (s.inProgress > 0) counts.push(`${s.inProgress} in progress`);
  const headline = HEADLINE[result.status];
  const ok = applySucceeded(result);
  out.push(
    result.status === "no-changes"
      ? style.green(headline)
      : `${ok ? style.green(headline) : style.red(headline)} ${counts.join(", ")}.`,
  );
  if (!ok || result.status === "in-progress") {
    out.push(
      result.status === "in-progress"
        ? "The brokers finish moving data on their own; run kgov plan later to confirm (it warns while reassignments run)."
        : result.diagnostics.some((d) => d.code === "apply/outcome-unknown")
          ? "Nothing marked skipped was changed; what is marked failed with an unknown outcome may have been (its answer was lost). Fix the cause, then run kgov apply again: it plans from the cluster as it now is and converges."
          : "Nothing marked failed or skipped was changed. Fix the cause, then run kgov apply again: it plans from the cluster as it now is and converges.",
    );
  }
  return `${out.join("\n")}\n`;
}

/** One progress line per phase for stderr on a terminal: "create topics: 3 applied". */
export function renderPhaseLine(
  phase: ActionType,
  counts: { applied: number; failed: number; inProgress: number },
  style: Style = plainStyle,
): string {
  const parts = [`${counts.applied} applied`];
  if (counts.failed > 0) parts.push(style.red(`${counts.failed} failed`));
  if (counts.inProgress > 0) parts.push(style.yellow(`${counts.inProgress} in progress`));
  return `${style.bold(phaseName(phase))}: ${parts.join(", ")}\n`;
}
