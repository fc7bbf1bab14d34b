import type { ConnectionSettings } from "../../core/connection/index.js";
import { hasErrors, type Diagnostic } from "../../core/diagnostics/index.js";
import type { DesiredEnvironment, DesiredState } from "../../core/model/desired.js";
import type { DesiredSubject } from "../../core/model/subjects.js";
import { readCluster, type ClusterReading } from "../../app/observe.js";
import type { KafkaClusterPort } from "../../ports/kafka.js";
import { resolveCliConnection, type CliConnectionFlags } from "../connection-options.js";
import type { CommandContext } from "../context.js";
import { CommandFailure } from "../errors.js";
import { ExitCode } from "../exit-codes.js";
import type { CliIo } from "../io.js";
import { warnOnStderr, type DesiredOptions } from "./plan.js";

/** The valid desired state, and the cluster being read once for plan and apply. */
export interface DesiredAndCluster {
  readonly state: DesiredState;
  /** The desired subjects, dependencies first (resolved while validating). */
  readonly subjects: readonly DesiredSubject[];
  readonly sources: ReadonlyMap<string, string>;
  /** Open; the caller closes it. */
  readonly port: KafkaClusterPort;
  /** Settles with one read of topics and ACLs (app/observe.ts), or rejects with the port's error when awaited. */
  readonly observed: Promise<ClusterReading>;
}

/**
 * Loads the desired state and reads the cluster. The cluster is read while the files load: on a large estate the
 * broker needs seconds to answer, time the load would otherwise add. The connection comes from flags and variables
 * and, with --env, from that environment, read first from the files that declare environments. Desired-state errors
 * are still reported first, and connection problems only after the files are valid, as when everything runs in turn
 * (which it does when the environment's files have errors or the connection is incomplete).
 */
export async function loadDesiredAndReadCluster(
  ctx: CommandContext,
  options: DesiredOptions & CliConnectionFlags,
  withSignal: boolean,
): Promise<DesiredAndCluster> {
  const early = await readClusterEarly(ctx, options, withSignal);
  let loaded: Awaited<ReturnType<typeof loadValidDesired>>;
  try {
    loaded = await loadValidDesired(ctx, options);
  } catch (failure) {
    // The files' failure is what the user must see, whatever closing the early connection says.
    await early?.port.close().catch(() => undefined);
    throw failure;
  }
  if (early) {
    warnOnStderr(ctx, early.warnings);
    return { ...loaded, port: early.port, observed: early.observed };
  }
  const settings = await resolvePlanConnection(ctx, options, loaded.state);
  const port = await openCluster(ctx.io, settings, withSignal);
  return { ...loaded, port, observed: startReading(ctx, port) };
}

async function readClusterEarly(
  ctx: CommandContext,
  options: DesiredOptions & CliConnectionFlags,
  withSignal: boolean,
): Promise<{ port: KafkaClusterPort; observed: Promise<ClusterReading>; warnings: readonly Diagnostic[] } | undefined> {
  let environment: DesiredEnvironment | undefined;
  if (options.env !== undefined) {
    const [{ loadEnvironmentOnly }, { createFilesAdapter }] = await Promise.all([
      import("../../app/load-desired.js"),
      import("../../adapters/fs/files.js"),
    ]);
    const request = { paths: options.file, environment: options.env, variables: ctx.io.env };
    environment = await loadEnvironmentOnly(request, createFilesAdapter(ctx.io.cwd));
    if (!environment) return undefined;
  }
  const resolved = await resolveCliConnection(options, ctx.io, environment);
  if (!resolved.settings || hasErrors(resolved.diagnostics)) return undefined;
  let port: KafkaClusterPort;
  try {
    port = await openCluster(ctx.io, resolved.settings, withSignal);
  } catch {
    return undefined; // e.g. unreadable TLS files: reported by the in-turn path, after the files are checked
  }
  return { port, observed: startReading(ctx, port), warnings: resolved.diagnostics };
}

function startReading(ctx: CommandContext, port: KafkaClusterPort): Promise<ClusterReading> {
  if (ctx.io.stderr.isTTY) ctx.io.stderr.write(ctx.stderrStyle.dim("Reading the cluster…\n"));
  const observed = readCluster(port);
  // Awaited (and its error reported) by the caller; until then a failure must not count as unhandled.
  observed.catch(() => undefined);
  return observed;
}

/** Loads and validates the desired state; fails the command (exit 3, or 1 for unreadable input) when it has errors. */
async function loadValidDesired(
  ctx: CommandContext,
  options: DesiredOptions,
): Promise<{ state: DesiredState; subjects: readonly DesiredSubject[]; sources: ReadonlyMap<string, string> }> {
  const [{ prepareDesired }, { createFilesAdapter }, { createSchemaFilesAdapter }] = await Promise.all([
    import("../../app/plan.js"),
    import("../../adapters/fs/files.js"),
    import("../../adapters/threads/schema-files.js"),
  ]);
  const files = createFilesAdapter(ctx.io.cwd);
  const prepared = await prepareDesired(
    {
      paths: options.file,
      ...(options.env !== undefined ? { environment: options.env } : {}),
      variables: ctx.io.env,
    },
    files,
    createSchemaFilesAdapter(ctx.io.cwd, files),
  );
  if (!prepared.state) {
    if (ctx.output === "json") {
      throw new CommandFailure(prepared.diagnostics, prepared.unreadable ? ExitCode.TOOL_FAILURE : ExitCode.FINDINGS);
    }
    warnOnStderr(ctx, prepared.diagnostics, prepared.sources);
    ctx.io.stderr.write("The desired state has errors (see kgov validate); nothing was planned.\n");
    throw new CommandFailure([], prepared.unreadable ? ExitCode.TOOL_FAILURE : ExitCode.FINDINGS);
  }
  warnOnStderr(ctx, prepared.diagnostics, prepared.sources);
  return { state: prepared.state, subjects: prepared.subjects ?? [], sources: prepared.sources };
}

/**
 * The connection for plan and apply: flags > KGOV_* variables > --command-config / KGOV_COMMAND_CONFIG > the
 * selected environment's kafka block > its commandConfig file. Fails the command (exit 1) on errors; warnings go to
 * stderr. Nothing here ever prints a secret: origins name flags, variables and fields, not values.
 */
async function resolvePlanConnection(
  ctx: CommandContext,
  flags: CliConnectionFlags,
  state: DesiredState,
): Promise<ConnectionSettings> {
  const resolved = await resolveCliConnection(flags, ctx.io, state.environment);
  if (!resolved.settings || hasErrors(resolved.diagnostics))
    throw new CommandFailure(resolved.diagnostics, ExitCode.TOOL_FAILURE);
  warnOnStderr(ctx, resolved.diagnostics);
  return resolved.settings;
}

/** Creates the Kafka port (the client library loads only now). */
async function openCluster(io: CliIo, settings: ConnectionSettings, withSignal: boolean): Promise<KafkaClusterPort> {
  const { createKafkaCluster } = await import("../../adapters/kafka/cluster.js");
  return createKafkaCluster(settings, { cwd: io.cwd, ...(withSignal && io.signal ? { signal: io.signal } : {}) });
}
