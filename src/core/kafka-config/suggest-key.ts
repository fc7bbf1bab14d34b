import { closestMatches } from "../text/did-you-mean.js";
import { lookupTopicConfig, TOPIC_CONFIGS } from "./topic-configs.js";

/*
 * What someone meant by a topic config key Kafka does not know. Typos are caught by edit distance; the rest are
 * mix-ups edit distance cannot see: broker-level names (log.retention.ms), other spellings (retention_ms,
 * retentionMs), units in the name (retention.hours), and settings that are not configs at all (replication.factor).
 */

interface Advice {
  readonly keys: readonly string[];
  readonly note?: string;
}

const NOT_A_CONFIG = {
  partitions: "the partition count is not a topic config: set `partitions:` on the topic",
  replicationFactor: "the replication factor is not a topic config: set `replicationFactor:` on the topic",
};

const MIX_UPS: readonly (readonly [written: readonly string[], advice: Advice])[] = [
  [
    ["retention", "retention.time"],
    {
      keys: ["retention.ms", "retention.bytes"],
      note: "retention is set by time (retention.ms) or by size (retention.bytes)",
    },
  ],
  [
    ["retention.seconds", "retention.minutes", "retention.hours", "retention.days"],
    { keys: ["retention.ms"], note: "topics take retention in milliseconds: retention.ms" },
  ],
  [["retention.size"], { keys: ["retention.bytes"] }],
  [["min.isr", "minisr", "min.insync", "min.in.sync.replicas", "min.isr.replicas"], { keys: ["min.insync.replicas"] }],
  [
    ["compression", "compression.codec"],
    { keys: ["compression.type"], note: "the topic-level name is compression.type" },
  ],
  [
    ["compaction", "log.compaction", "compact"],
    { keys: ["cleanup.policy"], note: "compaction is turned on with cleanup.policy: compact" },
  ],
  [["segment.size"], { keys: ["segment.bytes"] }],
  [
    ["max.message.size", "max.request.size"],
    { keys: ["max.message.bytes"], note: "the topic-level limit is max.message.bytes" },
  ],
  [["timestamp.type"], { keys: ["message.timestamp.type"] }],
  [["unclean.leader.election"], { keys: ["unclean.leader.election.enable"] }],
  [
    ["remote.storage", "tiered.storage", "tiered.storage.enable", "remote.log.storage.enable"],
    { keys: ["remote.storage.enable"] },
  ],
  [["partitions", "num.partitions", "partition.count"], { keys: [], note: NOT_A_CONFIG.partitions }],
  [
    ["replication.factor", "default.replication.factor", "replicas"],
    { keys: [], note: NOT_A_CONFIG.replicationFactor },
  ],
];

/** Broker-level synonyms, from the catalogue: log.retention.hours → retention.ms. */
function brokerAdvice(): [string, Advice][] {
  return TOPIC_CONFIGS.flatMap((entry) =>
    entry.brokerKeys
      .filter((brokerKey) => brokerKey !== entry.key)
      .map((brokerKey): [string, Advice] => {
        const inMilliseconds =
          entry.unit === "milliseconds" && /\.(hours|minutes)$/.test(brokerKey) ? ", in milliseconds" : "";
        return [
          brokerKey,
          {
            keys: [entry.key],
            note: `${brokerKey} is the broker-wide default; on a topic it is ${entry.key}${inMilliseconds}`,
          },
        ];
      }),
  );
}

const KNOWN_MIX_UPS: ReadonlyMap<string, Advice> = new Map([
  ...brokerAdvice(),
  ...MIX_UPS.flatMap(([written, advice]) => written.map((w): [string, Advice] => [w, advice])),
]);

/** retentionMs, RETENTION_MS, retention-ms and "retention ms" all become retention.ms. */
function kafkaSpelling(key: string): string {
  return key
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, "$1.$2")
    .toLowerCase()
    .replace(/[\s_\-.]+/g, ".")
    .replace(/^\.|\.$/g, "");
}

function adviseOn(key: string): Advice {
  const spelled = kafkaSpelling(key);
  if (spelled !== key && lookupTopicConfig(spelled)) {
    return { keys: [spelled], note: `Kafka config names are lower case with dots: ${spelled}` };
  }
  const known = KNOWN_MIX_UPS.get(spelled);
  if (known) return known;
  const withoutPrefix = spelled.replace(/^(log|topic)\./, "");
  if (withoutPrefix !== spelled && lookupTopicConfig(withoutPrefix)) {
    return { keys: [withoutPrefix], note: `${key} reads like a broker setting; on a topic it is ${withoutPrefix}` };
  }
  return {
    keys: closestMatches(
      spelled,
      TOPIC_CONFIGS.map((e) => e.key),
    ),
  };
}

/** The known topic config keys closest to an unknown one, best first; empty when nothing is close. */
export function suggestTopicConfigKey(unknownKey: string): string[] {
  return [...adviseOn(unknownKey).keys];
}

/** Why the suggestion fits, when it is more than a typo; e.g. "log.retention.ms is the broker-wide default; …". */
export function explainTopicConfigKey(unknownKey: string): string | undefined {
  return adviseOn(unknownKey).note;
}
