import { hasErrors, type Diagnostic } from "../core/diagnostics/index.js";
import type { DesiredState } from "../core/model/desired.js";
import type { DesiredSubject } from "../core/model/subjects.js";
import type { ObservedCluster } from "../core/model/observed.js";
import {
  buildPlan,
  desiredFingerprint,
  observedFingerprint,
  usageQuery,
  withUsage,
  type Plan,
  type PlanOptions,
  type RegistryInput,
} from "../core/plan/index.js";
import { KafkaPortError, type KafkaClusterPort } from "../ports/kafka.js";
import type { FilesPort } from "../ports/files.js";
import type { SchemaFilesPort } from "../ports/schema-files.js";
import type { LoadRequest } from "./load-desired.js";
import { validateAndBuild } from "./validate.js";

export interface PreparedDesired {
  /** Present only when validation found no error: kgov never plans from a desired state that fails validate. */
  readonly state?: DesiredState;
  /** The desired subjects, dependencies first (with `state`). */
  readonly subjects?: readonly DesiredSubject[];
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
  const { validation, state, subjects } = await validateAndBuild(request, files, schemaFiles);
  const { diagnostics, sources } = validation;
  const unreadable = diagnostics.some(
    (d) => d.severity === "error" && (d.code === "format/no-files" || d.code === "format/unreadable-file"),
  );
  if (hasErrors(diagnostics) || !state) return { diagnostics, sources, unreadable };
  return { state, subjects: subjects ?? [], diagnostics, sources, unreadable };
}

/**
 * The plan for this desired state and cluster, with live usage: when it narrows READ on a topic or group, or deletes a
 * topic, the consumer groups using those resources are looked up (one batched lookup) and the actions flagged. A plan
 * that does neither sends no group request. A failed lookup leaves the plan unflagged, with a warning saying so.
 */
export async function planWithUsage(
  state: DesiredState,
  observed: ObservedCluster,
  port: Pick<KafkaClusterPort, "describeGroupUsage">,
  options: PlanOptions,
  registry?: RegistryInput,
): Promise<Plan> {
  const plan = buildPlan(state, observed, options, registry);
  const query = usageQuery(plan);
  if (query === undefined) return plan;
  try {
    return withUsage(plan, await port.describeGroupUsage(query));
  } catch (error) {
    if (!(error instanceof KafkaPortError)) throw error;
    const unknown: Diagnostic = {
      code: "plan/usage-unknown",
      severity: "warning",
      message: `kgov could not check which consumer groups use the topics and groups this plan narrows or deletes: ${error.diagnostic.message}`,
      why: "Without it the plan cannot warn that a running consumer would lose access or its topic.",
      fix: "Grant the planning principal DESCRIBE on the groups (and on the cluster), or check the groups yourself before applying.",
    };
    return { ...plan, diagnostics: [...plan.diagnostics, unknown] };
  }
}

/**
 * Whether a saved plan still describes the world: both fingerprints are recomputed from the desired state and the
 * cluster as they are now. Returns the `plan/stale` diagnostic (naming what changed) or nothing.
 */
export function checkStaleness(
  saved: Plan,
  state: DesiredState,
  observed: ObservedCluster,
  registry?: RegistryInput,
): Diagnostic[] {
  const desiredNow = desiredFingerprint(state, registry?.subjects);
  const observedNow = observedFingerprint(state, observed, registry?.observed);
  const desiredChanged = desiredNow !== saved.fingerprints.desired;
  const clusterChanged = observed.clusterId !== saved.target.clusterId;
  const observedChanged = observedNow !== saved.fingerprints.observed;
  if (!desiredChanged && !observedChanged && !clusterChanged) return [];
  const what: string[] = [];
  if (clusterChanged) {
    what.push(`it was made for cluster "${saved.target.clusterId}" but kgov is connected to "${observed.clusterId}"`);
  } else if (observedChanged) {
    what.push(
      "the cluster changed since the plan was made (topics, configs, partitions, replicas, brokers, ACLs or registry subjects)",
    );
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
