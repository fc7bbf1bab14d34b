import { describe, expect, it } from "vitest";
import { explainTopicConfigKey, suggestTopicConfigKey } from "../../../src/core/kafka-config/index.js";

describe("suggestTopicConfigKey", () => {
  it.each([
    // typos
    ["retention.msec", "retention.ms"],
    ["retention.mss", "retention.ms"],
    ["rentention.ms", "retention.ms"],
    ["compresion.type", "compression.type"],
    ["min.insync.replica", "min.insync.replicas"],
    // other spellings
    ["cleanup_policy", "cleanup.policy"],
    ["retention_ms", "retention.ms"],
    ["RETENTION_MS", "retention.ms"],
    ["retentionMs", "retention.ms"],
    ["minInsyncReplicas", "min.insync.replicas"],
    ["retention-bytes", "retention.bytes"],
    // broker-level names
    ["log.retention.ms", "retention.ms"],
    ["log.retention.hours", "retention.ms"],
    ["log.roll.ms", "segment.ms"],
    ["log.segment.bytes", "segment.bytes"],
    ["message.max.bytes", "max.message.bytes"],
    ["log.cleaner.min.cleanable.ratio", "min.cleanable.dirty.ratio"],
    ["log.cleanup.policy", "cleanup.policy"],
    ["log.segment.jitter.ms", "segment.jitter.ms"],
    // common mix-ups
    ["retention.time", "retention.ms"],
    ["retention.hours", "retention.ms"],
    ["min.isr", "min.insync.replicas"],
    ["compression.codec", "compression.type"],
    ["timestamp.type", "message.timestamp.type"],
  ])("%s → %s", (unknown, suggested) => {
    expect(suggestTopicConfigKey(unknown)[0]).toBe(suggested);
  });

  it.each(["default.replication.factor", "replication.factor", "num.partitions", "partitions", "zzzz.qqqq"])(
    "suggests no config key for %s",
    (unknown) => {
      expect(suggestTopicConfigKey(unknown)).toEqual([]);
    },
  );
});

describe("explainTopicConfigKey", () => {
  it.each([
    ["log.retention.ms", "log.retention.ms is the broker-wide default; on a topic it is retention.ms"],
    [
      "log.retention.hours",
      "log.retention.hours is the broker-wide default; on a topic it is retention.ms, in milliseconds",
    ],
    ["cleanup_policy", "Kafka config names are lower case with dots: cleanup.policy"],
    ["log.segment.jitter.ms", "log.segment.jitter.ms reads like a broker setting; on a topic it is segment.jitter.ms"],
    [
      "default.replication.factor",
      "the replication factor is not a topic config: set `replicationFactor:` on the topic",
    ],
    ["num.partitions", "the partition count is not a topic config: set `partitions:` on the topic"],
  ])("explains %s", (unknown, note) => {
    expect(explainTopicConfigKey(unknown)).toBe(note);
  });

  it("has nothing to add to a plain typo", () => {
    expect(explainTopicConfigKey("retention.msec")).toBeUndefined();
  });
});
