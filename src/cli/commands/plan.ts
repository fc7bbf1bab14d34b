import type { Command } from "@commander-js/extra-typings";
import { hasErrors, type Diagnostic } from "../../core/diagnostics/index.js";
import type { Plan, PlanOptions } from "../../core/plan/index.js";
import type { ClusterReading } from "../../app/observe.js";
import type { CliConnectionFlags } from "../connection-options.js";
import { KafkaPortError } from "../../ports/kafka.js";
import { RegistryPortError } from "../../ports/registry.js";
import { renderDiagnosticsText } from "../../render/diagnostics.js";
import { addConnectionOptions } from "../connection-options.js";
import type { CommandContext } from "../context.js";
import { CommandFailure } from "../errors.js";
import { ExitCode } from "../exit-codes.js";
import type { ContextFactory, Outcome } from "./index.js";
import type { RegistrySide } from "./registry-side.js";

const collect = (value: string, previous: string[]) => [...previous, value];

const PLAN_HELP = `
Reads the desired state (validated first: a state with errors is not planned), reads the cluster once and prints what
kgov apply would change: + create, ~ update in place, - delete, with the risks of each change.
Topics outside settings.scope.topicPrefixes are never touched; inside it, topics that are not desired are deleted
only with --allow-delete. ACLs: services and raw acls entries become bindings; principals matching
settings.scope.principals, and every service's principal, are owned: their bindings that are not desired are
deleted only with --allow-delete. Other principals' bindings are never touched. Each ACL change is marked as
broadening or narrowing access, an access summary per principal ends the plan, and an action that narrows READ or
deletes a topic is flagged with the consumer groups using it.

Subjects (with a Schema Registry: --registry-url, KGOV_REGISTRY_URL or the environment's registry block, with
KGOV_REGISTRY_USERNAME / KGOV_REGISTRY_PASSWORD or KGOV_REGISTRY_TOKEN): a new version where no live version holds
the desired schema (compared in canonical form), dependencies first; a level change where the files set one (applied
before any registration); each new version checked by the registry and by kgov's own engine (incompatible: an
error). Live subjects inside settings.scope.subjectPrefixes that are not desired are soft-deleted only with
--allow-delete, and also permanently deleted only with --permanent-delete.

The connection comes from flags, then KGOV_* variables, then --command-config, then the --env environment's kafka
block (paths in it are relative to the YAML file that declares it).

Drift: --base REF also plans the files at that git revision (the files last applied, e.g. the merge base of a pull
request) against the same reading of the cluster and registry; actions those files would make too are changes made
outside kgov and are shown in their own "Drift" section. kgov drift reports drift alone, for a scheduled job.

Fleet: --env dev,staging,prod (or --all-envs) plans every environment concurrently and prints one report, a section
per environment and a summary table; --out saves all the plans in one file, and kgov apply FILE (or
kgov apply --env dev,staging,prod) applies them in that order, stopping at the first environment that fails.

Output: --output text (default), json (the plan document, see docs/output-format.md) or markdown (for a pull request).
--out FILE saves the plan (JSON, with fingerprints of the cluster and the files) for kgov apply FILE.
Exit: 0 planned (with --detailed-exitcode: 0 no changes, 2 changes), 3 validation errors or impossible changes,
1 kgov could not run (unreadable files, connection problem).`;

export interface DesiredOptions {
  file: string[];
  env?: string;
  registryUrl?: string;
}

/** --allow-delete and --permanent-delete as plan options; the second means nothing without the first. */
export function deletionOptions(options: { allowDelete?: boolean; permanentDelete?: boolean }): {
  allowDelete: boolean;
  permanentDelete: boolean;
} {
  if (options.permanentDelete === true && options.allowDelete !== true) {
    throw new CommandFailure(
      [
        {
          code: "cli/invalid-argument",
          severity: "error",
          message: "--permanent-delete needs --allow-delete",
          fix: "Pass both to delete subjects permanently, or neither.",
        },
      ],
      ExitCode.TOOL_FAILURE,
    );
  }
  return { allowDelete: options.allowDelete === true, permanentDelete: options.permanentDelete === true };
}

/** The plan with the warnings gathered before planning (e.g. no registry configured). */
export function withWarnings(plan: Plan, warnings: readonly Diagnostic[]): Plan {
  return warnings.length === 0 ? plan : { ...plan, diagnostics: [...plan.diagnostics, ...warnings] };
}

/** -f and --env, shared by plan and apply. */
export function addDesiredOptions<C extends Command<[], Record<string, unknown>>>(command: C): C {
  command
    .option(
      "-f, --file <path>",
      "a desired-state file or folder (repeatable; default: kgov.yaml and kgov.d/)",
      collect,
      [] as string[],
    )
    .option(
      "-e, --env <name>",
      "the environment: its overrides and its kafka and registry connection settings apply (plan/apply/drift: a,b,c for several)",
    )
    .option("--all-envs", "plan / apply / drift: every environment the files declare, in declaration order")
    .option(
      "--registry-url <url>",
      "the Schema Registry (Confluent REST API); default KGOV_REGISTRY_URL, then the environment's registry.url",
    );
  return command;
}

/** Renders diagnostics as text on stderr whatever --output says (stdout is reserved for the command's document). */
export function warnOnStderr(
  ctx: CommandContext,
  diagnostics: readonly Diagnostic[],
  sources?: ReadonlyMap<string, string>,
): void {
  if (diagnostics.length === 0) return;
  ctx.io.stderr.write(
    renderDiagnosticsText(diagnostics, {
      style: ctx.stderrStyle,
      ...(sources ? { sources: (f) => sources.get(f) } : {}),
    }),
  );
}

