import { bindingKey } from "../model/acl.js";
import type { Plan, PlannedAction } from "./types.js";

/**
 * What an action does, as one string: its type, its resource and the state it moves the resource to. Two plans made
 * from different files against the same cluster share a key exactly when they would make the same change, so where
 * the files were declared (positions), risks and usage do not count.
 */
export function actionKey(action: PlannedAction): string {
  switch (action.type) {
    case "topic.create":
      return `${action.type}\0${action.topic}\0${action.partitions}\0${action.replicationFactor}\0${JSON.stringify(action.config)}`;
    case "topic.alter-config":
      return `${action.type}\0${action.topic}\0${JSON.stringify(action.set.map((s) => [s.key, s.to]))}\0${action.delete.map((d) => d.key).join(",")}`;
    case "topic.add-partitions":
    case "topic.change-replication":
      return `${action.type}\0${action.topic}\0${action.to}`;
    case "topic.delete":
      return `${action.type}\0${action.topic}`;
    case "acl.create":
    case "acl.delete":
      return `${action.type}\0${bindingKey(action.binding)}`;
    case "subject.set-compatibility":
      return `${action.type}\0${action.subject}\0${action.to}`;
    case "subject.register":
      return `${action.type}\0${action.subject}\0${action.schema}\0${JSON.stringify(action.references)}`;
    case "subject.delete":
      return `${action.type}\0${action.subject}`;
  }
}

/**
 * Drift without a state file: `base` is the plan of the base revision's files (what was last applied, e.g. the merge
 * base of a pull request) against the same live cluster. A change it would also make is something the cluster or
 * registry holds that those files never asked for: someone changed it outside kgov. Everything else in `head` is
 * what the change in the files asks for. The plan keeps every action (apply corrects drift too) and names the
 * drift ones.
 */
export function withDrift(head: Plan, base: Plan, label: string | null): Plan {
  const inBase = new Set(base.actions.map(actionKey));
  const drift = head.actions.map(actionKey).filter((key) => inBase.has(key));
  return { ...head, drift: { base: label, actions: drift } };
}

/** The plan's actions split into drift (changed outside kgov) and changes the files ask for, each in plan order. */
export function splitDrift(plan: Plan): { drift: PlannedAction[]; changes: PlannedAction[] } {
  if (!plan.drift) return { drift: [], changes: [...plan.actions] };
  const keys = new Set(plan.drift.actions);
  const drift: PlannedAction[] = [];
  const changes: PlannedAction[] = [];
  for (const a of plan.actions) (keys.has(actionKey(a)) ? drift : changes).push(a);
  return { drift, changes };
}
