import type { Command } from "@commander-js/extra-typings";
import { hasErrors } from "../../core/diagnostics/index.js";
import type { Plan } from "../../core/plan/index.js";
import type { RegistrySide } from "./registry-side.js";
import { addConnectionOptions } from "../connection-options.js";
import { ExitCode } from "../exit-codes.js";
import type { ContextFactory, Outcome } from "./index.js";
import { addDesiredOptions, portFailure, printPlan, withWarnings, type DesiredOptions } from "./plan.js";

const DRIFT_HELP = `
Compares the live cluster and registry with the files as they are (on main: what was applied) and reports every
difference as drift: a topic config, partition count, ACL binding or subject someone changed outside kgov, or a
topic, binding or subject created in kgov's scope. Read-only, like kgov plan; kgov apply corrects drift.
Meant for a scheduled job: exit 2 when there is drift, 0 when there is none, 3 when the files have errors,
1 when kgov could not run. Output: text (default), json (the plan document with every action listed under
"drift"), markdown.`;

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
    const [{ loadDesiredAndReadCluster }, { planWithUsage }, { observedFor }, { readRegistrySide }, plans] =
      await Promise.all([
        import("./desired-and-cluster.js"),
        import("../../app/plan.js"),
        import("../../app/observe.js"),
        import("./registry-side.js"),
        import("../../core/plan/index.js"),
      ]);
    const { state, subjects, sources, port, observed } = await loadDesiredAndReadCluster(ctx, opts, true);
    let plan: Plan;
    let registry: RegistrySide | undefined;
    try {
      const [cluster, side] = await Promise.all([observed, readRegistrySide(ctx, opts.registryUrl, state, subjects)]);
      registry = side;
      // Deletions count as drift too (something appeared in kgov's scope), so they are planned as if allowed.
      const options = { allowDelete: true, permanentDelete: false };
      const current = await planWithUsage(state, observedFor(cluster, state), port, options, side.input);
      plan = withWarnings(plans.withDrift(current, current, null), side.warnings);
    } catch (error) {
      portFailure(error);
    } finally {
      await Promise.all([port.close(), registry?.port?.close()]);
    }
    await printPlan(ctx, plan, sources);
    if (hasErrors(plan.diagnostics)) outcome.code = ExitCode.FINDINGS;
    else outcome.code = plan.actions.length > 0 ? ExitCode.CHANGES : ExitCode.SUCCESS;
  });
}
