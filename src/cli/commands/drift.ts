import type { Command } from "@commander-js/extra-typings";
import { hasErrors } from "../../core/diagnostics/index.js";
import { addConnectionOptions } from "../connection-options.js";
import { ExitCode } from "../exit-codes.js";
import type { ContextFactory, Outcome } from "./index.js";
import { addDesiredOptions, planLive, printPlan, type DesiredOptions } from "./plan.js";

const DRIFT_HELP = `
Compares the live cluster and registry with the files as they are (on main: what was applied) and reports every
difference as drift: a topic config, partition count, ACL binding or subject someone changed outside kgov, or a
topic, binding or subject created in kgov's scope. Read-only, like kgov plan; kgov apply corrects drift.
Meant for a scheduled job: exit 2 when there is drift, 0 when there is none, 3 when the files have errors,
1 when kgov could not run. Output: text (default), json (the plan document with every action listed under
"drift"), markdown. Several environments (--env dev,prod or --all-envs) are read concurrently into one report
with a summary table (json: one fleet-plan document); exit 2 when any drifted.`;

export function registerDriftCommand(
  program: Command<[], Record<string, unknown>>,
  context: ContextFactory,
  outcome: Outcome,
): void {
  const command = addDesiredOptions(
    program
      .command("drift")
      .description("Report what was changed on the cluster or registry outside kgov (read-only)."),
  );
  addConnectionOptions(command.addHelpText("after", DRIFT_HELP)).action(async (options) => {
    const ctx = context();
    ctx.requireOutput(["text", "json", "markdown"]);
    const opts = options as typeof options & DesiredOptions;
    const { withDrift } = await import("../../core/plan/index.js");
    // Deletions count as drift too (something appeared in kgov's scope), so they are planned as if allowed.
    const everything = { allowDelete: true, permanentDelete: false };
    const { plan, sources } = await planLive(ctx, opts, everything, async (current) =>
      withDrift(current, current, null),
    );
    await printPlan(ctx, plan, sources);
    if (hasErrors(plan.diagnostics)) outcome.code = ExitCode.FINDINGS;
    else outcome.code = plan.actions.length > 0 ? ExitCode.CHANGES : ExitCode.SUCCESS;
  });
}
