import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Diagnostic } from "../core/diagnostics/index.js";
import type { FleetEntry, FleetPlan } from "../core/plan/fleet.js";
import type { Plan } from "../core/plan/types.js";
import { CommandContext, type GlobalOptions } from "./context.js";
import { ExitCode } from "./exit-codes.js";
import type { FleetArgs } from "./fleet-args.js";
import type { CliIo } from "./io.js";

type Single = (argv: readonly string[], io: CliIo) => Promise<number>;

/** An IO that keeps what a single-environment run prints, for the fleet to combine. */
function captured(io: CliIo): { io: CliIo; stdout: () => string; stderr: () => string } {
  let out = "";
  let err = "";
  return {
    io: {
      stdout: { write: (s) => void (out += s), isTTY: false },
      stderr: { write: (s) => void (err += s), isTTY: false },
      env: io.env,
      cwd: io.cwd,
      ...(io.signal ? { signal: io.signal } : {}),
    },
    stdout: () => out,
    stderr: () => err,
  };
}

function problem(message: string, fix: string): Diagnostic {
  return { code: "cli/invalid-argument", severity: "error", message, fix };
}

/**
 * Runs a fleet invocation: plans every environment concurrently (each exactly as `kgov plan --env <name>` would) and
 * prints one report, or applies them in the given order and stops at the first failure. `saved`: the fleet plan
 * apply already read from fleet.planFile.
 */
export async function runFleet(fleet: FleetArgs, io: CliIo, single: Single, saved?: FleetPlan): Promise<number> {
  const ctx = new CommandContext(io, { output: (fleet.output ?? "text") as GlobalOptions["output"] });
  if (!saved && fleet.planFile !== undefined) {
    saved = await readFleetFile(fleet.planFile, io);
    if (!saved) {
      ctx.reportDiagnostics([
        problem(
          `${fleet.planFile} is not a fleet plan, so it cannot be applied to several environments`,
          "Apply a single environment's plan without an environment list, or write a fleet plan with kgov plan --env a,b --out <file>.",
        ),
      ]);
      return ExitCode.TOOL_FAILURE;
    }
  }
  const names = saved
    ? saved.environments
        .map((e) => e.environment)
        .filter(
          (n) => fleet.environments === "all" || fleet.environments.length === 0 || fleet.environments.includes(n),
        )
    : await environmentNames(fleet, io);
  if (names.length === 0) {
    ctx.reportDiagnostics([
      problem("no environment to run", "Declare environments in the files, or name them: --env dev,staging,prod."),
    ]);
    return ExitCode.TOOL_FAILURE;
  }
  return fleet.command === "apply"
    ? applyFleet(fleet, names, saved, io, ctx, single)
    : planFleet(fleet, fleet.command, names, io, ctx, single);
}

async function environmentNames(fleet: FleetArgs, io: CliIo): Promise<string[]> {
  if (fleet.environments !== "all") return [...new Set(fleet.environments.filter((n) => n !== ""))];
  const [{ loadDesiredState }, { createFilesAdapter }] = await Promise.all([
    import("../app/load-desired.js"),
    import("../adapters/fs/files.js"),
  ]);
  const loaded = await loadDesiredState({ paths: fleet.files, variables: io.env }, createFilesAdapter(io.cwd));
  return [...(loaded.state?.environments.keys() ?? [])];
}

/** `kgov plan` (or `kgov drift`) of every environment at once, combined into one fleet document and report. */
async function planFleet(
  fleet: FleetArgs,
  command: "plan" | "drift",
  names: readonly string[],
  io: CliIo,
  ctx: CommandContext,
  single: Single,
): Promise<number> {
  const entries = await Promise.all(
    names.map(async (environment): Promise<FleetEntry> => {
      const run = captured(io);
      const exitCode = await single(["-o", "json", command, ...fleet.rest, "--env", environment], run.io);
      const document = parse(run.stdout());
      if (document && Array.isArray((document as Plan).actions))
        return { environment, exitCode, plan: document as Plan, diagnostics: [] };
      const diagnostics = (document as { diagnostics?: Diagnostic[] } | undefined)?.diagnostics ?? [];
      return { environment, exitCode, diagnostics };
    }),
  );
  const document: FleetPlan = { formatVersion: 1, kind: "fleet-plan", environments: entries };
  const [{ fleetExitCode }, render] = await Promise.all([
    import("../core/plan/fleet.js"),
    import("../render/fleet.js"),
  ]);
  if (ctx.output === "json") io.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
  else if (ctx.output === "markdown") io.stdout.write(render.renderFleetMarkdown(document, command));
  else io.stdout.write(render.renderFleetText(document, ctx.stdoutStyle));
  if (fleet.out !== undefined) {
    const { writePlanFile } = await import("../adapters/fs/plan-file.js");
    const problems = await writePlanFile(fleet.out, `${JSON.stringify(document, null, 2)}\n`, io.cwd);
    if (problems.length > 0) {
      ctx.reportDiagnostics(problems);
      return ExitCode.TOOL_FAILURE;
    }
    io.stderr.write(
      `Saved the plans of ${names.length} environments to ${fleet.out}; apply them in order with: kgov apply ${fleet.out}\n`,
    );
  }
  // drift reports its changes with exit 2 without being asked, as `kgov drift` does for one environment
  return fleetExitCode(document, command === "drift" || fleet.rest.includes("--detailed-exitcode"));
}

