import type { Command } from "@commander-js/extra-typings";
import { countDiagnostics } from "../../core/diagnostics/index.js";
import { diagnosticsDocument, renderSummaryLine } from "../../render/diagnostics.js";
import { ExitCode } from "../exit-codes.js";
import type { ContextFactory, Outcome } from "./index.js";

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const collect = (value: string, previous: string[]) => [...previous, value];

export function registerValidateCommand(
  program: Command<[], Record<string, unknown>>,
  context: ContextFactory,
  outcome: Outcome,
): void {
  program
    .command("validate")
    .description("Check the desired-state files and the schema files they reference, offline (pre-commit ready).")
    .argument("[paths...]", "files or folders to read (same as -f)")
    .option(
      "-f, --file <path>",
      "a desired-state file or folder (repeatable; default: kgov.yaml and kgov.d/)",
      collect,
      [] as string[],
    )
    .option("-e, --env <name>", "apply this environment's overrides before validating")
    .addHelpText(
      "after",
      "\nOutput: --output text (default, with code frames), json (versioned document) or github-actions (annotations).\n" +
        "Exit: 0 clean (warnings allowed), 3 when there are errors, 1 when kgov itself could not run.",
    )
    .action(async (paths, options) => {
      const ctx = context();
      ctx.requireOutput(["text", "json", "github-actions"]);
      const [{ validateDesiredState }, { createFilesAdapter }, { createSchemaFilesAdapter }] = await Promise.all([
        import("../../app/validate.js"),
        import("../../adapters/fs/files.js"),
        import("../../adapters/threads/schema-files.js"),
      ]);
      const files = createFilesAdapter(ctx.io.cwd);
      const result = await validateDesiredState(
        {
          paths: [...options.file, ...paths],
          ...(options.env !== undefined ? { environment: options.env } : {}),
          variables: ctx.io.env,
        },
        files,
        createSchemaFilesAdapter(ctx.io.cwd, files, { startEarly: true }),
      );
      const counts = countDiagnostics(result.diagnostics);
      const s = result.summary;
      const what = [
        plural(s.files, "file"),
        plural(s.topics, "topic"),
        plural(s.services, "service"),
        plural(s.acls, "ACL entry", "ACL entries"),
        plural(s.schemas, "schema file"),
      ].join(", ");
      if (ctx.output === "json") {
        ctx.io.stdout.write(`${JSON.stringify({ ...diagnosticsDocument(result.diagnostics), summary: s }, null, 2)}\n`);
      } else {
        ctx.reportDiagnostics(result.diagnostics, (f) => result.sources.get(f));
        if (ctx.output === "text") {
          const style = ctx.stdoutStyle;
          const verdict = counts.errors > 0 ? style.red("✗") : style.green("✓");
          ctx.io.stdout.write(`${verdict} ${what}: ${renderSummaryLine(result.diagnostics)}\n`);
        }
      }
      // Input kgov could not read at all (a mistyped -f path, no files) is a tool failure, not a finding about the files.
      const unreadable = result.diagnostics.some(
        (d) => d.code === "format/no-files" || d.code === "format/unreadable-file",
      );
      outcome.code = unreadable ? ExitCode.TOOL_FAILURE : counts.errors > 0 ? ExitCode.FINDINGS : ExitCode.SUCCESS;
    });
}
