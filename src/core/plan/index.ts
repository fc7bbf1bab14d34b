export * from "./types.js";
export { buildPlan, compareActions, summarise } from "./plan.js";
export { applyPlanToModel } from "./apply-model.js";
export { desiredFingerprint, observedFingerprint } from "./fingerprint.js";
export { formatBytes, formatMilliseconds } from "./risks.js";
export { inDeletionScope, isManagedObserved } from "./scope.js";
export {
  desiredBindings,
  ownedPrincipals,
  planOrigin,
  type BindingOrigin,
  type DesiredBinding,
  type DesiredOrigin,
} from "./acl-bindings.js";
export { accessSummary, describeBinding, describeResource, operationName, planAcls } from "./acls.js";
export { usageQuery, withUsage } from "./usage.js";
export { heldVersions, plannedReferences } from "./subject-versions.js";
export { canonicalSchema } from "./schema-canonical.js";
export type { RegistryInput } from "./plan.js";
export { isRefused, planSubjects } from "./subjects.js";
export { actionKey, splitDrift, withDrift } from "./drift.js";
