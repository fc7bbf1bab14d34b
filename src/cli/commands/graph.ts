import type { Command } from "@commander-js/extra-typings";
import type { Graph } from "../../core/graph/index.js";
import type { DesiredState } from "../../core/model/desired.js";
import type { ObservedCluster } from "../../core/model/observed.js";
import type { DesiredSubject } from "../../core/model/subjects.js";
import { addConnectionOptions, type CliConnectionFlags } from "../connection-options.js";
import type { CommandContext } from "../context.js";
import { CommandFailure } from "../errors.js";
import { ExitCode } from "../exit-codes.js";
import type { ContextFactory, Outcome } from "./index.js";
import { portFailure, warnOnStderr } from "./plan.js";

const collect = (value: string, previous: string[]) => [...previous, value];
const FORMATS = ["mermaid", "dot", "html"] as const;
type GraphFormat = (typeof FORMATS)[number];

const GRAPH_HELP = `
Draws the topology as data flows: services -> topics -> services. Topics show partitions, replication factor and
their key/value subjects; services show their principal and groups; {prefix} references point at every declared
topic they cover (or at a prefix node); principals of raw acls entries appear with their READ/WRITE edges.

Formats: mermaid (default; paste into a \`\`\`mermaid block of Markdown or a pull-request comment), dot (Graphviz:
kgov graph --format dot | dot -Tsvg > graph.svg) and html (one self-contained page, no network needed: pan by
dragging, zoom with the wheel or buttons, click a node for its config, schemas, ACL bindings and groups).

--live also reads the cluster (connection flags as for kgov plan) and adds what it has and the files do not:
unmanaged topics (never internal ones such as __consumer_offsets) and unexpected principals (live ACL bindings of
principals the files declare nowhere), marked as such.

--touched PLAN.json (a file written by kgov plan --out) draws only what the plan changes: the topics, principals
and subjects its actions name, and their direct neighbours. An empty plan gives an empty graph and a warning.

Exit: 0 drawn, 3 when the desired state has errors, 1 when kgov could not run (unreadable files or plan, connection).
See docs/graph.md.`;

interface GraphOptions extends CliConnectionFlags {
  file: string[];
  env?: string;
  format: string;
  out?: string;
  live?: boolean;
  touched?: string;
}

export function registerGraphCommand(
  program: Command<[], Record<string, unknown>>,
  context: ContextFactory,
  outcome: Outcome,
): void {
  const command = program
    .command("graph")
    .description("Draw services -> topics -> services (with schemas and groups) as Mermaid, DOT or an HTML page.")
    .option(
      "-f, --file <path>",
      "a desired-state file or folder (repeatable; default: kgov.yaml and kgov.d/)",
      collect,
      [] as string[],
    )
    .option("-e, --env <name>", "apply this environment's overrides (and, with --live, use its kafka connection)")
    .option("--format <format>", "mermaid, dot or html", "mermaid")
    .option("--out <file>", "write the graph to this file instead of stdout")
    .option("--live", "also read the cluster: add unmanaged topics and unexpected principals")
    .option("--touched <plan>", "only what a saved plan (kgov plan --out) touches, and its neighbours")
    .addHelpText("after", GRAPH_HELP);
  addConnectionOptions(command).action(async (options) => {
    const ctx = context();
    const opts = options as GraphOptions;
    const format = formatOf(opts.format);
    const [{ buildGraph, neighbourhood, touchedBy }, touchedPlan] = await Promise.all([
      import("../../core/graph/index.js"),
      opts.touched !== undefined ? readTouchedPlan(ctx, opts.touched) : undefined,
    ]);
    const { state, subjects, observed } = opts.live === true ? await readLive(ctx, opts) : await readFiles(ctx, opts);
    let graph = buildGraph({ desired: state, subjects, ...(observed ? { observed } : {}) });
    if (touchedPlan) {
      graph = neighbourhood(graph, touchedBy(touchedPlan));
      if (graph.nodes.length === 0) warnOnStderr(ctx, [nothingTouched(opts.touched ?? "")]);
    }
    const text = await render(graph, format);
    if (opts.out === undefined) ctx.io.stdout.write(text);
    else {
      const { writePlanFile } = await import("../../adapters/fs/plan-file.js");
      const problems = await writePlanFile(opts.out, text, ctx.io.cwd);
      const graphProblems = problems.map((d) => ({ ...d, message: d.message.replace("the plan", "the graph") }));
      if (problems.length > 0) throw new CommandFailure(graphProblems, ExitCode.TOOL_FAILURE);
      ctx.io.stderr.write(`Wrote the ${format} graph (${graph.nodes.length} nodes) to ${opts.out}\n`);
    }
    outcome.code = ExitCode.SUCCESS;
  });
}

