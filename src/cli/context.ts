import type { Diagnostic } from "../core/diagnostics/index.js";
import {
  diagnosticsDocument,
  renderDiagnosticsGithub,
  renderDiagnosticsText,
  type SourceLookup,
} from "../render/diagnostics.js";
import { createStyle, type Style } from "../render/style.js";
import { shouldUseColor } from "./color.js";
import { CommandFailure } from "./errors.js";
import { ExitCode } from "./exit-codes.js";
import type { CliIo } from "./io.js";

export const OUTPUT_FORMATS = ["text", "json", "github-actions", "markdown"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface GlobalOptions {
  output: OutputFormat;
  color?: boolean;
}

export interface Invocation {
  readonly argv: readonly string[];
  readonly run: (argv: readonly string[], io: CliIo) => Promise<number>;
}

/** What every command receives: the injected IO plus the decisions taken from the global flags. */
export class CommandContext {
  constructor(
    readonly io: CliIo,
    readonly globals: GlobalOptions,
    /** The invocation and kgov's entry point, for a command that hands itself on (apply of a fleet plan). */
    readonly invocation?: Invocation,
  ) {}

  get output(): OutputFormat {
    return this.globals.output;
  }

  /** Fails the command with a usage error when it does not support the selected --output format. */
  requireOutput(supported: readonly OutputFormat[]): void {
    if (supported.includes(this.output)) return;
    throw new CommandFailure(
      [
        {
          code: "cli/invalid-argument",
          severity: "error",
          message: `this command does not support --output ${this.output}`,
          fix: `Use one of: ${supported.join(", ")}.`,
        },
      ],
      ExitCode.TOOL_FAILURE,
    );
  }

  get stdoutStyle(): Style {
    return createStyle(shouldUseColor(this.globals.color, this.io.env, this.io.stdout));
  }

  get stderrStyle(): Style {
    return createStyle(shouldUseColor(this.globals.color, this.io.env, this.io.stderr));
  }

  /**
   * Prints diagnostics in the selected format: text on stderr (it is not the result); JSON and github-actions on
   * stdout, as the command's document or the workflow commands CI reads.
   */
  reportDiagnostics(diagnostics: readonly Diagnostic[], sources?: SourceLookup): void {
    if (diagnostics.length === 0 && this.output !== "json") return;
    switch (this.output) {
      case "json":
        this.io.stdout.write(`${JSON.stringify(diagnosticsDocument(diagnostics), null, 2)}\n`);
        return;
      case "github-actions":
        this.io.stdout.write(renderDiagnosticsGithub(diagnostics));
        return;
      case "text":
      case "markdown":
        this.io.stderr.write(
          renderDiagnosticsText(diagnostics, { style: this.stderrStyle, ...(sources ? { sources } : {}) }),
        );
        return;
    }
  }
}
