import type { Command } from "@commander-js/extra-typings";
import { hasErrors, type Diagnostic } from "../../core/diagnostics/index.js";
import type { FleetPlan } from "../../core/plan/fleet.js";
import type { Plan } from "../../core/plan/index.js";
import type { ApplyProgress } from "../../app/apply.js";
import type * as RenderModule from "../../render/apply-result.js";
import { addConnectionOptions } from "../connection-options.js";
import type { CommandContext } from "../context.js";
import { CommandFailure } from "../errors.js";
import { ExitCode } from "../exit-codes.js";
import type { ContextFactory, Outcome } from "./index.js";
import {
  addDesiredOptions,
  deletionOptions,
  portFailure,
  printPlan,
  withWarnings,
  type DesiredOptions,
} from "./plan.js";
import type { RegistrySide } from "./registry-side.js";

const APPLY_HELP = `
Without a plan file: plans (as kgov plan does), shows the plan and asks for confirmation ("yes") on a terminal;
elsewhere (CI) --auto-approve is required.
With a plan file from \`kgov plan --out\`: reads the desired state and the cluster again and refuses the plan if
either changed since (plan/stale); give the same -f / --env as for plan. A saved plan is applied without a prompt.

Changes run in phases, one batched request each: create topics, add ACL bindings, set subject compatibility levels,
register schemas (dependencies first; a version the registry could not check at plan time is checked first),
alter configs, add partitions, change replication (reassignments, followed until done or --timeout), remove ACL
bindings (exact filters, so only the planned bindings can match), delete subjects, delete topics. Grants come before revokes. If something fails kgov stops after that phase and
reports what was applied, what failed and what was skipped; running apply again continues from there.
Deletions run only when the plan allowed them and --allow-delete is given to apply too.

Output: --output text (default) or json (a versioned apply result; see docs/output-format.md).
Exit: 0 applied (or nothing to do), 1 something failed or was refused, 3 the desired state or the plan has errors,
130 interrupted (kgov stops between phases).`;

function approvalFailure(message: string, fix: string): CommandFailure {
  const diagnostic: Diagnostic = { code: "apply/not-approved", severity: "error", message, fix };
  return new CommandFailure([diagnostic], ExitCode.TOOL_FAILURE);
}

function parseTimeout(value: string | undefined): number {
  if (value === undefined) return 300_000;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0 || value.trim() === "") {
    throw new CommandFailure(
      [
        {
          code: "cli/invalid-argument",
          severity: "error",
          message: `--timeout must be a positive number of seconds, not "${value}"`,
          fix: "Pass e.g. --timeout 600.",
        },
      ],
      ExitCode.TOOL_FAILURE,
    );
  }
  return seconds * 1000;
}

/** The saved plan, or the saved fleet plan (`kgov plan --env a,b --out`), read and parsed once. */
async function readPlanFile(ctx: CommandContext, path: string): Promise<{ plan: Plan } | { fleet: FleetPlan }> {
  const [{ createFilesAdapter }, { parseSavedPlan }] = await Promise.all([
    import("../../adapters/fs/files.js"),
    import("../../app/plan-file.js"),
  ]);
  const read = await createFilesAdapter(ctx.io.cwd).readText(path, { maxBytes: 64 * 1024 * 1024 });
  if (read.text === undefined) {
    const diagnostics: Diagnostic[] = read.notFound
      ? [
          {
            code: "apply/invalid-plan-file",
            severity: "error",
            message: `plan file ${path} does not exist`,
            fix: "Write it with `kgov plan --out <file>` first.",
            path,
          },
        ]
      : read.diagnostics;
    throw new CommandFailure(diagnostics, ExitCode.TOOL_FAILURE);
  }
  const parsed = parseSavedPlan(read.text, path, { acceptFleet: true });
  if (parsed.fleet) return { fleet: parsed.fleet };
  if (!parsed.plan) throw new CommandFailure(parsed.diagnostics, ExitCode.TOOL_FAILURE);
  return { plan: parsed.plan };
}

