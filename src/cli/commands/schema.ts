import { Option, type Command } from "@commander-js/extra-typings";
import { countDiagnostics, type Diagnostic } from "../../core/diagnostics/index.js";
import { COMPATIBILITY_LEVELS, SCHEMA_TYPES } from "../../core/model/desired.js";
import { diagnosticsDocument } from "../../render/diagnostics.js";
import type { CommandContext } from "../context.js";
import { CommandFailure } from "../errors.js";
import { ExitCode } from "../exit-codes.js";
import type { ContextFactory, Outcome } from "./index.js";

const collect = (value: string, previous: string[]) => [...previous, value];

function finish(
  ctx: CommandContext,
  outcome: Outcome,
  diagnostics: readonly Diagnostic[],
  extra: Record<string, unknown>,
  lines: string[],
  sources: (f: string) => string | undefined,
): void {
  if (ctx.output === "json") {
    ctx.io.stdout.write(`${JSON.stringify({ ...diagnosticsDocument(diagnostics), ...extra }, null, 2)}\n`);
  } else {
    ctx.reportDiagnostics(diagnostics, sources);
    if (ctx.output === "text") ctx.io.stdout.write(`${lines.join("\n")}\n`);
  }
  outcome.code = countDiagnostics(diagnostics).errors > 0 ? ExitCode.FINDINGS : ExitCode.SUCCESS;
}

export function registerSchemaCommand(
  program: Command<[], Record<string, unknown>>,
  context: ContextFactory,
  outcome: Outcome,
): void {
  const schema = program
    .command("schema")
    .description("Schema compatibility checks (Confluent Schema Registry semantics).");

  schema
    .command("compat")
    .description("Check one candidate schema file against previous versions, offline.")
    .addOption(new Option("--type <type>", "schema type").choices(SCHEMA_TYPES).default("AVRO" as const))
    .addOption(
      new Option("--level <level>", "compatibility level").choices(COMPATIBILITY_LEVELS).default("BACKWARD" as const),
    )
    .requiredOption("--previous <file>", "a previous version (repeatable, oldest first)", collect, [] as string[])
    .requiredOption("--candidate <file>", "the new schema")
    .action(async (options) => {
      const ctx = context();
      ctx.requireOutput(["text", "json", "github-actions"]);
      const [{ checkCompatibility }, { createFilesAdapter }] = await Promise.all([
        import("../../core/compat/index.js"),
        import("../../adapters/fs/files.js"),
      ]);
      const files = createFilesAdapter(ctx.io.cwd);
      const read = await Promise.all(
        [...options.previous, options.candidate].map(async (path) => ({ path, ...(await files.readText(path)) })),
      );
      const unreadable = read.flatMap((r) => r.diagnostics);
      if (unreadable.length > 0) throw new CommandFailure(unreadable, ExitCode.TOOL_FAILURE);
      const versions = read.map((r) => ({ text: r.text!, path: r.path }));
      const result = checkCompatibility({
        schemaType: options.type,
        level: options.level,
        previous: versions.slice(0, -1),
        candidate: versions.at(-1)!,
      });
      const diagnostics: Diagnostic[] = result.invalid
        ? [
            {
              code: "compat/invalid-schema",
              severity: "error",
              message: `the ${result.invalid.which} schema${result.invalid.version ? ` (version ${result.invalid.version})` : ""} cannot be parsed: ${result.invalid.message}`,
            },
          ]
        : result.findings.map((f) => ({
            code: `compat/${f.rule}` as Diagnostic["code"],
            severity: "error" as const,
            message: `${f.direction === "BACKWARD" ? "new schema reading data of" : "old schema reading data of the new one, vs"} version ${f.againstVersion}: ${f.message}`,
            path: f.path,
            ...(f.source ? { source: f.source } : {}),
          }));
      const sources = new Map(read.map((r) => [r.path, r.text!]));
      const verdict = result.invalid
        ? "cannot decide: invalid schema"
        : result.compatible
          ? "compatible"
          : "INCOMPATIBLE";
      finish(
        ctx,
        outcome,
        diagnostics,
        { compatible: result.compatible, level: options.level, schemaType: options.type },
        [
          `${options.candidate}: ${verdict} (${options.level}, ${options.type}, against ${options.previous.length} previous version${options.previous.length === 1 ? "" : "s"}; mode: offline files)`,
        ],
        (f) => sources.get(f),
      );
      if (result.invalid) outcome.code = ExitCode.FINDINGS;
    });

  schema
    .command("test-compat")
    .description(
      "Check every subject's schema in the working tree against the same subject at a git revision or folder.",
    )
    .requiredOption(
      "--against <ref-or-dir>",
      "git revision (e.g. origin/main) or folder holding the previous desired state",
    )
    .option(
      "-f, --file <path>",
      "a desired-state file or folder (repeatable; default: kgov.yaml and kgov.d/)",
      collect,
      [] as string[],
    )
    .addHelpText(
      "after",
      "\nMode: offline. kgov reads the desired state and schema files in the working tree and at --against, and applies\n" +
        "Schema Registry's rules for each subject's level (default BACKWARD) without contacting a registry. New subjects\n" +
        "pass; removed subjects are reported. Offline, the _TRANSITIVE levels compare with the --against version only.\n" +
        "Exit: 0 compatible, 3 on any incompatibility or invalid schema, 1 when kgov could not run.",
    )
    .action(async (options) => {
      const ctx = context();
      ctx.requireOutput(["text", "json", "github-actions"]);
      const [
        { testCompatAgainst },
        { createFilesAdapter },
        { createGitFilesAdapter },
        { stat },
        { posix, resolve, sep },
      ] = await Promise.all([
        import("../../app/test-compat.js"),
        import("../../adapters/fs/files.js"),
        import("../../adapters/git/files-at-ref.js"),
        import("node:fs/promises"),
        import("node:path"),
      ]);
      const isDir = await stat(resolve(ctx.io.cwd, options.against)).then(
        (s) => s.isDirectory(),
        () => false,
      );
      const against = isDir
        ? { files: createFilesAdapter(resolve(ctx.io.cwd, options.against)), diagnostics: [] }
        : await createGitFilesAdapter(options.against, ctx.io.cwd);
      if (!against.files) throw new CommandFailure(against.diagnostics, ExitCode.TOOL_FAILURE);
      const label = isDir ? `folder ${options.against}` : `git revision ${options.against}`;
      // Files at the comparison source are named so a reader can open them: the folder's path, or `<ref>:<path>`.
      const describePrevious =
        "describe" in against && against.describe
          ? against.describe
          : (file: string) => posix.join(options.against.split(sep).join("/"), file);
      const result = await testCompatAgainst(
        { paths: options.file, variables: ctx.io.env },
        createFilesAdapter(ctx.io.cwd),
        against.files,
        options.against,
        describePrevious,
      );
      const lines = [
        `kgov schema test-compat — mode: offline, against ${label}`,
        ...result.subjects.map((s) => `  ${s.status.padEnd(12)} ${s.subject} (${s.level}) ${s.file}`),
      ];
      finish(
        ctx,
        outcome,
        result.diagnostics,
        { mode: "offline", against: options.against, subjects: result.subjects },
        lines,
        (f) => result.sources.get(f),
      );
    });
}
