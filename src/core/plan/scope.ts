import type { DesiredState } from "../model/desired.js";
import { internalTopicOwner } from "../model/internal-topics.js";

/** Code-unit order: the same everywhere, unlike localeCompare. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Whether kgov may delete a live topic that is not desired: only inside settings.scope.topicPrefixes. With no
 * prefixes (or an empty list) nothing is ever deleted, because without a state file kgov cannot know what it owns.
 */
export function inDeletionScope(name: string, desired: DesiredState): boolean {
  const prefixes = desired.settings.scope.topicPrefixes ?? [];
  return internalTopicOwner(name) === undefined && prefixes.some((prefix) => name.startsWith(prefix));
}

/** A live topic the plan looks at: desired, or inside the deletion scope; never an internal topic. */
export function isManagedObserved(name: string, desired: DesiredState): boolean {
  if (internalTopicOwner(name) !== undefined) return false;
  return desired.topics.has(name) || inDeletionScope(name, desired);
}