function formatOf(value: string): GraphFormat {
  if ((FORMATS as readonly string[]).includes(value)) return value as GraphFormat;
  throw new CommandFailure(
    [
      {
        code: "cli/invalid-argument",
        severity: "error",
        message: `--format ${value} is not supported`,
        fix: `Use one of: ${FORMATS.join(", ")}.`,
      },
    ],
    ExitCode.TOOL_FAILURE,
  );
}

async function render(graph: Graph, format: GraphFormat): Promise<string> {
  if (format === "dot") return (await import("../../render/graph-dot.js")).renderGraphDot(graph);
  if (format === "html") return (await import("../../render/graph-html.js")).renderGraphHtml(graph);
  return (await import("../../render/graph-mermaid.js")).renderGraphMermaid(graph);
}

interface GraphSources {
  state: DesiredState;
  subjects: readonly DesiredSubject[];
  observed?: ObservedCluster;
}

/** The valid desired state (as kgov plan reads it); a state with errors fails the command as in kgov plan. */
async function readFiles(ctx: CommandContext, opts: GraphOptions): Promise<GraphSources> {
  const [{ prepareDesired }, { createFilesAdapter }, { createSchemaFilesAdapter }] = await Promise.all([
    import("../../app/plan.js"),
    import("../../adapters/fs/files.js"),
    import("../../adapters/threads/schema-files.js"),
  ]);
  const files = createFilesAdapter(ctx.io.cwd);
  const request = {
    paths: opts.file,
    ...(opts.env !== undefined ? { environment: opts.env } : {}),
    variables: ctx.io.env,
  };
  const prepared = await prepareDesired(request, files, createSchemaFilesAdapter(ctx.io.cwd, files));
  warnOnStderr(ctx, prepared.diagnostics, prepared.sources);
  if (!prepared.state) {
    ctx.io.stderr.write("The desired state has errors (see kgov validate); nothing was drawn.\n");
    throw new CommandFailure([], prepared.unreadable ? ExitCode.TOOL_FAILURE : ExitCode.FINDINGS);
  }
  return { state: prepared.state, subjects: prepared.subjects ?? [] };
}

/** The desired state and one reading of the cluster, with the connection resolved as for kgov plan. */
async function readLive(ctx: CommandContext, opts: GraphOptions): Promise<GraphSources> {
  const [{ loadDesiredAndReadCluster }, { observedFor }] = await Promise.all([
    import("./desired-and-cluster.js"),
    import("../../app/observe.js"),
  ]);
  const { state, subjects, port, observed } = await loadDesiredAndReadCluster(ctx, opts, true);
  try {
    return { state, subjects, observed: observedFor(await observed, state) };
  } catch (error) {
    portFailure(error);
  } finally {
    await port.close();
  }
}

async function readTouchedPlan(ctx: CommandContext, path: string) {
  const [{ createFilesAdapter }, { parseSavedPlan }] = await Promise.all([
    import("../../adapters/fs/files.js"),
    import("../../app/plan-file.js"),
  ]);
  const read = await createFilesAdapter(ctx.io.cwd).readText(path, { maxBytes: 64 * 1024 * 1024 });
  if (read.text === undefined) {
    const missing = {
      code: "graph/plan-file-missing",
      severity: "error",
      message: `plan file ${path} does not exist`,
      fix: "Write it with `kgov plan --out <file>` first, then pass it to --touched.",
      path,
    } as const;
    throw new CommandFailure(read.notFound ? [missing] : read.diagnostics, ExitCode.TOOL_FAILURE);
  }
  const parsed = parseSavedPlan(read.text, path);
  if (!parsed.plan) throw new CommandFailure(parsed.diagnostics, ExitCode.TOOL_FAILURE);
  return parsed.plan;
}

function nothingTouched(path: string) {
  return {
    code: "graph/nothing-touched",
    severity: "warning",
    message: `the plan in ${path} changes nothing the graph shows, so the graph is empty`,
    why: "--touched draws the topics, principals and subjects a plan's actions name; this plan has none of them.",
    fix: "Draw the whole estate without --touched, or check that the plan was made from these files.",
  } as const;
}
