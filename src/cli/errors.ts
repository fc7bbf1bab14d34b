import type { Diagnostic } from "../core/diagnostics/index.js";
import type { ExitCode } from "./exit-codes.js";

/**
 * Thrown by a command that has diagnostics to report and an exit code to return. main() prints the diagnostics
 * in the selected format and returns the code; nothing deeper ever calls process.exit.
 */
export class CommandFailure extends Error {
  constructor(
    readonly diagnostics: readonly Diagnostic[],
    readonly exitCode: ExitCode,
  ) {
    super(diagnostics.map((d) => d.message).join("; "));
    this.name = "CommandFailure";
  }
}
