import { hasErrors, type Diagnostic } from "../../core/diagnostics/index.js";
import type { Plan, PlanOptions } from "../../core/plan/index.js";
import type { ClusterReading } from "../../app/observe.js";
import type { CommandContext } from "../context.js";
import { CommandFailure } from "../errors.js";
import { ExitCode } from "../exit-codes.js";
import type { DesiredOptions } from "./plan.js";

/**
 * The plan of the files at a git revision (`--base`) against the cluster as this plan read it (no second cluster
 * read), and the registry when the head plan has one: what the base files would change on the live estate. A
 * revision whose files cannot be planned (errors, no desired state there) gives a warning and no drift, never a
 * failed plan: drift is extra information.
 */
export async function planBase(
  ctx: CommandContext,
  ref: string,
  opts: DesiredOptions,
  reading: ClusterReading,
  options: PlanOptions,
  withRegistry: boolean,
): Promise<{ plan?: Plan; warnings: Diagnostic[] }> {
  const [{ createGitFilesAdapter }, { prepareDesired }, { observedFor }, { buildPlan }, { readRegistrySide }] =
    await Promise.all([
      import("../../adapters/git/files-at-ref.js"),
      import("../../app/plan.js"),
      import("../../app/observe.js"),
      import("../../core/plan/index.js"),
      import("./registry-side.js"),
    ]);
  const git = await createGitFilesAdapter(ref, ctx.io.cwd);
  if (!git.files) {
    throw new CommandFailure(
      git.diagnostics.map((d) => ({ ...d, message: d.message.replace("--against", "--base") })),
      ExitCode.TOOL_FAILURE,
    );
  }
  const request = {
    paths: opts.file,
    ...(opts.env !== undefined ? { environment: opts.env } : {}),
    variables: ctx.io.env,
  };
  const base = await prepareDesired(request, git.files);
  if (!base.state || hasErrors(base.diagnostics)) return { warnings: [unplannable(ref)] };
  const registry = withRegistry
    ? await readRegistrySide(ctx, opts.registryUrl, base.state, base.subjects ?? [])
    : undefined;
  try {
    return { plan: buildPlan(base.state, observedFor(reading, base.state), options, registry?.input), warnings: [] };
  } finally {
    await registry?.port?.close();
  }
}

function unplannable(ref: string): Diagnostic {
  return {
    code: "plan/base-unplannable",
    severity: "warning",
    message: `the desired state at ${ref} has errors, so drift cannot be told apart from the changes`,
    why: "Drift is what the base revision's files would change on the live estate; those files could not be planned.",
    fix: "Check the base revision with `git checkout <ref> && kgov validate`, or compare with another --base.",
  };
}
