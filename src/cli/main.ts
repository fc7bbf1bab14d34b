import { Command, CommanderError, Option } from "@commander-js/extra-typings";
import type { Diagnostic } from "../core/diagnostics/index.js";
import { registerCommands } from "./commands/index.js";
import { CommandContext, OUTPUT_FORMATS, type GlobalOptions } from "./context.js";
import { CommandFailure } from "./errors.js";
import { ExitCode } from "./exit-codes.js";
import { parseFleetArgs } from "./fleet-args.js";
import type { CliIo } from "./io.js";
import { KGOV_VERSION } from "./version.js";

const EXIT_CODE_HELP = `
Exit codes:
  0    success (plan: no changes, or changes without --detailed-exitcode)
  1    kgov could not do its job (bad flags, unreadable input, cluster unreachable, apply failed)
  2    plan --detailed-exitcode: the plan has changes
  3    findings: validation errors, incompatible schemas or policy refusals
  130  interrupted

Environment:
  NO_COLOR, FORCE_COLOR   turn colour off / on (colour is used only on a terminal by default)
  KGOV_*                  Kafka connection settings; see \`kgov cluster check --help\`

Documentation: README.md, docs/format.md, docs/output-format.md, docs/diagnostics.md`;

export function buildProgram(io: CliIo, outcome: { code: number }, argv: readonly string[] = []): Command {
  const program = new Command()
    .name("kgov")
    .description("GitOps for Apache Kafka: validate, plan and apply topics, ACLs and schemas kept in git.")
    .version(KGOV_VERSION, "-V, --version", "print kgov's version")
    .addOption(
      new Option("-o, --output <format>", "output format (commands accept the subset they support)")
        .choices(OUTPUT_FORMATS)
        .default("text" as const),
    )
    .option("--color", "force colour even when the output is not a terminal")
    .option("--no-color", "never use colour (NO_COLOR is honoured too)")
    .helpOption("-h, --help", "show help")
    .showHelpAfterError("(run with --help for usage)")
    .addHelpText("after", EXIT_CODE_HELP)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      // A mistyped flag such as --sasl-pasword=secret would otherwise be echoed with its value.
      outputError: (s, write) => write(s.replace(/(--?[\w-]+)=[^'"\s]*/g, "$1=<redacted>")),
    });

  const context = (): CommandContext => {
    io.commandStarting?.();
    return new CommandContext(io, program.opts() as GlobalOptions, { argv, run: main });
  };
  registerCommands(program, context, outcome);
  return program;
}

function internalBug(error: unknown, env: CliIo["env"]): Diagnostic {
  const detail = error instanceof Error ? error.message : String(error);
  return {
    code: "internal/bug",
    severity: "error",
    message: `kgov hit an unexpected error: ${detail}`,
    why: "This is a bug in kgov, not a problem with your files or cluster.",
    fix:
      env.KGOV_DEBUG === "1"
        ? ((error instanceof Error ? error.stack : undefined) ?? "report it with the command you ran")
        : "Re-run with KGOV_DEBUG=1 for a stack trace and report it with the command you ran.",
  };
}

/** Runs one kgov invocation and returns its exit code. `argv` excludes the node binary and script path. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  // plan / apply over several environments: the single-environment command once per environment (`kgov apply` of a
  // saved fleet plan is recognised by apply itself, which reads the file anyway).
  const fleet = parseFleetArgs(argv);
  if (fleet) {
    const { runFleet } = await import("./fleet.js");
    return runFleet(fleet, io, main);
  }
  const outcome = { code: ExitCode.SUCCESS as number };
  const program = buildProgram(io, outcome, argv);
  try {
    await program.parseAsync([...argv], { from: "user" });
    return io.signal?.aborted ? ExitCode.INTERRUPTED : outcome.code;
  } catch (error) {
    if (io.signal?.aborted) return ExitCode.INTERRUPTED;
    if (error instanceof CommanderError) {
      // --help and --version end here with exitCode 0; usage errors are tool failures (commander printed them).
      return error.exitCode === 0 ? ExitCode.SUCCESS : ExitCode.TOOL_FAILURE;
    }
    const context = new CommandContext(io, safeGlobals(program));
    if (error instanceof CommandFailure) {
      context.reportDiagnostics(error.diagnostics);
      return error.exitCode;
    }
    context.reportDiagnostics([internalBug(error, io.env)]);
    return ExitCode.TOOL_FAILURE;
  }
}

function safeGlobals(program: Command): GlobalOptions {
  const opts = program.opts() as Partial<GlobalOptions>;
  return { output: opts.output ?? "text", ...(opts.color === undefined ? {} : { color: opts.color }) };
}
