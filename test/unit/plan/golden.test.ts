import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { buildPlan, withUsage } from "../../../src/core/plan/index.js";
import { renderPlanMarkdown } from "../../../src/render/plan-markdown.js";
import { renderPlanText } from "../../../src/render/plan-text.js";
import { clusterFromJson, type ObservedJson } from "./builders.js";
import { GOLDEN_CASES } from "./golden-cases.js";

/**
 * Golden plans: golden/<case>/observed.json + the desired state in golden-cases.ts → plan.txt (text, no colour),
 * plan.json (`kgov plan --output json`) and plan.md (the pull-request comment).
 * `UPDATE_GOLDEN=1 npx vitest run test/unit/plan/golden.test.ts` rewrites them; review the diff before keeping it.
 */
const UPDATE = process.env.UPDATE_GOLDEN === "1";
const dir = (name: string) => fileURLToPath(new URL(`./golden/${name}/`, import.meta.url));

function expectGolden(actual: string, path: string): void {
  if (UPDATE) writeFileSync(path, actual);
  expect(actual).toBe(readFileSync(path, "utf8"));
}

describe.each(GOLDEN_CASES)("golden plan: $name", (c) => {
  const observed = clusterFromJson(JSON.parse(readFileSync(`${dir(c.name)}observed.json`, "utf8")) as ObservedJson);
  const planned = buildPlan(c.desired, observed, { allowDelete: c.allowDelete });
  const plan = c.usage ? withUsage(planned, c.usage) : planned;

  it("text matches plan.txt", () => expectGolden(renderPlanText(plan), `${dir(c.name)}plan.txt`));
  it("JSON matches plan.json", () => expectGolden(`${JSON.stringify(plan, null, 2)}\n`, `${dir(c.name)}plan.json`));
  it("Markdown matches plan.md", () => expectGolden(renderPlanMarkdown(plan), `${dir(c.name)}plan.md`));
});
