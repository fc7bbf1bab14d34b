/** action/run.mjs run as the runner runs it, against a fake GitHub API and a stub kgov (see harness.ts). */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  FakeGitHub,
  newWorkspace,
  removeWorkspaces,
  REPOSITORY,
  runAction,
  TOKEN,
  type RunOptions,
} from "./harness.js";

const PULL_REQUEST = {
  number: 17,
  pull_request: { number: 17, head: { sha: "feedc0de00000000000000000000000000000000" } },
};
const MARKER = "<!-- kgov:plan:prod -->";
const PLAN_MARKDOWN = "### kgov plan: cluster `lkc-7x2q` (3 brokers)\n\n**1 topic to create.**\n\n| Action | Topic |\n";
const SAVED_PLAN = {
  formatVersion: 2,
  actions: [
    {
      type: "topic.alter-config",
      topic: "shop.payments.v2",
      risks: [{ kind: "data-loss", reason: "shortens retention from 7d to 1d; older records are deleted" }],
      source: { file: "kgov.yaml", start: { line: 10, column: 3 } },
    },
    {
      type: "topic.create",
      topic: "shop.orders.v1",
      risks: [],
      source: { file: "kgov.yaml", start: { line: 4, column: 3 } },
    },
  ],
  diagnostics: [],
};

let github: FakeGitHub;
beforeEach(async () => {
  github = new FakeGitHub();
  await github.start();
});
afterEach(async () => {
  await github.stop();
  removeWorkspaces();
});

function plan(overrides: Partial<RunOptions> = {}): RunOptions {
  return {
    inputs: { command: "plan", environment: "prod", "github-token": TOKEN, comment: "true" },
    event: PULL_REQUEST,
    github,
    stub: { stdout: PLAN_MARKDOWN, exitCode: 2, plan: SAVED_PLAN },
    ...overrides,
  };
}

const commentRequests = () => github.requests.filter((r) => r.method !== "GET");

