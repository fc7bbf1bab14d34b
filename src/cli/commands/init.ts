import type { Command } from "@commander-js/extra-typings";
import { ExitCode } from "../exit-codes.js";
import { CommandFailure } from "../errors.js";
import { KGOV_VERSION } from "../version.js";
import type { ContextFactory, Outcome } from "./index.js";

export function registerInitCommand(
  program: Command<[], Record<string, unknown>>,
  context: ContextFactory,
  outcome: Outcome,
): void {
  program
    .command("init")
    .description("Write a commented starter kgov.yaml with one example topic and schema (never overwrites files).")
    .action(async () => {
      const ctx = context();
      ctx.requireOutput(["text", "json"]);
      const [{ starterFiles, preCommitInstructions }, { createFilesAdapter }] = await Promise.all([
        import("../../core/init/starter.js"),
        import("../../adapters/fs/files.js"),
      ]);
      const result = await createFilesAdapter(ctx.io.cwd).createNewFiles(starterFiles(KGOV_VERSION));
      if (result.diagnostics.length > 0) throw new CommandFailure(result.diagnostics, ExitCode.TOOL_FAILURE);
      if (ctx.output === "json") {
        ctx.io.stdout.write(`${JSON.stringify({ formatVersion: 1, created: result.created }, null, 2)}\n`);
      } else {
        ctx.io.stdout.write(
          `${result.created.map((p) => `created ${p}`).join("\n")}\n\nNext: kgov validate\n\n${preCommitInstructions()}`,
        );
      }
      outcome.code = ExitCode.SUCCESS;
    });
}
