import type { Command } from "@commander-js/extra-typings";
import { hasErrors, type Diagnostic } from "../../core/diagnostics/index.js";
import type { ConversionResult, Estate } from "../../core/import/estate.js";
import type { ImportFilters } from "../../core/import/live.js";
import type { DesiredEnvironment } from "../../core/model/desired.js";
import { addConnectionOptions, resolveCliConnection, type CliConnectionFlags } from "../connection-options.js";
import type { CommandContext } from "../context.js";
import { CommandFailure } from "../errors.js";
import { ExitCode } from "../exit-codes.js";
import type { ContextFactory, Outcome } from "./index.js";
import { portFailure, warnOnStderr } from "./plan.js";

const collect = (value: string, previous: string[]) => [...previous, value];

const IMPORT_HELP = `
Writes a desired-state folder from what already exists, changing nothing anywhere:
  kgov import --out kgov.d [connection options] [--registry-url URL]
    reads the cluster (topics, partitions, replication factor, the configs set on each topic — never inherited
    broker defaults —, ACL bindings) and the registry (latest version, own compatibility level and references of
    each subject). A principal whose bindings are exactly what a kgov service generates becomes a service; the rest
    stays raw acls entries, so nothing is lost or broadened. settings.scope owns exactly what was imported.
    Kafka's internal topics are never imported; Streams and Connect topics only with --include-internal.
  kgov import --from kafka-gitops state.yaml [more.yaml…] --out kgov.d
  kgov import --from julieops topology.yaml [more.yaml…] --out kgov.d
    converts another tool's files; what kgov cannot express is reported per item, never guessed.
Files are never overwritten without --force. Then run kgov plan on the folder: it should print "No changes."
Exit: 0 written, 3 invalid input files, 1 kgov could not run (connection problem, existing files).`;

interface ImportOptions extends CliConnectionFlags {
  out: string;
  from?: string;
  topicPrefix: string[];
  principal: string[];
  subjectPrefix: string[];
  includeInternal?: boolean;
  splitDepth: string;
  force?: boolean;
  file: string[];
  env?: string;
  registryUrl?: string;
}

export function registerImportCommand(
  program: Command<[], Record<string, unknown>>,
  context: ContextFactory,
  outcome: Outcome,
): void {
  const command = program
    .command("import")
    .description("Write kgov files from a live cluster and registry, or from kafka-gitops / JulieOps files.")
    .argument("[files...]", "with --from: the other tool's files")
    .option("--from <tool>", "convert kafka-gitops or julieops files instead of reading the cluster")
    .option("-o, --out <dir>", "the folder to write (created if missing)", ".")
    .option("--topic-prefix <prefix>", "import only topics starting with it (repeatable)", collect, [] as string[])
    .option(
      "--principal <prefix>",
      "import only ACLs of principals starting with it (repeatable)",
      collect,
      [] as string[],
    )
    .option("--subject-prefix <prefix>", "import only subjects starting with it (repeatable)", collect, [] as string[])
    .option("--include-internal", "also import the topics Streams applications and Connect workers create")
    .option("--split-depth <n>", "one topics file per domain of this many name segments (0: one file)", "2")
    .option("--force", "overwrite files that already exist")
    .option("-f, --file <path>", "kgov files declaring the --env environment (repeatable)", collect, [] as string[])
    .option("-e, --env <name>", "connect with this environment's kafka and registry settings")
    .option(
      "--registry-url <url>",
      "the Schema Registry; default KGOV_REGISTRY_URL, then the environment's registry.url",
    );
  addConnectionOptions(command.addHelpText("after", IMPORT_HELP)).action(async (files, options) => {
    const ctx = context();
    ctx.requireOutput(["text", "json"]);
    const opts = options as unknown as ImportOptions;
    const splitDepth = Number(opts.splitDepth);
    if (!Number.isInteger(splitDepth) || splitDepth < 0) throw invalid(`--split-depth must be a whole number ≥ 0`);
    const estate =
      opts.from !== undefined ? await convert(ctx, opts.from, files) : await readLive(ctx, opts, splitDepth);
    const { renderImport } = await import("../../core/import/render.js");
    const rendered = renderImport(estate, { splitDepth });
    if (hasErrors(rendered.diagnostics)) throw new CommandFailure(rendered.diagnostics, ExitCode.FINDINGS);
    const [{ createFilesAdapter }, { validateImportedFiles }, { posix }] = await Promise.all([
      import("../../adapters/fs/files.js"),
      import("../../app/import.js"),
      import("node:path"),
    ]);
    const validation = await validateImportedFiles(rendered.files);
    const written = await createFilesAdapter(ctx.io.cwd).createNewFiles(
      rendered.files.map((f) => ({ path: posix.join(opts.out, f.path), text: f.text })),
      { overwrite: opts.force === true, refusal: existingFile },
    );
    if (written.diagnostics.length > 0) throw new CommandFailure(written.diagnostics, ExitCode.TOOL_FAILURE);
    const problems = validation.diagnostics.filter((d) => d.severity !== "info");
    if (problems.length > 0) {
      warnOnStderr(ctx, problems, validation.sources);
      ctx.io.stderr.write(
        `kgov validate finds ${problems.length === 1 ? "this problem" : `these ${problems.length} problems`} in the imported files (what was imported holds them too); fix them before planning.\n`,
      );
    }
    if (ctx.output === "json") {
      ctx.io.stdout.write(
        `${JSON.stringify({ formatVersion: 1, summary: rendered.summary, created: written.created }, null, 2)}\n`,
      );
    } else {
      const { renderImportSummary } = await import("../../render/import-summary.js");
      const planCommand = `kgov plan -f ${opts.out}${opts.from === undefined ? " [the same connection options]" : ""}`;
      ctx.io.stdout.write(
        renderImportSummary(
          rendered.summary,
          { out: opts.out, files: written.created.length, planCommand },
          ctx.stdoutStyle,
        ),
      );
    }
    outcome.code = ExitCode.SUCCESS;
  });
}

