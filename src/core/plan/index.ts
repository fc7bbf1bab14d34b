export * from "./types.js";
export { planTopics, compareActions, summarise } from "./plan.js";
export { applyPlanToModel } from "./apply-model.js";
export { desiredFingerprint, observedFingerprint } from "./fingerprint.js";
export { formatBytes, formatMilliseconds } from "./risks.js";
export { inDeletionScope, isManagedObserved } from "./scope.js";
