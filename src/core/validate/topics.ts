import type { Diagnostic, SourceRange } from "../diagnostics/index.js";
import { checkTopicConfigValue, lookupTopicConfig, suggestTopicConfigKey } from "../kafka-config/index.js";
import type { DesiredTopic, Settings } from "../model/desired.js";
import { internalTopicOwner } from "../model/internal-topics.js";

function at(topic: DesiredTopic, key: string): SourceRange {
  return topic.sources[key] ?? topic.source;
}

function checkSizes(topic: DesiredTopic, out: Diagnostic[]): void {
  if (topic.partitions === undefined) {
    out.push({
      code: "topic/missing-partitions",
      severity: "error",
      message: `topic \`${topic.name}\` has no partition count`,
      fix: "Set `partitions:` on the topic, or a default in `settings.defaults.topic.partitions`.",
      source: topic.source,
    });
  }
  if (topic.replicationFactor === undefined) {
    out.push({
      code: "topic/missing-replication-factor",
      severity: "error",
      message: `topic \`${topic.name}\` has no replication factor`,
      fix: "Set `replicationFactor:` on the topic, or a default in `settings.defaults.topic.replicationFactor`.",
      source: topic.source,
    });
  }
}

function checkConfig(topic: DesiredTopic, out: Diagnostic[]): void {
  for (const [key, value] of Object.entries(topic.config)) {
    const source = at(topic, `config.${key}`);
    const entry = lookupTopicConfig(key);
    if (!entry) {
      const suggestions = suggestTopicConfigKey(key);
      out.push({
        code: "topic/unknown-config",
        severity: "error",
        message: `\`${key}\` is not a Kafka topic config`,
        why: "The broker would reject the topic create or config change.",
        fix:
          suggestions.length > 0
            ? `Did you mean ${suggestions.map((s) => `\`${s}\``).join(" or ")}?`
            : 'See the Kafka docs, "Topic Configs".',
        source: topic.configKeySources[key] ?? source,
      });
      continue;
    }
    if (entry.removedIn) {
      out.push({
        code: "topic/removed-config",
        severity: "warning",
        message: `\`${key}\` was removed in Kafka ${entry.removedIn}`,
        why: `Clusters on Kafka ${entry.removedIn} or newer reject it.`,
        fix: "Remove it unless every target cluster is older.",
        source: topic.configKeySources[key] ?? source,
      });
    }
    const checked = checkTopicConfigValue(key, value);
    if (!checked.ok) {
      out.push({
        code: "topic/invalid-config-value",
        severity: "error",
        message: checked.problem.message,
        why: "The broker would reject the value.",
        ...(checked.problem.expected ? { fix: `Expected ${checked.problem.expected}.` } : {}),
        source,
      });
    }
  }
}

function checkMinInsyncReplicas(topic: DesiredTopic, out: Diagnostic[]): void {
  const raw = topic.config["min.insync.replicas"];
  const rf = topic.replicationFactor;
  if (raw === undefined || rf === undefined) return;
  const minIsr = Number(raw);
  if (!Number.isInteger(minIsr)) return;
  if (minIsr > rf) {
    out.push({
      code: "topic/min-isr-above-rf",
      severity: "error",
      message: `min.insync.replicas (${minIsr}) is greater than the replication factor (${rf}) of \`${topic.name}\``,
      why: "A write with acks=all needs that many in-sync replicas, which can never exist: every such write fails.",
      fix: `Lower min.insync.replicas to at most ${rf} (usually ${Math.max(1, rf - 1)}), or raise the replication factor.`,
      source: at(topic, "config.min.insync.replicas"),
    });
  } else if (minIsr === rf && rf > 1) {
    out.push({
      code: "topic/min-isr-equals-rf",
      severity: "warning",
      message: `min.insync.replicas equals the replication factor (${rf}) of \`${topic.name}\``,
      why: "Losing any one broker (even for a rolling restart) blocks every acks=all write to the topic.",
      fix: `Use min.insync.replicas: ${rf - 1}, or replicationFactor: ${rf + 1}.`,
      source: at(topic, "config.min.insync.replicas"),
    });
  }
}

