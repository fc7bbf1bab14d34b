import { hasErrors, type Diagnostic } from "../core/diagnostics/index.js";
import type { DesiredState } from "../core/model/desired.js";
import type { ObservedCluster } from "../core/model/observed.js";
import { desiredFingerprint, observedFingerprint, type Plan } from "../core/plan/index.js";
import type { FilesPort } from "../ports/files.js";
import type { SchemaFilesPort } from "../ports/schema-files.js";
import type { LoadRequest } from "./load-desired.js";
import { validateAndBuild } from "./validate.js";

export interface PreparedDesired {
  /** Present only when validation found no error: kgov never plans from a desired state that fails validate. */
  readonly state?: DesiredState;
  /** Everything `kgov validate` reports (warnings included). */
  readonly diagnostics: readonly Diagnostic[];
  /** File texts for code frames. */
  readonly sources: ReadonlyMap<string, string>;
  /** True when input could not be read at all (no files, unreadable file): a tool failure rather than a finding. */
  readonly unreadable: boolean;
}

/** Loads the desired state and runs every `kgov validate` check on it; the state is returned only when clean. */
export async function prepareDesired(
  request: LoadRequest,
  files: FilesPort,
  schemaFiles?: SchemaFilesPort,
): Promise<PreparedDesired> {
  const { validation, state } = await validateAndBuild(request, files, schemaFiles);
  const { diagnostics, sources } = validation;
  const unreadable = diagnostics.some(
    (d) => d.severity === "error" && (d.code === "format/no-files" || d.code === "format/unreadable-file"),
  );
  if (hasErrors(diagnostics) || !state) return { diagnostics, sources, unreadable };
  return { state, diagnostics, sources, unreadable };
}

/**
 * Whether a saved plan still describes the world: both fingerprints are recomputed from the desired state and the
 * cluster as they are now. Returns the `plan/stale` diagnostic (naming what changed) or nothing.
 */
export function checkStaleness(saved: Plan, state: DesiredState, observed: ObservedCluster): Diagnostic[] {
  const desiredNow = desiredFingerprint(state);
  const observedNow = observedFingerprint(state, observed);
  const desiredChanged = desiredNow !== saved.fingerprints.desired;
  const clusterChanged = observed.clusterId !== saved.target.clusterId;
  const observedChanged = observedNow !== saved.fingerprints.observed;
  if (!desiredChanged && !observedChanged && !clusterChanged) return [];
  const what: string[] = [];
  if (clusterChanged) {
    what.push(`it was made for cluster "${saved.target.clusterId}" but kgov is connected to "${observed.clusterId}"`);
  } else if (observedChanged) {
    what.push("the cluster changed since the plan was made (topics, configs, partitions, replicas or brokers)");
  }
  if (desiredChanged) what.push("the desired-state files (or the selected --env) differ from the ones planned");
  return [
    {
      code: "plan/stale",
      severity: "error",
      message: `The saved plan is stale: ${what.join("; and ")}`,
      why:
        "Applying a plan made against another state could undo someone else's change or apply something nobody " +
        "reviewed, so kgov applies a saved plan only while its inputs are unchanged.",
      fix: "Run kgov plan again, review the new plan, and apply that one.",
    },
  ];
}