/** `kgov apply <fleet plan>`: each environment's plan in turn, as the fleet runner does for `--env a,b`. */
async function applySavedFleet(ctx: CommandContext, fleet: FleetPlan): Promise<number> {
  const [{ parseFleetArgs }, { runFleet }] = await Promise.all([import("../fleet-args.js"), import("../fleet.js")]);
  const args = ctx.invocation && parseFleetArgs(ctx.invocation.argv, { savedFleet: true });
  if (!ctx.invocation || !args) throw new Error("apply of a fleet plan outside a kgov invocation with the plan file");
  return runFleet(args, ctx.io, ctx.invocation.run, fleet);
}

function progressPrinter(
  ctx: CommandContext,
  render: typeof RenderModule,
): ((event: ApplyProgress) => void) | undefined {
  if (!ctx.io.stderr.isTTY) return undefined;
  const style = ctx.stderrStyle;
  let lastWaitLine = -Infinity;
  return (event) => {
    switch (event.kind) {
      case "phase-start":
        ctx.io.stderr.write(style.dim(`${render.phaseName(event.phase)}: ${event.count} …\n`));
        return;
      case "phase-end":
        ctx.io.stderr.write(render.renderPhaseLine(event.phase, event, style));
        return;
      case "waiting":
        if (event.elapsedMs - lastWaitLine < 10_000) return;
        lastWaitLine = event.elapsedMs;
        ctx.io.stderr.write(
          style.dim(
            `waiting for the reassignment of ${event.topics} topic(s) (${Math.round(event.elapsedMs / 1000)} s)…\n`,
          ),
        );
        return;
    }
  };
}