describe("the action's plan on a pull request", () => {
  it("runs kgov plan once, saving the plan, and posts one comment with the marker, the plan and its graph", async () => {
    const run = await runAction(plan({ inputs: { ...plan().inputs, args: "--allow-delete -f 'kgov d/x.yaml'" } }));

    expect(run.code).toBe(0);
    expect(run.kgovCalls.map((c) => c.args)).toEqual([
      [
        "plan",
        "--output",
        "markdown",
        "--out",
        "kgov-plan.json",
        "--detailed-exitcode",
        "--env",
        "prod",
        "--allow-delete",
        "-f",
        "kgov d/x.yaml",
      ],
      // then the graph of what the saved plan touches, with the plan's files and environment only
      ["graph", "--touched", "kgov-plan.json", "--format", "mermaid", "--env", "prod", "-f", "kgov d/x.yaml"],
    ]);
    expect(github.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /repos/${REPOSITORY}/issues/17/comments?per_page=100`,
      `POST /repos/${REPOSITORY}/issues/17/comments`,
    ]);
    expect(github.requests.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
    const body = (commentRequests()[0]!.body as { body: string }).body;
    expect(body.startsWith(`${MARKER}\n`)).toBe(true);
    expect(body).toContain(PLAN_MARKDOWN.trimEnd());
    expect(body).toContain("commit feedc0d");
    expect(body).toContain("<summary>What this change touches</summary>\n\n```mermaid\n");
    expect(body).toContain("https://github.test/acme/kafka-estate/actions/runs/4242");
    expect(run.summary).toContain(PLAN_MARKDOWN.trimEnd());
    expect(run.outputs).toEqual({ "exit-code": "2", "has-changes": "true", "plan-file": "kgov-plan.json" });
    expect(run.stdout).toContain("Created the plan comment on #17: https://github.test/c/");
  });

  it("never shows the token to kgov or in the log", async () => {
    const run = await runAction(plan());
    expect(run.kgovCalls[0]!.inputVariables).toEqual([]);
    expect(run.stdout + run.stderr).not.toContain(TOKEN);
  });

  it("updates the same comment on the next run instead of posting another, finding it on a later page", async () => {
    github.pageSize = 2;
    github.addComments(17, ["LGTM", "<!-- kgov:plan:staging -->\nthe staging plan", "nit"]);
    const workspace = newWorkspace();
    await runAction(plan(), workspace);
    const [created] = github.comments.get(17)!.filter((c) => c.body.includes(MARKER));
    github.requests.length = 0;

    const second = await runAction(
      plan({ stub: { stdout: "### kgov plan: second\n", exitCode: 2, plan: SAVED_PLAN } }),
      workspace,
    );

    expect(second.code).toBe(0);
    expect(github.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /repos/${REPOSITORY}/issues/17/comments?per_page=100`,
      `GET /repos/${REPOSITORY}/issues/17/comments?per_page=100&page=2`,
      `PATCH /repos/${REPOSITORY}/issues/comments/${created!.id}`,
    ]);
    const comments = github.comments.get(17)!;
    expect(comments.filter((c) => c.body.includes(MARKER))).toEqual([
      { id: created!.id, body: expect.stringContaining("### kgov plan: second") as string },
    ]);
    expect(comments.find((c) => c.body.includes("kgov:plan:staging"))!.body).toContain("the staging plan");
    expect(second.stdout).toContain(`Updated the plan comment on #17: https://github.test/c/${created!.id}`);
  });

  it("reports no changes as has-changes=false", async () => {
    const run = await runAction(
      plan({ stub: { stdout: "### kgov plan\n\nNo changes.\n", exitCode: 0, plan: SAVED_PLAN } }),
    );
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ "exit-code": "0", "has-changes": "false", "plan-file": "kgov-plan.json" });
  });

  it("cuts a plan longer than a comment may be, keeping the marker, closing the open block and pointing to the summary", async () => {
    const long = `### kgov plan\n\n<details><summary>Full plan</summary>\n\n\`\`\`text\n${"+ topic shop.orders.v1 …\n".repeat(5000)}\`\`\`\n\n</details>\n`;
    const run = await runAction(plan({ stub: { stdout: long, exitCode: 2, plan: SAVED_PLAN } }));

    const body = (commentRequests()[0]!.body as { body: string }).body;
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body.startsWith(MARKER)).toBe(true);
    expect(body).toMatch(/```\n<\/details>\n\n> \[!NOTE\]\n> The plan is longer than a pull-request comment allows/);
    expect(body).toContain(
      "job summary of [the workflow run](https://github.test/acme/kafka-estate/actions/runs/4242)",
    );
    expect(run.summary).toContain(long.trimEnd());
  });

  it("replaces the comment with the failure when the plan fails, and fails the step", async () => {
    const workspace = newWorkspace();
    await runAction(plan(), workspace);
    const failed = await runAction(
      plan({ stub: { stderr: "error[plan/partition-decrease]: cannot shrink shop.orders.v1\n", exitCode: 3 } }),
      workspace,
    );

    expect(failed.code).toBe(3);
    expect(commentRequests().map((r) => r.method)).toEqual(["POST", "PATCH"]);
    const body = (commentRequests()[1]!.body as { body: string }).body;
    expect(body).toContain("❌ kgov plan failed: findings: the files must change (exit 3)");
    expect(body).toContain("error[plan/partition-decrease]: cannot shrink shop.orders.v1");
    expect(failed.outputs).toEqual({ "exit-code": "3", "has-changes": "false" });
  });

  it("warns and still succeeds when the token may not comment (a pull request from a fork)", async () => {
    github.writeStatus = 403;
    const run = await runAction(plan());
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^::warning title=kgov action::Could not comment on pull request #17: POST .* HTTP 403/m,
    );
    expect(run.summary).toContain(PLAN_MARKDOWN.trimEnd());
  });

  it("does not comment when comment is false", async () => {
    const run = await runAction(plan({ inputs: { ...plan().inputs, comment: "false" } }));
    expect(run.code).toBe(0);
    expect(github.requests).toEqual([]);
  });

  it("annotates the lines whose changes carry risks, from the repository root", async () => {
    const run = await runAction(
      plan({ inputs: { ...plan().inputs, "working-directory": "infra" }, files: { "infra/.keep": "" } }),
    );
    expect(run.kgovCalls[0]!.cwd).toMatch(/infra$/);
    expect(run.stdout).toContain(
      "::warning file=infra/kgov.yaml,line=10,col=3,title=kgov plan%3A data-loss::topic.alter-config shop.payments.v2%0Adata-loss: shortens retention from 7d to 1d; older records are deleted\n",
    );
    expect(run.stdout).not.toContain("line=4,");
    expect(run.outputs["plan-file"]).toBe("infra/kgov-plan.json");
  });

  it("annotates only the files the pull request changes when asked to, listing them all in the summary", async () => {
    github.pageSize = 1;
    github.pullRequestFiles.set(17, [
      { filename: "README.md" },
      { filename: "kgov.d/b.yaml", previous_filename: "kgov.d/a.yaml" },
    ]);
    const annotations = [
      "::error file=kgov.yaml,line=2,col=1,title=topic/x::not changed here",
      "::warning file=kgov.d/a.yaml,line=3,col=1,title=topic/y::renamed",
      "::error title=format/no-files::no file at all",
    ];
    const run = await runAction({
      inputs: { command: "validate", annotate: "changed-files", "github-token": TOKEN },
      event: PULL_REQUEST,
      github,
      stub: { stdout: `${annotations.join("\n")}\n`, exitCode: 3 },
    });
    expect(github.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /repos/${REPOSITORY}/pulls/17/files?per_page=100`,
      `GET /repos/${REPOSITORY}/pulls/17/files?per_page=100&page=2`,
    ]);
    const printed = run.stdout.split("\n").filter((line) => /^::(error|warning) /.test(line));
    expect(printed).toEqual([annotations[1], annotations[2]]);
    expect(run.stdout).toContain(
      "1 annotation(s) on files this pull request does not change are only in the job summary.",
    );
    expect(run.summary).toContain("| error | kgov.yaml:2 | topic/x | not changed here |");
  });

  it("keeps kgov's output from being read as workflow commands", async () => {
    const run = await runAction(
      plan({ stub: { stdout: "::add-mask::x\n", stderr: "::set-env name=A::b\n", exitCode: 2, plan: SAVED_PLAN } }),
    );
    const stop = /^::stop-commands::(\S+)$/m.exec(run.stdout);
    expect(stop).not.toBeNull();
    const inert = run.stdout.slice(stop!.index, run.stdout.indexOf(`::${stop![1]}::`));
    expect(inert).toContain("::add-mask::x");
    expect(inert).toContain("::set-env name=A::b");
  });
});