/**
 * Promotion: each environment is applied as `kgov apply --env <name>` would (from its saved plan when there is one,
 * so staleness is checked per environment), in order; the first that does not succeed stops the rest.
 */
async function applyFleet(
  fleet: FleetArgs,
  names: readonly string[],
  saved: FleetPlan | undefined,
  io: CliIo,
  ctx: CommandContext,
  single: Single,
): Promise<number> {
  const rest = fleet.rest.filter((a) => a !== fleet.planFile);
  const results: { environment: string; exitCode: number; result?: unknown }[] = [];
  let failed: { environment: string; exitCode: number } | undefined;
  for (const environment of names) {
    const entry = saved?.environments.find((e) => e.environment === environment);
    if (saved && !entry?.plan) {
      failed = { environment, exitCode: ExitCode.TOOL_FAILURE };
      results.push({ ...failed, result: { diagnostics: entry?.diagnostics ?? [] } });
      if (ctx.output !== "json")
        io.stderr.write(`Environment ${environment} has no plan in ${fleet.planFile} (it could not be planned).\n`);
      break;
    }
    const planPath = entry?.plan ? await writeTemporaryPlan(entry.plan, environment, io) : undefined;
    const argv = ["apply", ...(planPath ? [planPath] : []), ...rest, "--env", environment];
    let exitCode: number;
    if (ctx.output === "json") {
      const run = captured(io);
      exitCode = await single(["-o", "json", ...argv], run.io);
      results.push({ environment, exitCode, result: parse(run.stdout()) });
    } else {
      io.stdout.write(ctx.stdoutStyle.bold(`━━ environment ${environment} ━━\n`));
      exitCode = await single(argv, io);
      results.push({ environment, exitCode });
    }
    if (planPath) await (await import("node:fs/promises")).rm(planPath, { force: true });
    if (exitCode !== ExitCode.SUCCESS) {
      failed = { environment, exitCode };
      break;
    }
  }
  const skipped = names.slice(results.length);
  if (ctx.output === "json") {
    io.stdout.write(
      `${JSON.stringify({ formatVersion: 1, kind: "fleet-apply", environments: results, notAttempted: skipped }, null, 2)}\n`,
    );
  } else if (failed) {
    io.stdout.write(
      `\nStopped at environment ${failed.environment} (exit ${failed.exitCode})` +
        (skipped.length > 0 ? `; not attempted: ${skipped.join(", ")}.\n` : ".\n"),
    );
  } else io.stdout.write(`\nApplied ${names.length} environments in order: ${names.join(", ")}.\n`);
  return failed?.exitCode ?? ExitCode.SUCCESS;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

async function readFleetFile(path: string, io: CliIo): Promise<FleetPlan | undefined> {
  const [{ createFilesAdapter }, { isFleetPlan }] = await Promise.all([
    import("../adapters/fs/files.js"),
    import("../core/plan/fleet.js"),
  ]);
  const read = await createFilesAdapter(io.cwd).readText(path, { maxBytes: 256 * 1024 * 1024 });
  const document = read.text !== undefined ? parse(read.text) : undefined;
  return isFleetPlan(document) ? document : undefined;
}

async function writeTemporaryPlan(plan: Plan, environment: string, io: CliIo): Promise<string> {
  const { writePlanFile } = await import("../adapters/fs/plan-file.js");
  const path = join(tmpdir(), `kgov-fleet-${process.pid}-${environment.replace(/[^A-Za-z0-9._-]/g, "_")}.json`);
  await writePlanFile(path, JSON.stringify(plan), io.cwd);
  return path;
}
