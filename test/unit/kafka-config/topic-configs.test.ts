import { describe, expect, it } from "vitest";
import {
  availabilityIn,
  checkTopicConfigValue,
  compareKafkaVersions,
  defaultValueIn,
  lookupTopicConfig,
  parseKafkaVersion,
  ruleIn,
  SUPPORTED_KAFKA_VERSIONS,
  TOPIC_CONFIGS,
  type TopicConfigEntry,
} from "../../../src/core/kafka-config/index.js";

function entry(key: string): TopicConfigEntry {
  const found = lookupTopicConfig(key);
  if (!found) throw new Error(`missing ${key}`);
  return found;
}

describe("topic config catalogue", () => {
  it("has every topic config of Kafka 3.9 and 4.x", () => {
    const expected = [
      "cleanup.policy",
      "compression.gzip.level",
      "compression.lz4.level",
      "compression.type",
      "compression.zstd.level",
      "delete.retention.ms",
      "errors.deadletterqueue.group.enable",
      "file.delete.delay.ms",
      "flush.messages",
      "flush.ms",
      "follower.replication.throttled.replicas",
      "index.interval.bytes",
      "leader.replication.throttled.replicas",
      "local.retention.bytes",
      "local.retention.ms",
      "max.compaction.lag.ms",
      "max.decompressed.message.bytes",
      "max.message.bytes",
      "message.downconversion.enable",
      "message.format.version",
      "message.timestamp.after.max.ms",
      "message.timestamp.before.max.ms",
      "message.timestamp.difference.max.ms",
      "message.timestamp.type",
      "min.cleanable.dirty.ratio",
      "min.compaction.lag.ms",
      "min.insync.replicas",
      "preallocate",
      "remote.copy.lag.bytes",
      "remote.copy.lag.ms",
      "remote.log.copy.disable",
      "remote.log.delete.on.disable",
      "remote.storage.enable",
      "retention.bytes",
      "retention.ms",
      "segment.bytes",
      "segment.index.bytes",
      "segment.jitter.ms",
      "segment.ms",
      "unclean.leader.election.enable",
    ];
    expect(TOPIC_CONFIGS.map((e) => e.key)).toEqual(expected);
  });

  it("looks keys up exactly, as Kafka does", () => {
    expect(lookupTopicConfig("retention.ms")?.type).toBe("long");
    expect(lookupTopicConfig("Retention.ms")).toBeUndefined();
    expect(lookupTopicConfig("retention_ms")).toBeUndefined();
  });

  it.each([
    ["retention.ms", "long", "604800000"],
    ["retention.bytes", "long", "-1"],
    ["segment.bytes", "int", "1073741824"],
    ["min.insync.replicas", "int", "1"],
    ["max.message.bytes", "int", "1048588"],
    ["min.cleanable.dirty.ratio", "double", "0.5"],
    ["cleanup.policy", "list", "delete"],
    ["compression.type", "string", "producer"],
    ["message.timestamp.type", "string", "CreateTime"],
    ["unclean.leader.election.enable", "boolean", "false"],
    ["local.retention.ms", "long", "-2"],
    ["leader.replication.throttled.replicas", "list", ""],
    ["flush.messages", "long", "9223372036854775807"],
  ])("%s is a %s defaulting to %j", (key, type, defaultValue) => {
    expect(entry(key).type).toBe(type);
    expect(defaultValueIn(entry(key))).toBe(defaultValue);
  });

  it("accepts each default under its own rules, in every release that has the key", () => {
    for (const e of TOPIC_CONFIGS) {
      for (const version of SUPPORTED_KAFKA_VERSIONS) {
        if (availabilityIn(e, version).status === "not-yet-available") continue;
        const defaultValue = defaultValueIn(e, version);
        expect(checkTopicConfigValue(e.key, defaultValue, { kafkaVersion: version }), `${e.key} @ ${version}`).toEqual({
          ok: true,
          value: defaultValue,
        });
      }
    }
  });

  it("marks no topic config as sensitive", () => {
    expect(TOPIC_CONFIGS.filter((e) => e.sensitive)).toEqual([]);
  });
});

describe("availability by Kafka release", () => {
  it.each(["message.downconversion.enable", "message.format.version", "message.timestamp.difference.max.ms"])(
    "%s is deprecated in 3.9 and removed in 4.0",
    (key) => {
      expect(availabilityIn(entry(key), "3.9").status).toBe("deprecated");
      expect(availabilityIn(entry(key), "4.0")).toMatchObject({ status: "removed", removedIn: "4.0" });
      expect(availabilityIn(entry(key), "4.4").status).toBe("removed");
    },
  );

  it("names the replacement of a removed key", () => {
    expect(availabilityIn(entry("message.timestamp.difference.max.ms"), "4.0")).toEqual({
      status: "removed",
      removedIn: "4.0",
      replacedBy: ["message.timestamp.before.max.ms", "message.timestamp.after.max.ms"],
    });
  });

  it.each([
    ["compression.zstd.level", "3.9", "available"],
    ["remote.log.copy.disable", "3.9", "available"],
    ["max.decompressed.message.bytes", "4.1", "not-yet-available"],
    ["max.decompressed.message.bytes", "4.2", "available"],
    ["remote.copy.lag.ms", "4.3", "not-yet-available"],
    ["remote.copy.lag.ms", "4.4", "available"],
    ["errors.deadletterqueue.group.enable", "4.3", "not-yet-available"],
    ["retention.ms", "4.4", "available"],
  ] as const)("%s in %s is %s", (key, version, status) => {
    expect(availabilityIn(entry(key), version).status).toBe(status);
  });

  it("follows default changes between releases", () => {
    const after = entry("message.timestamp.after.max.ms");
    expect(defaultValueIn(after, "3.9")).toBe("9223372036854775807");
    expect(defaultValueIn(after, "4.0")).toBe("3600000");
    expect(defaultValueIn(after)).toBe("3600000");
  });

  it("follows bound changes between releases, loosest when no release is given", () => {
    const segmentBytes = entry("segment.bytes");
    expect(ruleIn(segmentBytes, "4.0")).toMatchObject({ min: 14n });
    expect(ruleIn(segmentBytes, "4.1")).toMatchObject({ min: 1048576n });
    expect(ruleIn(segmentBytes, "4.4")).toMatchObject({ min: 1048576n });
    expect(ruleIn(segmentBytes)).toMatchObject({ min: 14n });
  });
});

describe("Kafka versions", () => {
  it.each([
    ["4.1", "4.1"],
    ["4.1.2", "4.1"],
    [" 3.9.0 ", "3.9"],
    ["4.0.0-rc1", "4.0"],
    ["4.10.1", "4.10"],
    ["4", undefined],
    ["latest", undefined],
  ])("parses %j as %j", (text, version) => {
    expect(parseKafkaVersion(text)).toBe(version);
  });

  it("compares releases numerically", () => {
    expect(compareKafkaVersions("3.9", "4.0")).toBeLessThan(0);
    expect(compareKafkaVersions("4.10", "4.9")).toBeGreaterThan(0);
    expect(compareKafkaVersions("4.1", "4.1")).toBe(0);
  });
});
