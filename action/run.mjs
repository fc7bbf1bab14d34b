// The kgov GitHub Action's step: runs kgov for the `command` input, then turns its output into annotations, the job
// summary, the pull-request comment and the step outputs. Plain Node (>= 22) with no dependencies; action.yml
// installs kgov and passes its path in KGOV_BIN and the inputs as INPUT_* variables.
import { execFileSync, spawn } from "node:child_process";
import { appendFileSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { createGitHubClient, upsertComment } from "./github-api.mjs";
import { InputError, kgovArguments, planFileFromRoot, readInputs } from "./inputs.mjs";
import {
  COMMENT_LIMIT,
  SUMMARY_LIMIT,
  applyMarkdown,
  commentMarker,
  findingsMarkdown,
  planMarkdown,
  truncateMarkdown,
} from "./markdown.mjs";
import { planAnnotations } from "./plan-annotations.mjs";
import { formatAnnotation, relocateAnnotations, stopCommands, writeOutputs } from "./workflow-commands.mjs";

const print = (text) => process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
const fail = (message) => print(formatAnnotation("error", { title: "kgov action" }, message));
const warn = (message) => print(formatAnnotation("warning", { title: "kgov action" }, message));

/** Runs kgov, echoing its output to the log; stdout is also collected (kept out of the log when `quiet`). */
function runKgov(bin, args, { cwd, env, quiet }) {
  // A .js entry point runs with this Node, so a checkout's bin/kgov.js works without being executable.
  const [file, argv] = /\.[cm]?js$/.test(bin) ? [process.execPath, [bin, ...args]] : [bin, args];
  return new Promise((done) => {
    let stdout = "";
    let stderr = "";
    // In its own process group, kgov gets a cancellation once, from us: a second SIGINT would make it quit at once.
    const child = spawn(file, argv, { cwd, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    child.stdout.setEncoding("utf8").on("data", (chunk) => {
      stdout += chunk;
      if (!quiet) process.stdout.write(chunk);
    });
    // stderr goes to stdout as well, so that it stays inside the stop-commands block (one stream keeps the order).
    child.stderr.setEncoding("utf8").on("data", (chunk) => {
      stderr += chunk;
      process.stdout.write(chunk);
    });
    // A cancelled job sends SIGINT, then SIGTERM: kgov stops between apply phases rather than mid-request.
    const forward = (signal) => child.kill(signal);
    process.on("SIGINT", forward).on("SIGTERM", forward);
    child.on("error", (error) => {
      const message = `could not start kgov (${bin}): ${error.message}\n`;
      process.stdout.write(message);
      done({ exitCode: 1, stdout, stderr: `${stderr}${message}` });
    });
    child.on("close", (code, signal) => {
      process.off("SIGINT", forward).off("SIGTERM", forward);
      done({ exitCode: code ?? (signal === "SIGINT" ? 130 : 1), stdout, stderr });
    });
  });
}

/** kgov gets the job's environment (connection settings, KGOV_* variables) but none of the action's inputs. */
function kgovEnvironment(env) {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith("INPUT_")));
}

function readEvent(env) {
  if (!env.GITHUB_EVENT_PATH) return {};
  try {
    return JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, "utf8"));
  } catch {
    return {};
  }
}

function readSavedPlan(path) {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return undefined;
  }
}

function appendSummary(env, markdown, note) {
  if (!env.GITHUB_STEP_SUMMARY) return;
  appendFileSync(env.GITHUB_STEP_SUMMARY, `${truncateMarkdown(markdown, SUMMARY_LIMIT, note).text.trimEnd()}\n\n`);
}

function pullRequestNumber(env, event) {
  if (!["pull_request", "pull_request_target"].includes(env.GITHUB_EVENT_NAME)) return undefined;
  return event.pull_request?.number ?? event.number;
}

function gitHub(env, inputs) {
  return createGitHubClient({
    apiUrl: env.GITHUB_API_URL || "https://api.github.com",
    token: inputs.token,
    repository: env.GITHUB_REPOSITORY,
  });
}

