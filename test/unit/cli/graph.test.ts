import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../helpers/cli.js";

const examples = ["-f", "examples"];

/** A saved plan (the envelope kgov plan --out writes) whose only action changes one topic. */
function planTouching(topic: string): string {
  const dir = mkdtempSync(join(tmpdir(), "kgov-graph-"));
  const path = join(dir, "plan.json");
  const action = { type: "topic.alter-config", topic, set: [], delete: [], unchangedCount: 0, risks: [] };
  const plan = {
    formatVersion: 2,
    target: { clusterId: "c", brokers: 1 },
    fingerprints: { observed: "sha256:0", desired: "sha256:0" },
    actions: topic === "" ? [] : [action],
    unmanaged: [],
    diagnostics: [],
  };
  writeFileSync(path, JSON.stringify(plan));
  return path;
}

describe("kgov graph over examples/", () => {
  it("prints a Mermaid flowchart by default", async () => {
    const run = await runCli(["graph", ...examples]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout.startsWith("flowchart LR\n")).toBe(true);
    expect(run.stdout).toContain("shop.orders.order-validated.v1");
    expect(run.stdout).toContain("value: shop.orders.order-validated.v1-value");
    expect(run.stdout).toContain("group shop.order-service");
  });

  it("prints DOT with --format dot", async () => {
    const run = await runCli(["graph", ...examples, "--format", "dot"]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/^digraph kgov \{/);
    expect(run.stdout).toMatch(/n\d+ -> n\d+ \[label="produces"\];/);
  });

  it("writes a self-contained HTML page with --out", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "kgov-graph-")), "graph.html");
    const run = await runCli(["graph", ...examples, "--format", "html", "--out", out]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(`to ${out}`);
    const html = readFileSync(out, "utf8");
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/https?:\/\//);
  });

  it("applies the environment's overrides with --env", async () => {
    const env = { KGOV_DEV_PASSWORD: "x" };
    const [plain, dev] = await Promise.all([
      runCli(["graph", ...examples], { env }),
      runCli(["graph", ...examples, "--env", "dev"], { env }),
    ]);
    expect(dev.exitCode).toBe(0);
    expect(plain.stdout).toContain("RF 3");
    expect(dev.stdout).not.toContain("RF 3");
    expect(dev.stdout).toContain("RF 1");
  });

  it("draws only what a saved plan touches, and its neighbours, with --touched", async () => {
    const run = await runCli(["graph", ...examples, "--touched", planTouching("shop.orders.order-state.v1")]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("shop.orders.order-state.v1");
    expect(run.stdout).toContain("order-service");
    expect(run.stdout).toContain("email-service");
    expect(run.stdout).not.toContain("shipping-service");
  });

  it("warns when the plan touches nothing", async () => {
    const run = await runCli(["graph", ...examples, "--touched", planTouching("")]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).not.toContain("-->");
    expect(run.stderr).toContain("graph/nothing-touched");
  });

  it("fails with exit 1 on a missing plan file or an unknown format", async () => {
    const missing = await runCli(["graph", ...examples, "--touched", "no-such-plan.json"]);
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain("graph/plan-file-missing");
    const format = await runCli(["graph", ...examples, "--format", "svg"]);
    expect(format.exitCode).toBe(1);
    expect(format.stderr).toContain("--format svg is not supported");
  });

  it("documents every option in its help", async () => {
    const run = await runCli(["graph", "--help"]);
    for (const flag of ["--format", "--out", "--live", "--touched", "--env", "--bootstrap-server"]) {
      expect(run.stdout).toContain(flag);
    }
  });
});
