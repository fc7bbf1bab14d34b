import type { DesiredState } from "../model/desired.js";
import { internalTopicOwner } from "../model/internal-topics.js";

/** Code-unit order: the same everywhere, unlike localeCompare. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

interface AppTopics {
  readonly streamsPrefixes: readonly string[];
  readonly connectTopics: ReadonlySet<string>;
}
const appTopicsCache = new WeakMap<DesiredState, AppTopics>();

/** The topics declared services create and own themselves: Streams internal topics, Connect storage topics. */
function appTopics(desired: DesiredState): AppTopics {
  let cached = appTopicsCache.get(desired);
  if (!cached) {
    const services = [...desired.services.values()];
    cached = {
      streamsPrefixes: services.flatMap((s) => (s.streams ? [`${s.streams.applicationId}-`] : [])),
      connectTopics: new Set(
        services.flatMap((s) =>
          s.connect
            ? [s.connect.configStorageTopic.name, s.connect.offsetStorageTopic.name, s.connect.statusStorageTopic.name]
            : [],
        ),
      ),
    };
    appTopicsCache.set(desired, cached);
  }
  return cached;
}

/**
 * Whether kgov may delete a live topic that is not desired: only inside settings.scope.topicPrefixes. With no
 * prefixes (or an empty list) nothing is ever deleted, because without a state file kgov cannot know what it owns.
 * The internal topics of a declared Streams app (`<applicationId>-…`) and a Connect worker's storage topics belong
 * to the app that created them, never to kgov.
 */
export function inDeletionScope(name: string, desired: DesiredState): boolean {
  const prefixes = desired.settings.scope.topicPrefixes ?? [];
  if (internalTopicOwner(name) !== undefined || !prefixes.some((prefix) => name.startsWith(prefix))) return false;
  return !ownedByDeclaredApp(name, desired);
}

/** Whether a topic is a declared Streams app's internal topic (`<applicationId>-…`) or a Connect storage topic. */
export function ownedByDeclaredApp(name: string, desired: DesiredState): boolean {
  const apps = appTopics(desired);
  return apps.connectTopics.has(name) || apps.streamsPrefixes.some((prefix) => name.startsWith(prefix));
}

/** A live topic the plan looks at: desired, or inside the deletion scope; never an internal topic. */
export function isManagedObserved(name: string, desired: DesiredState): boolean {
  if (internalTopicOwner(name) !== undefined) return false;
  return desired.topics.has(name) || inDeletionScope(name, desired);
}