/**
 * Prints the annotations; with `annotate: changed-files` on a pull request only those on files it changes (GitHub
 * shows at most 10 errors and 10 warnings per step, so unrelated ones can crowd out the ones that matter).
 */
async function printAnnotations({ env, event, inputs }, annotations) {
  const pullRequest = pullRequestNumber(env, event);
  let shown = annotations;
  if (inputs.annotate === "changed-files" && pullRequest && inputs.token && annotations.length > 0) {
    try {
      const changed = new Set(await gitHub(env, inputs).listPullRequestFiles(pullRequest));
      shown = annotations.filter((a) => a.properties.file === undefined || changed.has(a.properties.file));
      if (shown.length < annotations.length) {
        print(
          `${annotations.length - shown.length} annotation(s) on files this pull request does not change are only in the job summary.`,
        );
      }
    } catch (error) {
      warn(`Could not list the pull request's files (${error.message}); annotating all files.`);
    }
  }
  for (const annotation of shown) print(annotation.line);
}

async function commentOnPullRequest({ env, event, inputs, body, runUrl }) {
  const pullRequest = pullRequestNumber(env, event);
  if (!pullRequest) {
    print(`Not a pull request (${env.GITHUB_EVENT_NAME ?? "no event"}): the plan is in the job summary only.`);
    return;
  }
  if (!inputs.token) {
    warn("No github-token: the plan was not posted on the pull request (it is in the job summary).");
    return;
  }
  const marker = commentMarker(inputs.environment);
  const note = `> [!NOTE]\n> The plan is longer than a pull-request comment allows; it was cut here. The full plan is in the job summary${runUrl ? ` of [the workflow run](${runUrl})` : ""}.`;
  // The marker comes first so that a cut body still carries it and the next run finds this comment again.
  const text = `${marker}\n${truncateMarkdown(body, COMMENT_LIMIT - marker.length - 1, note).text}`;
  try {
    const result = await upsertComment(gitHub(env, inputs), pullRequest, marker, text);
    print(
      `${result.action === "updated" ? "Updated" : "Created"} the plan comment on #${pullRequest}${result.url ? `: ${result.url}` : ""}`,
    );
  } catch (error) {
    // Typically a read-only token (a pull request from a fork): the plan is still in the summary, the job goes on.
    warn(`Could not comment on pull request #${pullRequest}: ${error.message}. The plan is in the job summary.`);
  }
}

