import { describe, expect, it } from "vitest";
import { buildPlan, type Plan } from "../../../src/core/plan/index.js";
import { renderPlanMarkdown } from "../../../src/render/plan-markdown.js";
import { renderPlanText } from "../../../src/render/plan-text.js";
import { createStyle } from "../../../src/render/style.js";
import { cluster, desiredState } from "./builders.js";

const ESC = String.fromCharCode(27);

function planFor(): Plan {
  return buildPlan(
    desiredState(
      { t: { partitions: 1, replicationFactor: 3, config: { "retention.ms": 1000 } } },
      { topicPrefixes: ["t"] },
    ),
    cluster({
      brokers: 3,
      topics: {
        t: { partitions: [[1]], config: { "retention.ms": { value: null, source: "default", sensitive: true } } },
        "t.old": { partitions: [[1]] },
        other: { partitions: [[2]] },
      },
    }),
    { allowDelete: false },
  );
}

describe("plan renderers", () => {
  it("never prints a sensitive value", () => {
    const plan = planFor();
    const text = renderPlanText(plan);
    expect(text).toContain("config.retention.ms = (sensitive) (inherited) -> (sensitive)");
    expect(text).not.toContain('"1000"');
    expect(renderPlanMarkdown(plan)).not.toContain('"1000"');
  });

  it("shows blocked deletions as such and does not count them", () => {
    const text = renderPlanText(planFor());
    expect(text).toContain('# topic "t.old" is not desired: would delete; pass --allow-delete');
    expect(text).toContain(
      "Plan: 0 to create, 1 to update, 0 to delete. 1 deletion blocked (pass --allow-delete to delete).",
    );
    expect(text).toContain("1 live topic outside settings.scope.topicPrefixes is not managed: other");
  });

  it("colours only when asked, and the words carry the meaning without colour", () => {
    const plan = planFor();
    const coloured = renderPlanText(plan, { style: createStyle(true) });
    expect(coloured).toContain(`${ESC}[`);
    expect(coloured.replace(new RegExp(`${ESC}\\[[0-9;]*m`, "g"), "")).toBe(renderPlanText(plan));
    expect(renderPlanText(plan)).not.toContain(ESC);
  });

  it("caps long move lists and leaves diagnostics out on request", () => {
    const plan = buildPlan(
      desiredState({ t: { replicationFactor: 2, partitions: 1 } }),
      cluster({ brokers: 3, topics: { t: { partitions: [[1], [2], [3]] } } }),
      { allowDelete: false },
    );
    const text = renderPlanText(plan, { maxMoves: 1, diagnostics: false });
    expect(text).toContain("partition 0: [1] -> [1, 2]");
    expect(text).toContain("… 2 more moves (see --output json)");
    expect(text).not.toContain("error[plan/partition-decrease]");
    expect(renderPlanText(plan)).toContain("error[plan/partition-decrease]");
  });

  it("escapes table cells and fences in Markdown", () => {
    const plan = buildPlan(
      desiredState({ "a|b": { partitions: 1, replicationFactor: 1, config: { "x.y": "`code` | pipe" } } }),
      cluster({ brokers: 1 }),
      { allowDelete: false },
    );
    const md = renderPlanMarkdown(plan);
    expect(md).toContain("| + create | `a\\|b` |");
    expect(md).toContain('```\nkgov plan: cluster "test-cluster"');
  });
});
