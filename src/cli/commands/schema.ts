import { Option, type Command } from "@commander-js/extra-typings";
import { countDiagnostics, type Diagnostic } from "../../core/diagnostics/index.js";
import { COMPATIBILITY_LEVELS, SCHEMA_TYPES } from "../../core/model/desired.js";
import { diagnosticsDocument } from "../../render/diagnostics.js";
import type { CommandContext } from "../context.js";
import { CommandFailure } from "../errors.js";
import { ExitCode } from "../exit-codes.js";
import { RegistryPortError } from "../../ports/registry.js";
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
      "Check every subject's schema in the working tree against the registry, a git revision or a folder (read-only).",
    )
    .option(
      "--against <source>",
      "`registry` (the default when a registry is configured), a git revision (e.g. origin/main) or a folder",
    )
    .option(
      "-f, --file <path>",
      "a desired-state file or folder (repeatable; default: kgov.yaml and kgov.d/)",
      collect,
      [] as string[],
    )
    .option("-e, --env <name>", "the environment whose registry block to use")
    .option(
      "--registry-url <url>",
      "the Schema Registry; default KGOV_REGISTRY_URL, then the environment's registry.url",
    )
    .addHelpText(
      "after",
      "\nAgainst the registry: each subject whose schema no live version holds is checked by the registry\n" +
        "(POST /compatibility/subjects/{subject}/versions, which honours the _TRANSITIVE levels) and by kgov's own engine\n" +
        "against every stored version; the registry's verdict decides. Nothing is written: only GET requests and the\n" +
        "compatibility checks are sent. New subjects pass.\n" +
        "Against a git revision or folder (offline): kgov applies Schema Registry's rules for each subject's level\n" +
        "(default BACKWARD) to the schema there; the _TRANSITIVE levels compare with that version only. Removed subjects\n" +
        "are reported.\n" +
        "Output: text, json, markdown (for a pull request) or github-actions.\n" +
        "Exit: 0 compatible, 3 on any incompatibility or invalid schema, 1 when kgov could not run.",
    )
    .action(async (options) => {
      const ctx = context();
      ctx.requireOutput(["text", "json", "markdown", "github-actions"]);
      if (options.against === undefined || options.against === "registry") {
        await testCompatWithRegistry(ctx, outcome, options);
        return;
      }
      const against = options.against;
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
      const isDir = await stat(resolve(ctx.io.cwd, against)).then(
        (s) => s.isDirectory(),
        () => false,
      );
      const source = isDir
        ? { files: createFilesAdapter(resolve(ctx.io.cwd, against)), diagnostics: [] }
        : await createGitFilesAdapter(against, ctx.io.cwd);
      if (!source.files) throw new CommandFailure(source.diagnostics, ExitCode.TOOL_FAILURE);
      const label = isDir ? `folder ${against}` : `git revision ${against}`;
      // Files at the comparison source are named so a reader can open them: the folder's path, or `<ref>:<path>`.
      const describePrevious =
        "describe" in source && source.describe
          ? source.describe
          : (file: string) => posix.join(against.split(sep).join("/"), file);
      const result = await testCompatAgainst(
        { paths: options.file, variables: ctx.io.env },
        createFilesAdapter(ctx.io.cwd),
        source.files,
        against,
        describePrevious,
      );
      await finishTestCompat(
        ctx,
        outcome,
        `mode: offline, against ${label}`,
        result,
        { mode: "offline", against },
        (f) => result.sources.get(f),
      );
    });
}

interface VerdictLine {
  readonly subject: string;
  readonly file: string;
  readonly level: string;
  readonly status: string;
}

async function finishTestCompat(
  ctx: CommandContext,
  outcome: Outcome,
  mode: string,
  result: { diagnostics: Diagnostic[]; subjects: readonly VerdictLine[] },
  extra: Record<string, unknown>,
  sources: (f: string) => string | undefined,
): Promise<void> {
  if (ctx.output === "markdown") {
    const { renderTestCompatMarkdown } = await import("../../render/test-compat-markdown.js");
    ctx.io.stdout.write(
      renderTestCompatMarkdown(`kgov schema test-compat — ${mode}`, result.subjects, result.diagnostics),
    );
    outcome.code = countDiagnostics(result.diagnostics).errors > 0 ? ExitCode.FINDINGS : ExitCode.SUCCESS;
    return;
  }
  const lines = [
    `kgov schema test-compat — ${mode}`,
    ...result.subjects.map((s) => `  ${s.status.padEnd(12)} ${s.subject} (${s.level}) ${s.file}`),
  ];
  finish(ctx, outcome, result.diagnostics, { ...extra, subjects: result.subjects }, lines, sources);
}

/** test-compat against the configured registry: the desired state (with --env), its subjects, then the checks. */
async function testCompatWithRegistry(
  ctx: CommandContext,
  outcome: Outcome,
  options: { against?: string; file: string[]; env?: string; registryUrl?: string },
): Promise<void> {
  const [{ loadDesiredState }, { createFilesAdapter }, { loadSubjects, openRegistry }, { testCompatAgainstRegistry }] =
    await Promise.all([
      import("../../app/load-desired.js"),
      import("../../adapters/fs/files.js"),
      import("./registry-side.js"),
      import("../../app/test-compat-registry.js"),
    ]);
  const request = {
    paths: options.file,
    variables: ctx.io.env,
    ...(options.env !== undefined ? { environment: options.env } : {}),
  };
  const loaded = await loadDesiredState(request, createFilesAdapter(ctx.io.cwd));
  const errors = loaded.diagnostics.filter((d) => d.severity === "error");
  if (!loaded.state || errors.length > 0) {
    ctx.reportDiagnostics(errors, (f) => loaded.sources.get(f));
    throw new CommandFailure([], ExitCode.FINDINGS);
  }
  const registry = await openRegistry(ctx, options.registryUrl, loaded.state);
  if (!registry) {
    throw new CommandFailure(
      [
        {
          code: "cli/invalid-argument",
          severity: "error",
          message:
            options.against === "registry"
              ? "--against registry needs a Schema Registry, and none is configured"
              : "kgov schema test-compat needs --against, or a configured Schema Registry to check against",
          fix: "Pass --registry-url (or set KGOV_REGISTRY_URL, or --env with a registry block), or --against <git-ref-or-folder>.",
        },
      ],
      ExitCode.TOOL_FAILURE,
    );
  }
  try {
    const subjects = await loadSubjects(ctx, loaded.state, loaded.sources);
    const result = await testCompatAgainstRegistry(subjects, registry.port, registry.url);
    await finishTestCompat(
      ctx,
      outcome,
      `against the registry ${registry.url}`,
      result,
      { mode: "registry", against: registry.url, requests: result.requests },
      (f) => loaded.sources.get(f),
    );
  } catch (error) {
    if (error instanceof RegistryPortError) throw new CommandFailure([error.diagnostic], ExitCode.TOOL_FAILURE);
    throw error;
  } finally {
    await registry.port.close();
  }
}