describe("the action on other events and commands", () => {
  it("plans on a push without commenting", async () => {
    const run = await runAction(plan({ eventName: "push", event: { ref: "refs/heads/main" } }));
    expect(run.code).toBe(0);
    expect(github.requests).toEqual([]);
    expect(run.stdout).toContain("Not a pull request (push): the plan is in the job summary only.");
    expect(run.summary).toContain(PLAN_MARKDOWN.trimEnd());
    expect(run.outputs).toMatchObject({ "has-changes": "true", "plan-file": "kgov-plan.json" });
  });

  it("applies exactly the saved plan and fails the step when kgov refuses it", async () => {
    const stale = "error[plan/stale]: the cluster changed since the plan was made\n";
    const run = await runAction({
      inputs: { command: "apply", environment: "prod", "plan-file": "plan/kgov-plan.json", "github-token": TOKEN },
      eventName: "push",
      github,
      stub: { stdout: "", stderr: stale, exitCode: 1 },
    });
    expect(run.kgovCalls.map((c) => c.args)).toEqual([["apply", "plan/kgov-plan.json", "--env", "prod"]]);
    expect(run.code).toBe(1);
    expect(run.summary).toContain("❌ kgov apply failed: kgov could not run `apply` (exit 1)");
    expect(run.summary).toContain(stale.trimEnd());
    expect(run.outputs).toEqual({ "exit-code": "1", "plan-file": "plan/kgov-plan.json" });
    expect(github.requests).toEqual([]);
  });

  it("passes only kgov's annotations through for validate, and fails the step on findings", async () => {
    const run = await runAction({
      inputs: { command: "validate", "github-token": TOKEN },
      github,
      stub: {
        stdout: "::error file=kgov.yaml,line=2,col=1,title=topic/x::bad%0Areally\n::set-output name=a::b\n",
        exitCode: 3,
      },
    });
    expect(run.code).toBe(3);
    expect(run.kgovCalls[0]!.args).toEqual(["validate", "--output", "github-actions"]);
    const after = run.stdout.slice(run.stdout.lastIndexOf("::\n") + 3);
    expect(after).toBe("::error file=kgov.yaml,line=2,col=1,title=topic/x::bad%0Areally\n");
    expect(run.summary).toContain(
      "### ❌ kgov validate: findings: the files must change (exit 3); 1 error, 0 warnings",
    );
    expect(run.summary).toContain("| error | kgov.yaml:2 | topic/x | bad |");
    expect(github.requests).toEqual([]);
  });

  it("runs schema test-compat with annotations", async () => {
    const run = await runAction({
      inputs: { command: "test-compat", environment: "prod" },
      github,
      stub: { exitCode: 0 },
    });
    expect(run.code).toBe(0);
    expect(run.kgovCalls[0]!.args).toEqual(["schema", "test-compat", "--output", "github-actions", "--env", "prod"]);
    expect(run.summary).toContain("### ✅ kgov schema test-compat: 0 errors, 0 warnings, 0 notices");
  });

  it("passes a cancellation on to kgov, so that apply stops between phases", async () => {
    const run = await runAction({
      inputs: { command: "apply", environment: "prod" },
      eventName: "push",
      github,
      stub: { waitForSignal: true },
      signal: "SIGINT",
    });
    expect(run.stdout).toContain("kgov-stub: interrupted");
    expect(run.code).toBe(130);
    expect(run.outputs).toMatchObject({ "exit-code": "130" });
  });

  it("fails the step, saying why, when kgov cannot be started", async () => {
    const run = await runAction({ inputs: { command: "validate" }, github, kgovBin: "/nonexistent/kgov" });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("could not start kgov (/nonexistent/kgov): spawn /nonexistent/kgov ENOENT");
    expect(run.outputs).toEqual({ "exit-code": "1" });
  });

  it("refuses an unknown command before running kgov", async () => {
    const run = await runAction({ inputs: { command: "destroy" }, github });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      "::error title=kgov action::input command must be one of validate, test-compat, plan, apply",
    );
    expect(run.kgovCalls).toEqual([]);
  });
});

