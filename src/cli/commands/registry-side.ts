import { hasErrors, type Diagnostic } from "../../core/diagnostics/index.js";
import type { DesiredState } from "../../core/model/desired.js";
import type { DesiredSubject } from "../../core/model/subjects.js";
import type { RegistryInput } from "../../core/plan/index.js";
import { RegistryPortError, type RegistryPort } from "../../ports/registry.js";
import type { CommandContext } from "../context.js";
import { CommandFailure } from "../errors.js";
import { ExitCode } from "../exit-codes.js";
import { warnOnStderr } from "./plan.js";

/** The registry half of plan and apply: the subjects, the open port and the registry as read for them. */
export interface RegistrySide {
  readonly input?: RegistryInput;
  /** Open when `input` is; the caller closes it. */
  readonly port?: RegistryPort;
  /** E.g. subject/not-planned: added to the plan's diagnostics. */
  readonly warnings: readonly Diagnostic[];
}

/** The desired subjects; their errors (an unresolved reference, a cycle) fail the command like validate's. */
export async function loadSubjects(
  ctx: CommandContext,
  state: DesiredState,
  sources: ReadonlyMap<string, string>,
): Promise<DesiredSubject[]> {
  const [{ loadDesiredSubjects }, { createFilesAdapter }] = await Promise.all([
    import("../../app/desired-subjects.js"),
    import("../../adapters/fs/files.js"),
  ]);
  const loaded = await loadDesiredSubjects(state, createFilesAdapter(ctx.io.cwd));
  if (hasErrors(loaded.diagnostics)) {
    const all = new Map([...sources, ...loaded.sources]);
    if (ctx.output === "json") throw new CommandFailure(loaded.diagnostics, ExitCode.FINDINGS);
    warnOnStderr(ctx, loaded.diagnostics, all);
    ctx.io.stderr.write("The desired state has errors (see kgov validate); nothing was planned.\n");
    throw new CommandFailure([], ExitCode.FINDINGS);
  }
  return loaded.subjects;
}

/**
 * Opens the Schema Registry named by --registry-url, KGOV_REGISTRY_URL or the environment's `registry` block, when
 * one is configured. Undefined when none is; a broken configuration fails the command (exit 1).
 */
export async function openRegistry(
  ctx: CommandContext,
  flagUrl: string | undefined,
  state: DesiredState,
): Promise<{ port: RegistryPort; url: string } | undefined> {
  const { resolveRegistryConnection, displayUrl } = await import("../../core/connection/registry-settings.js");
  const resolved = resolveRegistryConnection(flagUrl, ctx.io.env, state.environment);
  if (hasErrors(resolved.diagnostics)) throw new CommandFailure(resolved.diagnostics, ExitCode.TOOL_FAILURE);
  if (!resolved.connection) return undefined;
  const { createRegistryClient } = await import("../../adapters/registry/index.js");
  return {
    port: createRegistryClient(resolved.connection, { cwd: ctx.io.cwd }),
    url: displayUrl(resolved.connection.url),
  };
}

/**
 * Reads the registry for the desired subjects (resolved while validating). Nothing is read when the files declare no subject and no
 * subject prefix; without a registry the plan covers topics and ACLs, with a warning when schemas are bound.
 */
export async function readRegistrySide(
  ctx: CommandContext,
  flagUrl: string | undefined,
  state: DesiredState,
  subjects: readonly DesiredSubject[],
): Promise<RegistrySide> {
  const prefixes = state.settings.scope.subjectPrefixes ?? [];
  if (subjects.length === 0 && prefixes.length === 0) return { warnings: [] };
  const registry = await openRegistry(ctx, flagUrl, state);
  if (!registry) {
    return {
      warnings: [
        {
          code: "subject/not-planned",
          severity: "warning",
          message: `The files declare ${subjects.length === 1 ? "1 subject" : `${subjects.length} subjects`} but no Schema Registry is configured; subjects are not planned`,
          fix: "Set registry.url in the environment, pass --registry-url or set KGOV_REGISTRY_URL.",
        },
      ],
    };
  }
  const { observeRegistry } = await import("../../app/observe-registry.js");
  try {
    const observed = await observeRegistry(registry.port, subjects, prefixes, registry.url);
    return { input: { subjects, observed }, port: registry.port, warnings: [] };
  } catch (error) {
    await registry.port.close();
    if (error instanceof RegistryPortError) throw new CommandFailure([error.diagnostic], ExitCode.TOOL_FAILURE);
    throw error;
  }
}
