/**
 * Runs action/run.mjs the way the runner does (GITHUB_* variables, an event payload file, INPUT_* variables, the
 * summary and output files) against a local fake of the GitHub REST endpoints it calls, with a stub kgov.
 */
import { spawn } from "node:child_process";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const RUN_SCRIPT = fileURLToPath(new URL("../../../action/run.mjs", import.meta.url));
export const REPOSITORY = "acme/kafka-estate";
export const TOKEN = "ghs_fake-token-0123456789";

export interface RecordedRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  body: unknown;
}

export interface FakeComment {
  id: number;
  body: string;
}

/** The issue-comment endpoints of the GitHub REST API, in memory, paginated by `pageSize` whatever per_page says. */
export class FakeGitHub {
  readonly requests: RecordedRequest[] = [];
  readonly comments = new Map<number, FakeComment[]>();
  /** Per pull request, what GET /pulls/{n}/files lists. */
  readonly pullRequestFiles = new Map<number, { filename: string; previous_filename?: string }[]>();
  pageSize = 30;
  /** Status to answer to comment creation and update (e.g. 403 for a read-only token). */
  writeStatus: number | undefined;
  private nextId = 1000;
  private server = createServer((req, res) => void this.handle(req, res));
  url = "";

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server.close(resolve));
  }

  addComments(issue: number, bodies: string[]): FakeComment[] {
    const added = bodies.map((body) => ({ id: this.nextId++, body }));
    this.comments.set(issue, [...(this.comments.get(issue) ?? []), ...added]);
    return added;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let raw = "";
    for await (const chunk of req) raw += String(chunk);
    const url = new URL(req.url ?? "/", this.url);
    const body: unknown = raw ? JSON.parse(raw) : undefined;
    this.requests.push({
      method: req.method ?? "",
      path: `${url.pathname}${url.search}`,
      authorization: req.headers.authorization,
      body,
    });
    const send = (status: number, json: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(json));
    };
    const prefix = `/repos/${REPOSITORY}/issues`;
    const list = new RegExp(`^${prefix}/(\\d+)/comments$`).exec(url.pathname);
    const one = new RegExp(`^${prefix}/comments/(\\d+)$`).exec(url.pathname);
    const files = new RegExp(`^/repos/${REPOSITORY}/pulls/(\\d+)/files$`).exec(url.pathname);
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return send(401, { message: "Bad credentials" });
    const sendPage = (all: unknown[]) => {
      const page = Number(url.searchParams.get("page") ?? "1");
      const last = Math.max(1, Math.ceil(all.length / this.pageSize));
      const next = new URL(url);
      next.searchParams.set("page", String(page + 1));
      const link: Record<string, string> =
        page < last ? { link: `<${next.href}>; rel="next", <${this.url}${url.pathname}>; rel="first"` } : {};
      return send(200, all.slice((page - 1) * this.pageSize, page * this.pageSize), link);
    };
    if (list && req.method === "GET") return sendPage(this.comments.get(Number(list[1])) ?? []);
    if (files && req.method === "GET") return sendPage(this.pullRequestFiles.get(Number(files[1])) ?? []);
    if ((list && req.method === "POST") || (one && req.method === "PATCH")) {
      if (this.writeStatus) return send(this.writeStatus, { message: "Resource not accessible by integration" });
      const text = (body as { body: string }).body;
      if (list) {
        const [created] = this.addComments(Number(list[1]), [text]);
        return send(201, { ...created, html_url: `https://github.test/c/${created!.id}` });
      }
      const comment = [...this.comments.values()].flat().find((c) => c.id === Number(one![1]));
      if (!comment) return send(404, { message: "Not Found" });
      comment.body = text;
      return send(200, { ...comment, html_url: `https://github.test/c/${comment.id}` });
    }
    return send(404, { message: "Not Found" });
  }
}

export interface StubSpec {
  stdout?: string;
  stderr?: string;
  exitCode?: number;
  /** Written to the --out file, as `kgov plan --out` does. */
  plan?: unknown;
  /** Print "kgov-stub: waiting" and wait for SIGINT, then exit 130 as kgov does. */
  waitForSignal?: boolean;
}