describe("the action with the real kgov", () => {
  const bin = fileURLToPath(new URL("../../../bin/kgov.js", import.meta.url));
  const bundle = fileURLToPath(new URL("../../../dist/cli-bundle/run.js", import.meta.url));

  it("turns kgov validate's findings into annotations on the files, from the repository root", async () => {
    if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run \`npm run build\` first (\`npm test\` does)`);
    const kgovYaml = [
      "version: 1",
      "topics:",
      "  shop.orders.v1:",
      "    partitions: 3",
      "    replicationFactor: 2",
      "    config:",
      '      min.insync.replicas: "3"',
      "",
    ].join("\n");
    const run = await runAction({
      inputs: { command: "validate", "working-directory": "infra" },
      github,
      kgovBin: bin,
      files: { "infra/kgov.yaml": kgovYaml },
    });
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(
      /^::error file=infra\/kgov\.yaml,line=7,col=28,endLine=7,endColumn=31,title=topic\/min-isr-above-rf::min\.insync\.replicas \(3\) is greater than the replication factor \(2\)/m,
    );
    expect(run.summary).toContain("| error | infra/kgov.yaml:7 | topic/min-isr-above-rf |");
    expect(run.outputs).toEqual({ "exit-code": "3" });
  }, 30_000);
});

describe("the action's drift base", () => {
  const git = (cwd: string, ...args: string[]) => execFileSync("git", args, { cwd, encoding: "utf8" }).trim();

  it("passes the pull request's merge base as --base when the history is checked out", async () => {
    const workspace = newWorkspace();
    git(workspace, "init", "-q");
    git(workspace, "-c", "user.email=a@b", "-c", "user.name=a", "commit", "-q", "--allow-empty", "-m", "base");
    const base = git(workspace, "rev-parse", "HEAD");
    git(workspace, "-c", "user.email=a@b", "-c", "user.name=a", "commit", "-q", "--allow-empty", "-m", "change");
    const event = { ...PULL_REQUEST, pull_request: { ...PULL_REQUEST.pull_request, base: { sha: base } } };
    const run = await runAction(plan({ event }), workspace);
    expect(run.kgovCalls[0]!.args).toEqual(expect.arrayContaining(["--base", base]));
    const none = await runAction(plan({ event, inputs: { ...plan().inputs, base: "none" } }), workspace);
    expect(none.kgovCalls[0]!.args).not.toContain("--base");
  });

  it("plans without drift, and says why, when the merge base is not in the checkout", async () => {
    const event = { ...PULL_REQUEST, pull_request: { ...PULL_REQUEST.pull_request, base: { sha: "b".repeat(40) } } };
    const run = await runAction(plan({ event }));
    expect(run.code).toBe(0);
    expect(run.kgovCalls[0]!.args).not.toContain("--base");
    expect(run.stdout).toContain("fetch-depth: 0");
  });
});

describe("the action's graph of what the change touches", () => {
  it("is left out with graph: false, and when the plan has no changes", async () => {
    const off = await runAction(plan({ inputs: { ...plan().inputs, graph: "false" } }));
    expect(off.kgovCalls.map((c) => c.args[0])).toEqual(["plan"]);
    const unchanged = await runAction(plan({ stub: { stdout: PLAN_MARKDOWN, exitCode: 0, plan: SAVED_PLAN } }));
    expect(unchanged.kgovCalls.map((c) => c.args[0])).toEqual(["plan"]);
  });
});