function compilePolicy(settings: Settings, out: Diagnostic[]): RegExp | undefined {
  const policy = settings.policies.topicName;
  if (!policy) return undefined;
  try {
    // The whole name must match, as with Java's String.matches: an unanchored `shop\.` must not accept `x.shop.y`.
    return new RegExp(`^(?:${policy.pattern})$`, "u");
  } catch (error) {
    out.push({
      code: "policy/invalid-pattern",
      severity: "error",
      message: `settings.policies.topicName is not a valid regular expression: ${(error as Error).message}`,
      source: policy.source,
    });
    return undefined;
  }
}

function checkBounds(
  topic: DesiredTopic,
  value: number | undefined,
  bounds: Settings["policies"]["partitions"],
  code: "policy/partitions" | "policy/replication-factor",
  label: string,
  sourceKey: string,
  out: Diagnostic[],
): void {
  if (value === undefined || !bounds || topic.fromEnvironment.includes(sourceKey)) return;
  const tooLow = bounds.min !== undefined && value < bounds.min;
  const tooHigh = bounds.max !== undefined && value > bounds.max;
  if (!tooLow && !tooHigh) return;
  const range = [bounds.min !== undefined ? `≥ ${bounds.min}` : "", bounds.max !== undefined ? `≤ ${bounds.max}` : ""]
    .filter(Boolean)
    .join(" and ");
  out.push({
    code,
    severity: "error",
    message: `${label} ${value} of \`${topic.name}\` breaks the policy (${range})`,
    why: `settings.policies at ${bounds.source.file}:${bounds.source.start.line} requires it.`,
    fix: `Set ${label} ${range}.`,
    source: at(topic, sourceKey),
  });
}

export function checkTopics(topics: ReadonlyMap<string, DesiredTopic>, settings: Settings): Diagnostic[] {
  const out: Diagnostic[] = [];
  const namePolicy = compilePolicy(settings, out);
  const prefixes = settings.scope.topicPrefixes;
  for (const topic of topics.values()) {
    const owner = internalTopicOwner(topic.name);
    if (owner) {
      out.push({
        code: "topic/internal-topic",
        severity: "error",
        message: `\`${topic.name}\` is an internal topic of ${owner}`,
        why: "kgov never manages internal topics; changing them can break the cluster or the framework.",
        fix: "Remove it from the desired state.",
        source: topic.source,
      });
      continue;
    }
    checkSizes(topic, out);
    checkConfig(topic, out);
    checkMinInsyncReplicas(topic, out);
    if (namePolicy && !namePolicy.test(topic.name)) {
      out.push({
        code: "policy/topic-name",
        severity: "error",
        message: `topic name \`${topic.name}\` does not match the naming policy`,
        why: `settings.policies.topicName requires /${settings.policies.topicName?.pattern}/.`,
        fix: "Rename the topic to follow the convention.",
        source: topic.source,
      });
    }
    checkBounds(
      topic,
      topic.partitions,
      settings.policies.partitions,
      "policy/partitions",
      "partitions",
      "partitions",
      out,
    );
    checkBounds(
      topic,
      topic.replicationFactor,
      settings.policies.replicationFactor,
      "policy/replication-factor",
      "replicationFactor",
      "replicationFactor",
      out,
    );
    if (prefixes && !prefixes.some((p) => topic.name.startsWith(p))) {
      out.push({
        code: "topic/outside-scope",
        severity: "warning",
        message: `topic \`${topic.name}\` is outside settings.scope.topicPrefixes`,
        why: "kgov creates and updates it, but will never delete it: deletions are limited to the scope.",
        fix: `Add a matching prefix to settings.scope.topicPrefixes (now: ${prefixes.join(", ")}).`,
        source: topic.source,
      });
    }
  }
  return out;
}
