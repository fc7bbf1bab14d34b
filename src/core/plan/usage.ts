import { patternCovers } from "../model/acl.js";
import type { GroupUsage, ResourcePattern, UsageQuery } from "../model/observed.js";
import type { AclAction, GroupUse, Plan, PlannedAction, Risk } from "./types.js";

/** An ACL action that takes READ on a topic or a group away from someone (removed ALLOW or new DENY of READ/ALL). */
function narrowsRead(action: PlannedAction): action is AclAction {
  if (action.type !== "acl.create" && action.type !== "acl.delete") return false;
  const b = action.binding;
  return (
    action.access === "narrows" &&
    (b.resourceType === "topic" || b.resourceType === "group") &&
    (b.operation === "read" || b.operation === "all")
  );
}

/**
 * What the live-usage lookup must ask about, or undefined when the plan neither narrows READ nor deletes a topic: then
 * no group request is sent at all.
 */
export function usageQuery(plan: Plan): UsageQuery | undefined {
  const topics = new Map<string, ResourcePattern>();
  const groups = new Map<string, ResourcePattern>();
  const add = (into: Map<string, ResourcePattern>, p: ResourcePattern) => into.set(`${p.pattern}\0${p.name}`, p);
  for (const action of plan.actions) {
    if (action.type === "topic.delete") add(topics, { name: action.topic, pattern: "literal" });
    else if (narrowsRead(action)) {
      const p = { name: action.binding.resourceName, pattern: action.binding.patternType };
      add(action.binding.resourceType === "topic" ? topics : groups, p);
    }
  }
  if (topics.size === 0 && groups.size === 0) return undefined;
  return { groups: [...groups.values()], topics: [...topics.values()] };
}

function usesOf(pattern: ResourcePattern, resourceType: "topic" | "group", usage: readonly GroupUsage[]): GroupUse[] {
  const covers = { resourceName: pattern.name, patternType: pattern.pattern };
  const out: GroupUse[] = [];
  for (const g of usage) {
    if (resourceType === "group") {
      if (patternCovers(covers, g.group)) out.push({ ...g });
      continue;
    }
    const committedTopics = g.committedTopics.filter((t) => patternCovers(covers, t));
    if (committedTopics.length > 0) out.push({ group: g.group, state: g.state, members: g.members, committedTopics });
  }
  return out;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** "group shop.order-service has 3 active members and committed offsets on this topic". */
export function usageReason(use: GroupUse, resourceType: "topic" | "group", prefixed: boolean): string {
  const members = use.members > 0 ? `has ${plural(use.members, "active member")}` : "has no active member";
  const on =
    resourceType === "topic"
      ? prefixed || use.committedTopics.length > 1
        ? `on ${plural(use.committedTopics.length, "matching topic")}`
        : "on this topic"
      : use.committedTopics.length > 0
        ? `on ${plural(use.committedTopics.length, "topic")}`
        : "";
  if (on === "") return `group ${use.group} ${members}`;
  return `group ${use.group} ${members} ${use.members > 0 ? "and" : "but"} committed offsets ${on}`;
}

function annotate(action: PlannedAction, usage: readonly GroupUsage[]): PlannedAction {
  let resourceType: "topic" | "group";
  let pattern: ResourcePattern;
  if (action.type === "topic.delete") {
    resourceType = "topic";
    pattern = { name: action.topic, pattern: "literal" };
  } else if (narrowsRead(action)) {
    resourceType = action.binding.resourceType as "topic" | "group";
    pattern = { name: action.binding.resourceName, pattern: action.binding.patternType };
  } else return action;
  const uses = usesOf(pattern, resourceType, usage);
  if (uses.length === 0) return action;
  const risks: Risk[] = uses.map((u) => ({
    kind: "availability",
    reason: usageReason(u, resourceType, pattern.pattern === "prefixed"),
  }));
  return { ...action, risks: [...action.risks, ...risks], usage: uses };
}

/** The plan with every narrowing or deleting action flagged with the consumer groups that use its resource. */
export function withUsage(plan: Plan, usage: readonly GroupUsage[]): Plan {
  return { ...plan, actions: plan.actions.map((a) => annotate(a, usage)) };
}