/** A kgov stand-in: records how it was called, prints canned output, writes the plan file and exits. */
const STUB = `
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
const spec = JSON.parse(readFileSync(process.env.KGOV_STUB_SPEC, "utf8"));
const args = process.argv.slice(2);
const inputVariables = Object.keys(process.env).filter((name) => name.startsWith("INPUT_"));
appendFileSync(process.env.KGOV_STUB_LOG, JSON.stringify({ args, cwd: process.cwd(), inputVariables }) + "\\n");
// kgov graph answers like the real one: a Mermaid flowchart, exit 0.
if (args[0] === "graph") process.stdout.write("flowchart LR\\n  n0[[\\"shop.orders.v1\\"]]\\n", () => process.exit(0));
else {
const out = args.indexOf("--out");
if (out >= 0 && spec.plan !== undefined) writeFileSync(resolve(args[out + 1]), JSON.stringify(spec.plan));
process.stderr.write(spec.stderr ?? "");
if (spec.waitForSignal) {
  const keepAlive = setInterval(() => {}, 1000);
  process.on("SIGINT", () => { clearInterval(keepAlive); process.stdout.write("kgov-stub: interrupted\\n", () => process.exit(130)); });
  process.stdout.write("kgov-stub: waiting\\n");
} else process.stdout.write(spec.stdout ?? "", () => process.exit(spec.exitCode ?? 0));
}
`;

export interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  summary: string;
  outputs: Record<string, string>;
  kgovCalls: { args: string[]; cwd: string; inputVariables: string[] }[];
}

export interface RunOptions {
  inputs: Record<string, string>;
  eventName?: string;
  event?: unknown;
  stub?: StubSpec;
  /** Use this kgov instead of the stub (e.g. the repository's bin/kgov.js). */
  kgovBin?: string;
  github?: FakeGitHub;
  /** Sent to the action's process once kgov prints "kgov-stub: waiting" (a cancelled job). */
  signal?: NodeJS.Signals;
  /** Files to create in the workspace before the run. */
  files?: Record<string, string>;
}

const workspaces: string[] = [];

export function newWorkspace(): string {
  const workspace = mkdtempSync(join(tmpdir(), "kgov-action-"));
  workspaces.push(workspace);
  return workspace;
}

export function removeWorkspaces(): void {
  for (const workspace of workspaces.splice(0)) rmSync(workspace, { recursive: true, force: true });
}

/** One run of the action's script in `workspace` (a fresh one unless given; reuse it for a second run). */
export async function runAction(options: RunOptions, workspace = newWorkspace()): Promise<ActionRun> {
  const runner = join(workspace, ".runner");
  mkdirSync(runner, { recursive: true });
  for (const [path, text] of Object.entries(options.files ?? {})) {
    mkdirSync(join(workspace, path, ".."), { recursive: true });
    writeFileSync(join(workspace, path), text);
  }
  const files = {
    event: join(runner, "event.json"),
    summary: join(runner, "summary.md"),
    output: join(runner, "output.txt"),
    stub: join(runner, "kgov-stub.mjs"),
    stubLog: join(runner, "kgov-calls.jsonl"),
    stubSpec: join(runner, "kgov-stub.json"),
  };
  writeFileSync(files.event, JSON.stringify(options.event ?? {}));
  writeFileSync(files.summary, "");
  writeFileSync(files.output, "");
  writeFileSync(files.stub, STUB);
  writeFileSync(files.stubLog, "");
  writeFileSync(files.stubSpec, JSON.stringify(options.stub ?? {}));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    GITHUB_ACTIONS: "true",
    GITHUB_EVENT_NAME: options.eventName ?? "pull_request",
    GITHUB_EVENT_PATH: files.event,
    GITHUB_REPOSITORY: REPOSITORY,
    GITHUB_API_URL: options.github?.url ?? "http://127.0.0.1:9",
    GITHUB_SERVER_URL: "https://github.test",
    GITHUB_RUN_ID: "4242",
    GITHUB_SHA: "0123456789abcdef0123456789abcdef01234567",
    GITHUB_WORKSPACE: workspace,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_OUTPUT: files.output,
    KGOV_BIN: options.kgovBin ?? files.stub,
    KGOV_STUB_SPEC: files.stubSpec,
    KGOV_STUB_LOG: files.stubLog,
    NO_COLOR: "1",
  };
  for (const [name, value] of Object.entries(options.inputs)) {
    env[`INPUT_${name.toUpperCase().replace(/-/g, "_")}`] = value;
  }
  const child = spawn(process.execPath, [RUN_SCRIPT], { cwd: workspace, env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  let signalled = false;
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    if (options.signal && !signalled && stdout.includes("kgov-stub: waiting\n")) signalled = child.kill(options.signal);
  });
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  return {
    code,
    stdout,
    stderr,
    summary: readFileSync(files.summary, "utf8"),
    outputs: Object.fromEntries(
      readFileSync(files.output, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
    ),
    kgovCalls: existsSync(files.stubLog)
      ? readFileSync(files.stubLog, "utf8")
          .split("\n")
          .filter(Boolean)
          .map((line) => JSON.parse(line) as ActionRun["kgovCalls"][number])
      : [],
  };
}