/** Turns a classified port failure into a command failure (exit 1); anything else is a bug and propagates. */
export function portFailure(error: unknown): never {
  if (error instanceof KafkaPortError) throw new CommandFailure(error.diagnostics, ExitCode.TOOL_FAILURE);
  if (error instanceof RegistryPortError) throw new CommandFailure([error.diagnostic], ExitCode.TOOL_FAILURE);
  throw error;
}

/** Prints a plan in the selected format on stdout (diagnostics of the plan go to stderr in text and markdown). */
export async function printPlan(ctx: CommandContext, plan: Plan, sources: ReadonlyMap<string, string>): Promise<void> {
  if (ctx.output === "json") {
    ctx.io.stdout.write(`${JSON.stringify(plan, null, 2)}\n`);
    return;
  }
  warnOnStderr(ctx, plan.diagnostics, sources);
  if (ctx.output === "markdown") {
    const { renderPlanMarkdown } = await import("../../render/plan-markdown.js");
    ctx.io.stdout.write(renderPlanMarkdown(plan));
    return;
  }
  const { renderPlanText } = await import("../../render/plan-text.js");
  ctx.io.stdout.write(renderPlanText(plan, { style: ctx.stdoutStyle, diagnostics: false }));
}

/**
 * The plan of plan and drift: the desired state, one read of the cluster and the registry, the plan with usage, then
 * `refine` (drift marking) while the reading is at hand; connections are closed whatever happens.
 */
export async function planLive(
  ctx: CommandContext,
  opts: DesiredOptions & CliConnectionFlags,
  options: PlanOptions,
  refine: (plan: Plan, cluster: ClusterReading, side: RegistrySide) => Promise<Plan>,
): Promise<{ plan: Plan; sources: ReadonlyMap<string, string> }> {
  const [{ loadDesiredAndReadCluster }, { planWithUsage }, { observedFor }, { readRegistrySide }] = await Promise.all([
    import("./desired-and-cluster.js"),
    import("../../app/plan.js"),
    import("../../app/observe.js"),
    import("./registry-side.js"),
  ]);
  const { state, subjects, sources, port, observed } = await loadDesiredAndReadCluster(ctx, opts, true);
  let registry: RegistrySide | undefined;
  try {
    const [cluster, side] = await Promise.all([observed, readRegistrySide(ctx, opts.registryUrl, state, subjects)]);
    registry = side;
    const plan = withWarnings(
      await planWithUsage(state, observedFor(cluster, state), port, options, side.input),
      side.warnings,
    );
    return { plan: await refine(plan, cluster, side), sources };
  } catch (error) {
    return portFailure(error);
  } finally {
    await Promise.all([port.close(), registry?.port?.close()]);
  }
}

export function registerPlanCommand(
  program: Command<[], Record<string, unknown>>,
  context: ContextFactory,
  outcome: Outcome,
): void {
  const command = addDesiredOptions(
    program
      .command("plan")
      .description("Show what kgov apply would change on the cluster to match the desired state (read-only)."),
  );
  addConnectionOptions(
    command
      .option(
        "--allow-delete",
        "plan the deletion of topics and subjects in scope and of owned principals' ACL bindings that are not desired",
      )
      .option("--permanent-delete", "subject deletions also delete permanently (hard delete; needs --allow-delete)")
      .option(
        "--base <ref>",
        "git revision of the files last applied (e.g. the merge base): actions those files would make too are shown as drift",
      )
      .option("--out <file>", "save the plan as JSON for `kgov apply <file>`")
      .option("--detailed-exitcode", "exit 0 when there are no changes, 2 when there are")
      .addHelpText("after", PLAN_HELP),
  ).action(async (options) => {
    const ctx = context();
    ctx.requireOutput(["text", "json", "markdown"]);
    const opts = options as typeof options & DesiredOptions;
    const { plan, sources } = await planLive(ctx, opts, deletionOptions(options), async (current, cluster, side) => {
      if (options.base === undefined) return current;
      const [{ planBase }, { withDrift }] = await Promise.all([
        import("./plan-base.js"),
        import("../../core/plan/index.js"),
      ]);
      const base = await planBase(ctx, options.base, opts, cluster, deletionOptions(options), side.input !== undefined);
      return withWarnings(base.plan ? withDrift(current, base.plan, options.base) : current, base.warnings);
    });
    await printPlan(ctx, plan, sources);
    if (options.out !== undefined) {
      const { writePlanFile } = await import("../../adapters/fs/plan-file.js");
      const problems = await writePlanFile(options.out, `${JSON.stringify(plan, null, 2)}\n`, ctx.io.cwd);
      if (problems.length > 0) throw new CommandFailure(problems, ExitCode.TOOL_FAILURE);
      ctx.io.stderr.write(`Saved the plan to ${options.out}; apply it with: kgov apply ${options.out}\n`);
    }
    const { hasChanges } = await import("../../core/plan/index.js");
    if (hasErrors(plan.diagnostics)) outcome.code = ExitCode.FINDINGS;
    else if (options.detailedExitcode === true && hasChanges(plan)) outcome.code = ExitCode.CHANGES;
    else outcome.code = ExitCode.SUCCESS;
  });
}
