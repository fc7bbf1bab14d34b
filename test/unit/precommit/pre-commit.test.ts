import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";

/**
 * kgov's pre-commit hook, run by the real pre-commit framework (installed from PyPI) in a throw-away git repository.
 *
 * The hook is our .pre-commit-hooks.yaml entry, used as a `repo: local` hook with `language: system` and an entry
 * that runs this checkout's bin/kgov.js. `pre-commit try-repo <this repo>` with the shipped `language: node` does not
 * work: pre-commit installs node hooks with `npm install -g git+file://<clone>`, and npm then runs kgov's `prepare`
 * (the build) without installing the devDependencies it needs (npm/cli#8440), so `tsc` is not found.
 *
 * The test builds nothing: `npm test` builds dist/ first (pretest). pre-commit itself is installed once into the
 * git-ignored .tools/pre-commit-venv and reused.
 */
const TIMEOUT = 240_000;
const PRE_COMMIT_VERSION = "4.7.0";
const root = fileURLToPath(new URL("../../../", import.meta.url));
const bundle = join(root, "dist/cli-bundle/run.js");
const venv = join(root, ".tools/pre-commit-venv");
const preCommit = join(venv, "bin/pre-commit");

interface Run {
  status: number | null;
  output: string;
}

function run(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Run {
  const result = spawnSync(command, args, { ...options, encoding: "utf8", timeout: TIMEOUT });
  if (result.error) throw new Error(`${command} ${args.join(" ")} could not run: ${result.error.message}`);
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function must(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const r = run(command, args, options);
  if (r.status !== 0) throw new Error(`${command} ${args.join(" ")} exited ${r.status}:\n${r.output}`);
  return r.output;
}

/** pre-commit from PyPI in a venv under .tools/; reused when the pinned version is already there. */
function ensurePreCommit(): void {
  if (existsSync(preCommit) && run(preCommit, ["--version"]).output.trim() === `pre-commit ${PRE_COMMIT_VERSION}`) {
    return;
  }
  const python = spawnSync("python3", ["--version"], { encoding: "utf8" });
  if (python.error || python.status !== 0) {
    throw new Error(
      "python3 is required to install pre-commit (https://pre-commit.com) for this test, and was not found on PATH. " +
        "Install Python 3 with its venv module (Debian/Ubuntu: apt-get install python3 python3-venv).",
    );
  }
  rmSync(venv, { recursive: true, force: true });
  const created = run("python3", ["-m", "venv", venv]);
  if (created.status !== 0 || !existsSync(join(venv, "bin/pip"))) {
    throw new Error(
      `python3 -m venv failed, or made no pip (Debian/Ubuntu: apt-get install python3-venv):\n${created.output}`,
    );
  }
  const pip = run(join(venv, "bin/pip"), ["install", "--quiet", `pre-commit==${PRE_COMMIT_VERSION}`]);
  if (pip.status !== 0) {
    throw new Error(`pip could not install pre-commit==${PRE_COMMIT_VERSION} from PyPI:\n${pip.output}`);
  }
}

/** The hook exactly as .pre-commit-hooks.yaml defines it, but running this checkout's kgov with the test's Node. */
function localHook(): Record<string, unknown> {
  const hooks = parse(readFileSync(join(root, ".pre-commit-hooks.yaml"), "utf8")) as Record<string, unknown>[];
  const hook = hooks.find((h) => h.id === "kgov-validate");
  if (!hook) throw new Error(".pre-commit-hooks.yaml has no hook with id kgov-validate");
  return { ...hook, language: "system", entry: `node ${join(root, "bin/kgov.js")} validate` };
}

const BAD = `version: 1
settings:
  defaults: { topic: { partitions: 3, replicationFactor: 2 } }
topics:
  orders.v1:
    config:
      min.insync.replicas: "3"
`;
const GOOD = BAD.replace('min.insync.replicas: "3"', 'min.insync.replicas: "1"');

describe("kgov-validate under the real pre-commit framework", { timeout: TIMEOUT }, () => {
  let repo: string;
  let home: string;
  let env: NodeJS.ProcessEnv;
  const git = (...args: string[]) => must("git", args, { cwd: repo, env });
  const preCommitIn = (...args: string[]) => run(preCommit, [...args, "--color", "never"], { cwd: repo, env });

  beforeAll(() => {
    if (!existsSync(bundle)) {
      throw new Error(`${bundle} is missing: run \`npm run build\` first (\`npm test\` does it in pretest)`);
    }
    ensurePreCommit();
    repo = mkdtempSync(join(tmpdir(), "kgov-precommit-repo-"));
    home = mkdtempSync(join(tmpdir(), "kgov-precommit-home-"));
    // No GIT_* variables from an outer git (when the suite itself runs inside a hook), the test's Node first on PATH.
    env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("GIT_")));
    env.PATH = `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ""}`;
    env.PRE_COMMIT_HOME = home;
    git("init", "--quiet", "--initial-branch=main");
    git("config", "user.email", "test@example.com");
    git("config", "user.name", "kgov test");
    git("config", "commit.gpgsign", "false");
    const config = { repos: [{ repo: "local", hooks: [localHook()] }] };
    writeFileSync(join(repo, ".pre-commit-config.yaml"), stringify(config));
    writeFileSync(join(repo, "README.md"), "not a kgov file\n");
    writeFileSync(join(repo, "kgov.yaml"), BAD);
    git("add", ".");
    git("commit", "--quiet", "--no-verify", "-m", "bad min.insync.replicas");
  }, TIMEOUT);

  afterAll(() => {
    if (repo) rmSync(repo, { recursive: true, force: true });
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it("fails `pre-commit run --all-files` on a committed error, naming the code and file:line:column", () => {
    const r = preCommitIn("run", "--all-files");
    expect(r.status, r.output).toBe(1);
    expect(r.output).toMatch(/kgov validate\.+Failed/);
    expect(r.output).toContain("error[topic/min-isr-above-rf]");
    expect(r.output).toContain("--> kgov.yaml:7:28");
    expect(r.output).toContain("1 error");
  });

  it("skips the hook when no changed file matches its `files` pattern", () => {
    const r = preCommitIn("run", "--files", "README.md");
    expect(r.status, r.output).toBe(0);
    expect(r.output).toMatch(/kgov validate\.+\(no files to check\)Skipped/);
  });

  it("passes once the file is fixed", () => {
    writeFileSync(join(repo, "kgov.yaml"), GOOD);
    git("commit", "--quiet", "--no-verify", "-am", "fix min.insync.replicas");
    const r = preCommitIn("run", "--all-files");
    expect(r.status, r.output).toBe(0);
    expect(r.output).toMatch(/kgov validate\.+Passed/);
  });

  it("as an installed git hook, refuses a commit that breaks validation and allows the fix", () => {
    expect(preCommitIn("install").status).toBe(0);
    const head = git("rev-parse", "HEAD");
    writeFileSync(join(repo, "kgov.yaml"), BAD);
    git("add", "kgov.yaml");
    const refused = run("git", ["commit", "-m", "break it again"], { cwd: repo, env });
    expect(refused.status, refused.output).not.toBe(0);
    expect(refused.output).toContain("error[topic/min-isr-above-rf]");
    expect(git("rev-parse", "HEAD")).toBe(head);

    writeFileSync(join(repo, "kgov.yaml"), GOOD.replace("partitions: 3", "partitions: 6"));
    git("add", "kgov.yaml");
    const accepted = run("git", ["commit", "-m", "six partitions"], { cwd: repo, env });
    expect(accepted.status, accepted.output).toBe(0);
    expect(accepted.output).toMatch(/kgov validate\.+Passed/);
    expect(git("rev-parse", "HEAD")).not.toBe(head);
  });
});