async function main(env) {
  let inputs;
  try {
    inputs = readInputs(env);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    fail(error.message);
    return 1;
  }
  if (!env.KGOV_BIN) {
    fail("KGOV_BIN is not set: action.yml's install step sets it to the kgov executable.");
    return 1;
  }
  const event = readEvent(env);
  const cwd = resolve(env.GITHUB_WORKSPACE || process.cwd(), inputs.workingDirectory);
  if (inputs.command === "plan") inputs.baseRef = baseRevision(inputs.base, event, cwd);
  const args = kgovArguments(inputs);
  const annotating = inputs.command === "validate" || inputs.command === "test-compat";

  const resumeCommands = stopCommands(print);
  print(`Running: kgov ${args.join(" ")} (in ${inputs.workingDirectory})`);
  const run = await runKgov(env.KGOV_BIN, args, { cwd, env: kgovEnvironment(env), quiet: annotating });
  resumeCommands();

  const runUrl = env.GITHUB_RUN_ID
    ? `${env.GITHUB_SERVER_URL || "https://github.com"}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
    : undefined;
  const outputs = { "exit-code": String(run.exitCode) };

  if (annotating) {
    const title = inputs.command === "validate" ? "kgov validate" : "kgov schema test-compat";
    // kgov's own workflow commands, with paths from the repository root; nothing else from its output is obeyed.
    const annotations = relocateAnnotations(run.stdout, inputs.workingDirectory);
    await printAnnotations({ env, event, inputs }, annotations);
    appendSummary(env, findingsMarkdown(title, annotations, run.exitCode), "_(cut: see the annotations)_");
    writeOutputs(env.GITHUB_OUTPUT, outputs);
    return run.exitCode;
  }

  if (inputs.command === "apply") {
    appendSummary(env, applyMarkdown(run), "_(cut: see the step log)_");
    writeOutputs(env.GITHUB_OUTPUT, { ...outputs, "plan-file": planFileFromRoot(inputs) });
    return run.exitCode;
  }

  // plan: 0 no changes, 2 changes (both success), 3 findings, 1 kgov could not run.
  const planned = run.exitCode === 0 || run.exitCode === 2;
  // Exit 1 writes no plan: a file found then would be an older one.
  const saved = run.exitCode === 1 ? undefined : readSavedPlan(resolve(cwd, inputs.planFile));
  if (saved) await printAnnotations({ env, event, inputs }, planAnnotations(saved, inputs.workingDirectory));
  const graph = inputs.graph && run.exitCode === 2 && saved ? await touchedGraph(env.KGOV_BIN, inputs, cwd, env) : "";
  const markdown = planMarkdown({
    markdown: run.stdout + graph,
    stderr: run.stderr,
    exitCode: run.exitCode,
    environment: inputs.environment,
    context: { sha: event.pull_request?.head?.sha ?? env.GITHUB_SHA, runUrl },
  });
  appendSummary(env, markdown, "_(cut: the full plan is in the plan file)_");
  if (inputs.comment) await commentOnPullRequest({ env, event, inputs, body: markdown, runUrl });
  writeOutputs(env.GITHUB_OUTPUT, {
    ...outputs,
    "has-changes": String(run.exitCode === 2),
    ...(planned && saved ? { "plan-file": planFileFromRoot(inputs) } : {}),
  });
  return planned ? 0 : run.exitCode;
}

/**
 * The Mermaid graph of what the plan touches (`kgov graph --touched`), folded under the plan: a reviewer sees which
 * services and topics the change reaches. The files and environment are the plan's; a failure only leaves it out.
 */
async function touchedGraph(bin, inputs, cwd, env) {
  const files = [];
  for (let i = 0; i < inputs.args.length; i++) {
    if (inputs.args[i] === "-f" || inputs.args[i] === "--file") files.push(inputs.args[i], inputs.args[++i] ?? "");
  }
  const environment = inputs.environment ? ["--env", inputs.environment] : [];
  const args = ["graph", "--touched", inputs.planFile, "--format", "mermaid", ...environment, ...files];
  const graph = await runKgov(bin, args, { cwd, env: kgovEnvironment(env), quiet: true });
  if (graph.exitCode !== 0 || graph.stdout.trim() === "") return "";
  return `\n<details><summary>What this change touches</summary>\n\n\`\`\`mermaid\n${graph.stdout.trimEnd()}\n\`\`\`\n\n</details>\n`;
}

/**
 * The revision whose files were last applied, for drift: `auto` is the merge base of a pull request with its base
 * branch (it needs the history: actions/checkout with fetch-depth: 0), nothing on other events; `none` turns it off;
 * anything else is a git revision as given. Without the history the plan still runs, only without drift.
 */
function baseRevision(base, event, cwd) {
  if (base === "none") return undefined;
  if (base !== "auto") return base;
  const baseSha = event.pull_request?.base?.sha;
  if (!baseSha) return undefined;
  try {
    return execFileSync("git", ["merge-base", baseSha, "HEAD"], {
      cwd,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch {
    warn(
      `The merge base with ${baseSha.slice(0, 12)} is not in the checkout (use actions/checkout with fetch-depth: 0), so drift is not shown apart.`,
    );
    return undefined;
  }
}

process.exitCode = await main(process.env).catch((error) => {
  fail(`kgov action failed: ${error instanceof Error ? error.message : String(error)}`);
  return 1;
});
