import type { Diagnostic } from "../../diagnostics/index.js";
import type { EstateTopic } from "../estate.js";
import type { GitopsSettings, GitopsTopic } from "./model.js";

/**
 * Topics with concrete values: a topic's own `replication`, else `settings.topics.defaults.replication`;
 * kafka-gitops refuses a topic that has neither, and has no partitions default.
 */
export function estateTopics(
  topics: Iterable<GitopsTopic>,
  settings: GitopsSettings,
  diagnostics: Diagnostic[],
): EstateTopic[] {
  const out: EstateTopic[] = [];
  for (const t of topics) {
    const replicationFactor = t.replication ?? settings.defaultReplication?.value;
    if (replicationFactor === undefined) {
      diagnostics.push({
        code: "import/invalid-source",
        severity: "error",
        message: `topic \`${t.name}\` has no \`replication\` and there is no default`,
        why: "kafka-gitops refuses a topic without a replication factor, so there is nothing to convert.",
        fix: "Add `replication` to the topic, or `settings.topics.defaults.replication`.",
        source: t.at,
      });
      continue;
    }
    out.push({ name: t.name, partitions: t.partitions, replicationFactor, config: t.config });
  }
  return out;
}