function invalid(message: string, fix?: string): CommandFailure {
  return new CommandFailure(
    [{ code: "cli/invalid-argument", severity: "error", message, ...(fix ? { fix } : {}) }],
    ExitCode.TOOL_FAILURE,
  );
}

function existingFile(path: string): Diagnostic {
  return {
    code: "import/existing-file",
    severity: "error",
    message: `${path} already exists; kgov import never overwrites files without --force`,
    why: "An earlier import or hand edits would be lost.",
    fix: "Import into an empty folder (--out), or pass --force to overwrite.",
  };
}

/** The other tool's files, read and converted (pure); invalid input fails with located diagnostics (exit 3). */
async function convert(ctx: CommandContext, tool: string, paths: readonly string[]): Promise<Estate> {
  if (tool !== "kafka-gitops" && tool !== "julieops")
    throw invalid(`--from ${tool} is not a tool kgov imports from`, "Use --from kafka-gitops or --from julieops.");
  if (paths.length === 0)
    throw invalid(`--from ${tool} needs the files to convert`, `kgov import --from ${tool} state.yaml --out kgov.d`);
  const { createFilesAdapter } = await import("../../adapters/fs/files.js");
  const files = createFilesAdapter(ctx.io.cwd);
  const readAll = async (list: readonly string[]) => {
    const texts = await Promise.all(list.map(async (path) => ({ path, read: await files.readText(path) })));
    const problems = texts.flatMap((t) => t.read.diagnostics);
    if (problems.length > 0) throw new CommandFailure(problems, ExitCode.TOOL_FAILURE);
    return texts.map((t) => ({ path: t.path, text: t.read.text ?? "" }));
  };
  const sources = await readAll(paths);
  let result: ConversionResult;
  if (tool === "kafka-gitops") {
    const { convertKafkaGitops } = await import("../../core/import/kafka-gitops/index.js");
    result = convertKafkaGitops(sources);
  } else {
    const { convertJulieOps, julieOpsSchemaPaths } = await import("../../core/import/julieops/index.js");
    const schemaPaths = julieOpsSchemaPaths(sources);
    const schemaTexts = new Map<string, string>();
    for (const t of await Promise.all(schemaPaths.map(async (p) => ({ p, read: await files.readText(p) })))) {
      if (t.read.text !== undefined) schemaTexts.set(t.p, t.read.text);
    }
    result = convertJulieOps(sources, schemaTexts);
  }
  const texts = new Map(sources.map((s) => [s.path, s.text]));
  if (!result.estate || hasErrors(result.diagnostics)) {
    if (ctx.output === "json") throw new CommandFailure(result.diagnostics, ExitCode.FINDINGS);
    warnOnStderr(ctx, result.diagnostics, texts);
    ctx.io.stderr.write("The input files have errors; nothing was written.\n");
    throw new CommandFailure([], ExitCode.FINDINGS);
  }
  warnOnStderr(ctx, result.diagnostics, texts);
  return result.estate;
}

/** Reads the cluster (and the registry, when one is configured); nothing is written to either. */
async function readLive(ctx: CommandContext, opts: ImportOptions, splitDepth: number): Promise<Estate> {
  let environment: DesiredEnvironment | undefined;
  if (opts.env !== undefined) {
    const [{ loadEnvironmentOnly }, { createFilesAdapter }] = await Promise.all([
      import("../../app/load-desired.js"),
      import("../../adapters/fs/files.js"),
    ]);
    const request = { paths: opts.file, environment: opts.env, variables: ctx.io.env };
    environment = await loadEnvironmentOnly(request, createFilesAdapter(ctx.io.cwd));
    if (!environment)
      throw invalid(
        `environment \`${opts.env}\` is not declared in the files`,
        "Pass -f with the files that declare it, or check the name (kgov validate).",
      );
  }
  const resolved = await resolveCliConnection(opts, ctx.io, environment);
  if (!resolved.settings || hasErrors(resolved.diagnostics))
    throw new CommandFailure(resolved.diagnostics, ExitCode.TOOL_FAILURE);
  warnOnStderr(ctx, resolved.diagnostics);
  const { resolveRegistryConnection } = await import("../../core/connection/registry-settings.js");
  const registrySettings = resolveRegistryConnection(opts.registryUrl, ctx.io.env, environment);
  if (hasErrors(registrySettings.diagnostics))
    throw new CommandFailure(registrySettings.diagnostics, ExitCode.TOOL_FAILURE);
  const [{ createKafkaCluster }, { readLiveEstate }] = await Promise.all([
    import("../../adapters/kafka/cluster.js"),
    import("../../app/import.js"),
  ]);
  const kafka = createKafkaCluster(resolved.settings, {
    cwd: ctx.io.cwd,
    ...(ctx.io.signal ? { signal: ctx.io.signal } : {}),
  });
  const registry = registrySettings.connection
    ? (await import("../../adapters/registry/index.js")).createRegistryClient(registrySettings.connection, {
        cwd: ctx.io.cwd,
      })
    : undefined;
  const filters: ImportFilters = {
    topicPrefixes: opts.topicPrefix,
    principals: opts.principal,
    subjectPrefixes: opts.subjectPrefix,
    includeInternal: opts.includeInternal === true,
  };
  try {
    return await readLiveEstate(kafka, registry, filters, splitDepth);
  } catch (error) {
    return portFailure(error);
  } finally {
    await Promise.all([kafka.close(), registry?.close()]);
  }
}
