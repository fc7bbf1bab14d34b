import { describe, expect, it } from "vitest";
import { actionKey, buildPlan, splitDrift, withDrift } from "../../../src/core/plan/index.js";
import { renderPlanMarkdown } from "../../../src/render/plan-markdown.js";
import { renderPlanText } from "../../../src/render/plan-text.js";
import { binding, cluster, desiredState, withAcls } from "./builders.js";

/**
 * Drift without a state file: the base revision's files (what was applied) are planned against the same live
 * cluster; what they would change too was changed outside kgov. A change the files ask for that also differs from
 * the base is never drift.
 */
const live = cluster({
  brokers: 3,
  topics: {
    // someone raised retention.ms by hand, and added a partition
    "shop.orders": { partitions: [[1], [2], [3]], config: { "retention.ms": "999" } },
    "shop.audit": { partitions: [[1]], config: { "retention.ms": "1000" } },
  },
  acls: [binding("User:svc-a", "read", "topic", "shop.audit")],
});
const base = withAcls(
  desiredState(
    {
      "shop.orders": { partitions: 2, replicationFactor: 1, config: { "retention.ms": "1000" } },
      "shop.audit": { partitions: 1, replicationFactor: 1, config: { "retention.ms": "1000" } },
    },
    { topicPrefixes: ["shop."] },
  ),
  { principals: ["User:svc-"] },
);
// The pull request: shop.audit's retention changes, a topic is added; shop.orders is untouched.
const head = withAcls(
  desiredState(
    {
      "shop.orders": { partitions: 2, replicationFactor: 1, config: { "retention.ms": "1000" } },
      "shop.audit": { partitions: 1, replicationFactor: 1, config: { "retention.ms": "2000" } },
      "shop.payments": { partitions: 1, replicationFactor: 1 },
    },
    { topicPrefixes: ["shop."] },
  ),
  { principals: ["User:svc-"] },
);

describe("drift", () => {
  const options = { allowDelete: true };
  const plan = withDrift(buildPlan(head, live, options), buildPlan(base, live, options), "origin/main");

  it("names what the base files would change too, and nothing the change asks for", () => {
    const { drift, changes } = splitDrift(plan);
    const describe = (a: (typeof drift)[number]) =>
      `${a.type} ${"topic" in a ? a.topic : "binding" in a ? a.binding.principal : ""}`;
    expect(drift.map(describe)).toEqual(["topic.alter-config shop.orders", "acl.delete User:svc-a"]);
    expect(changes.map(describe)).toEqual(["topic.create shop.payments", "topic.alter-config shop.audit"]);
    expect(plan.drift).toEqual({ base: "origin/main", actions: drift.map(actionKey) });
    // A partition decrease is impossible; it is a plan error in both, and never an action.
    expect(plan.actions.some((a) => a.type === "topic.add-partitions")).toBe(false);
  });

  it("keeps the same change with a different target apart: the files' value is not drift", () => {
    const otherBase = desiredState({
      "shop.orders": { partitions: 3, replicationFactor: 1, config: { "retention.ms": "5" } },
    });
    const marked = withDrift(buildPlan(head, live, options), buildPlan(otherBase, live, options), "b");
    expect(splitDrift(marked).drift.filter((a) => a.type === "topic.alter-config")).toEqual([]);
  });

  it("renders drift as its own section in text and Markdown", () => {
    const text = renderPlanText(plan);
    const driftAt = text.indexOf("Drift (changed outside kgov; the files at origin/main would change it back):");
    const changesAt = text.indexOf("Changes the files ask for:");
    expect(driftAt).toBeGreaterThan(0);
    expect(changesAt).toBeGreaterThan(driftAt);
    expect(text.slice(driftAt, changesAt)).toContain("shop.orders");
    expect(text.slice(driftAt, changesAt)).not.toContain("shop.payments");
    expect(text.slice(changesAt)).toContain("shop.payments");
    const md = renderPlanMarkdown(plan);
    expect(md).toContain("#### Drift (changed outside kgov)");
    expect(md.indexOf("`shop.orders`")).toBeLessThan(md.indexOf("#### Changes the files ask for"));
    expect(JSON.parse(JSON.stringify(plan)).drift.base).toBe("origin/main");
  });

  it("for kgov drift, every action is drift and no changes section is shown", () => {
    const current = buildPlan(base, live, options);
    const only = withDrift(current, current, null);
    expect(splitDrift(only).changes).toEqual([]);
    const text = renderPlanText(only);
    expect(text).toContain("Drift (changed outside kgov; the files would change it back):");
    expect(text).not.toContain("Changes the files ask for");
  });
});