export function registerApplyCommand(
  program: Command<[], Record<string, unknown>>,
  context: ContextFactory,
  outcome: Outcome,
): void {
  const command = addDesiredOptions(
    program
      .command("apply")
      .description("Change the cluster to match the desired state (or apply a plan saved with kgov plan --out)."),
  );
  addConnectionOptions(
    command
      .argument("[plan]", "a plan file written by `kgov plan --out` (default: plan now and ask)")
      .option("--auto-approve", "apply without asking for confirmation")
      .option(
        "--allow-delete",
        "allow deleting topics, subjects and ACL bindings the plan deletes (the plan must allow it too)",
      )
      .option("--permanent-delete", "subject deletions also delete permanently (needs --allow-delete)")
      .option("--no-wait", "return once reassignments are submitted instead of following them")
      .option("--timeout <seconds>", "how long to follow reassignments (default 300)")
      .addHelpText("after", APPLY_HELP),
  ).action(async (planFile, options) => {
    const ctx = context();
    ctx.requireOutput(["text", "json"]);
    const opts = options as typeof options & DesiredOptions;
    const timeoutMs = parseTimeout(options.timeout);
    const { allowDelete, permanentDelete } = deletionOptions(options);
    const savedPlanPath = typeof planFile === "string" ? planFile : undefined;
    if (savedPlanPath === undefined && options.autoApprove !== true && ctx.io.prompt === undefined) {
      throw approvalFailure(
        "kgov apply needs confirmation, and there is no terminal to ask on",
        "Pass --auto-approve (in CI, ideally applying a reviewed plan: kgov plan --out plan.json, then kgov apply plan.json), or run it in a terminal.",
      );
    }
    const read = savedPlanPath !== undefined ? await readPlanFile(ctx, savedPlanPath) : undefined;
    if (read && "fleet" in read) {
      outcome.code = await applySavedFleet(ctx, read.fleet);
      return;
    }
    const saved = read?.plan;
    const [
      { loadDesiredAndReadCluster },
      { checkStaleness, planWithUsage },
      { observedFor },
      { executePlan },
      render,
      { hasChanges },
      { readRegistrySide },
    ] = await Promise.all([
      import("./desired-and-cluster.js"),
      import("../../app/plan.js"),
      import("../../app/observe.js"),
      import("../../app/apply.js"),
      import("../../render/apply-result.js"),
      import("../../core/plan/index.js"),
      import("./registry-side.js"),
    ]);
    // The port gets no abort signal: Ctrl-C must not cut a request in half; the executor stops between phases.
    const { state, subjects, sources, port, observed } = await loadDesiredAndReadCluster(ctx, opts, false);
    let registry: RegistrySide | undefined;
    try {
      let plan: Plan;
      try {
        const [reading, side] = await Promise.all([observed, readRegistrySide(ctx, opts.registryUrl, state, subjects)]);
        registry = side;
        const cluster = observedFor(reading, state);
        if (saved) {
          const stale = checkStaleness(saved, state, cluster, side.input);
          if (stale.length > 0) throw new CommandFailure(stale, ExitCode.TOOL_FAILURE);
          plan = saved;
        } else {
          plan = withWarnings(
            await planWithUsage(state, cluster, port, { allowDelete, permanentDelete }, side.input),
            side.warnings,
          );
        }
      } catch (error) {
        if (error instanceof CommandFailure) throw error;
        portFailure(error);
      }
      if (ctx.io.signal?.aborted) return;

      if (hasErrors(plan.diagnostics)) {
        if (ctx.output === "text") await printPlan(ctx, plan, sources);
        const errors = plan.diagnostics.filter((d) => d.severity === "error").length;
        throw new CommandFailure(
          [
            ...(ctx.output === "json" ? plan.diagnostics : []),
            {
              code: "apply/plan-has-errors",
              severity: "error",
              message: `The plan has ${errors === 1 ? "1 error" : `${errors} errors`} (impossible changes); nothing was applied`,
              fix: "Correct the desired state until kgov plan shows no errors, then apply again.",
            },
          ],
          ExitCode.FINDINGS,
        );
      }
      if (!hasChanges(plan)) {
        const result = await executePlan(plan, port, { allowDelete, wait: true }, registry?.port);
        if (ctx.output === "json") {
          ctx.io.stdout.write(`${JSON.stringify(render.applyResultDocument(result), null, 2)}\n`);
        } else {
          if (saved === undefined) await printPlan(ctx, plan, sources);
          else ctx.io.stdout.write(render.renderApplyText(result, ctx.stdoutStyle));
        }
        outcome.code = ExitCode.SUCCESS;
        return;
      }

      if (saved === undefined && ctx.output === "text") await printPlan(ctx, plan, sources);
      if (saved === undefined && options.autoApprove !== true) {
        const prompt = ctx.io.prompt;
        if (!prompt) throw approvalFailure("kgov apply needs confirmation", "Pass --auto-approve.");
        const answer = await prompt(
          "\nDo you want to apply these changes? kgov will change the cluster as shown above.\n" +
            "  Only 'yes' will be accepted to approve.\n\n  Enter a value: ",
        );
        if (ctx.io.signal?.aborted) return;
        if (answer?.trim() !== "yes") {
          throw approvalFailure(
            "Apply cancelled: the changes were not approved; nothing was changed",
            "Answer yes to apply.",
          );
        }
      }

      const onProgress = progressPrinter(ctx, render);
      const result = await executePlan(
        plan,
        port,
        {
          allowDelete,
          wait: options.wait !== false,
          timeoutMs,
          ...(ctx.io.signal ? { signal: ctx.io.signal } : {}),
          ...(onProgress ? { onProgress } : {}),
        },
        registry?.port,
      );
      if (ctx.output === "json") {
        ctx.io.stdout.write(`${JSON.stringify(render.applyResultDocument(result), null, 2)}\n`);
      } else {
        ctx.io.stdout.write(
          `${ctx.output === "text" && saved === undefined ? "\n" : ""}${render.renderApplyText(result, ctx.stdoutStyle)}`,
        );
      }
      outcome.code = render.applySucceeded(result) ? ExitCode.SUCCESS : ExitCode.TOOL_FAILURE;
    } finally {
      await Promise.all([port.close(), registry?.port?.close()]);
    }
  });
}
