import { describe, expect, it } from "vitest";
import {
  checkTopicConfigValue,
  normaliseConfigValue,
  type ConfigValueInput,
  type KafkaVersion,
} from "../../../src/core/kafka-config/index.js";

const LONG_MAX = "9223372036854775807";

describe("checkTopicConfigValue accepts valid values and gives the text to send", () => {
  it.each<[string, ConfigValueInput, string]>([
    // long
    ["retention.ms", 604800000, "604800000"],
    ["retention.ms", "604800000", "604800000"],
    ["retention.ms", -1, "-1"],
    ["retention.ms", " 42 ", "42"],
    ["retention.ms", "+42", "42"],
    ["retention.ms", "007", "7"],
    ["retention.ms", Number.MAX_SAFE_INTEGER, "9007199254740991"],
    ["retention.bytes", LONG_MAX, LONG_MAX],
    ["retention.bytes", 9223372036854775807n, LONG_MAX],
  ])("%s = %s → %s", (key, input, value) => {
    expect(checkTopicConfigValue(key, input)).toEqual({ ok: true, value });
  });

  it.each<[string, ConfigValueInput, string]>([
    // int
    ["segment.bytes", 14, "14"],
    ["segment.bytes", "2147483647", "2147483647"],
    ["min.insync.replicas", 2, "2"],
    ["max.message.bytes", 0, "0"],
    ["compression.gzip.level", -1, "-1"],
    ["compression.gzip.level", 9, "9"],
    ["compression.zstd.level", -131072, "-131072"],
    ["compression.lz4.level", 17, "17"],
    ["local.retention.bytes", -2, "-2"],
    // boolean
    ["unclean.leader.election.enable", true, "true"],
    ["preallocate", "TRUE", "true"],
    ["remote.storage.enable", " false ", "false"],
    // double
    ["min.cleanable.dirty.ratio", 0.5, "0.5"],
    ["min.cleanable.dirty.ratio", "0.50", "0.5"],
    ["min.cleanable.dirty.ratio", "1.0", "1"],
    ["min.cleanable.dirty.ratio", 0, "0"],
    ["min.cleanable.dirty.ratio", ".25", "0.25"],
    ["min.cleanable.dirty.ratio", "5e-1", "0.5"],
    // string with choices
    ["compression.type", "zstd", "zstd"],
    ["compression.type", " lz4 ", "lz4"],
    ["message.timestamp.type", "LogAppendTime", "LogAppendTime"],
    // list with choices
    ["cleanup.policy", "delete", "delete"],
    ["cleanup.policy", "compact, delete", "compact,delete"],
    ["cleanup.policy", " delete ,compact ", "delete,compact"],
    ["cleanup.policy", ["compact", "delete"], "compact,delete"],
    ["cleanup.policy", "compact,compact", "compact"],
    ["cleanup.policy", "", ""],
    // replica lists
    ["leader.replication.throttled.replicas", "*", "*"],
    ["leader.replication.throttled.replicas", "0:101, 1:102", "0:101,1:102"],
    ["follower.replication.throttled.replicas", "", ""],
    // removed in 4.0, still checkable for 3.9 clusters
    ["message.format.version", "2.8-IV1", "2.8-IV1"],
    ["message.format.version", "3.0", "3.0"],
    ["message.downconversion.enable", false, "false"],
    ["message.timestamp.difference.max.ms", 0, "0"],
  ])("%s = %s → %s", (key, input, value) => {
    expect(checkTopicConfigValue(key, input)).toEqual({ ok: true, value });
  });

  it("applies the bounds of the given Kafka release", () => {
    expect(checkTopicConfigValue("segment.bytes", 1048576, { kafkaVersion: "4.1" })).toEqual({
      ok: true,
      value: "1048576",
    });
    expect(checkTopicConfigValue("segment.bytes", 14, { kafkaVersion: "4.0" })).toEqual({ ok: true, value: "14" });
  });
});

describe("checkTopicConfigValue rejects invalid values", () => {
  it.each<[string, ConfigValueInput, string, KafkaVersion?]>([
    ["retention.ms", "7d", "wrong-type"],
    ["retention.ms", 1.5, "wrong-type"],
    ["retention.ms", "1.5", "wrong-type"],
    ["retention.ms", true, "wrong-type"],
    ["retention.ms", "", "wrong-type"],
    ["retention.ms", "0x10", "wrong-type"],
    ["retention.ms", 2 ** 63, "wrong-type"],
    ["retention.ms", -2, "out-of-range"],
    ["retention.ms", "9223372036854775808", "out-of-range"],
    ["retention.bytes", -2, "out-of-range"],
    ["retention.bytes", -9223372036854775809n, "out-of-range"],
    ["local.retention.ms", -3, "out-of-range"],
    ["segment.bytes", 13, "out-of-range"],
    ["segment.bytes", 14, "out-of-range", "4.1"],
    ["segment.bytes", "2147483648", "out-of-range"],
    ["min.insync.replicas", 0, "out-of-range"],
    ["min.insync.replicas", 2147483648, "out-of-range"],
    ["max.message.bytes", -1, "out-of-range"],
    ["max.decompressed.message.bytes", 2147483640, "out-of-range"],
    ["compression.gzip.level", 0, "out-of-range"],
    ["compression.gzip.level", 10, "out-of-range"],
    ["compression.lz4.level", 18, "out-of-range"],
    ["compression.zstd.level", 23, "out-of-range"],
    ["min.cleanable.dirty.ratio", 1.5, "out-of-range"],
    ["min.cleanable.dirty.ratio", "-0.1", "out-of-range"],
    ["min.cleanable.dirty.ratio", "half", "wrong-type"],
    ["min.cleanable.dirty.ratio", "NaN", "wrong-type"],
    ["min.cleanable.dirty.ratio", "Infinity", "wrong-type"],
    ["unclean.leader.election.enable", "yes", "wrong-type"],
    ["unclean.leader.election.enable", 1, "wrong-type"],
    ["compression.type", "none", "invalid-choice"],
    ["compression.type", "GZIP", "invalid-choice"],
    ["compression.type", true, "wrong-type"],
    ["message.timestamp.type", "createtime", "invalid-choice"],
    ["cleanup.policy", "compat", "invalid-choice"],
    ["cleanup.policy", "compact,,delete", "invalid-choice"],
    ["cleanup.policy", "Compact", "invalid-choice"],
    ["cleanup.policy", true, "wrong-type"],
    ["follower.replication.throttled.replicas", "0-101", "wrong-type"],
    ["follower.replication.throttled.replicas", "0:99999999999", "wrong-type"],
    ["follower.replication.throttled.replicas", "*,0:1", "wrong-type"],
    ["message.format.version", "latest", "invalid-choice"],
    ["retention.msec", 1, "unknown-key"],
  ])("%s = %s is %s", (key, input, kind, kafkaVersion) => {
    const result = checkTopicConfigValue(key, input, kafkaVersion ? { kafkaVersion } : {});
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem.kind).toBe(kind);
  });

  it.each<[string, ConfigValueInput, string, string?, KafkaVersion?]>([
    [
      "retention.ms",
      "7d",
      'retention.ms must be a whole number ≥ -1 (milliseconds; -1 means keep forever), got "7d"',
      "7d is 604800000 milliseconds",
    ],
    [
      "segment.ms",
      "1h",
      'segment.ms must be a whole number ≥ 1 (milliseconds), got "1h"',
      "1h is 3600000 milliseconds",
    ],
    [
      "retention.bytes",
      "1GiB",
      'retention.bytes must be a whole number ≥ -1 (bytes; -1 means no size limit), got "1GiB"',
      "1GiB is 1073741824 bytes",
    ],
    [
      "segment.bytes",
      "512MB",
      'segment.bytes must be a whole number ≥ 14 (bytes), got "512MB"',
      "write the size in bytes: 512 MiB = 536870912, 512 MB = 512000000",
    ],
    ["segment.bytes", 13, "segment.bytes must be a whole number ≥ 14 (bytes), got 13"],
    ["segment.bytes", 14, "segment.bytes must be a whole number ≥ 1048576 (bytes), got 14", undefined, "4.1"],
    [
      "segment.bytes",
      "2147483648",
      'segment.bytes must be a whole number from 14 to 2147483647 (bytes), got "2147483648"',
      "Kafka stores segment.bytes as a 32-bit int",
    ],
    [
      "retention.ms",
      2 ** 63,
      "retention.ms must be a whole number ≥ -1 (milliseconds; -1 means keep forever), got 9223372036854776000",
      "numbers above 2^53 lose digits in YAML; quote the value to keep it exact",
    ],
    ["min.cleanable.dirty.ratio", 1.5, "min.cleanable.dirty.ratio must be a number from 0 to 1, got 1.5"],
    [
      "compression.gzip.level",
      0,
      "compression.gzip.level must be a whole number from 1 to 9, or -1 (-1 means the codec's default level), got 0",
    ],
    ["preallocate", "yes", 'preallocate must be true or false, got "yes"'],
    [
      "compression.type",
      "none",
      'compression.type must be one of "uncompressed", "zstd", "lz4", "snappy", "gzip", "producer", got "none"',
      'did you mean "uncompressed"?',
    ],
    ["compression.type", "gzipp", expect.stringContaining('got "gzipp"') as unknown as string, 'did you mean "gzip"?'],
    [
      "message.timestamp.type",
      "logappendtime",
      'message.timestamp.type must be one of "CreateTime", "LogAppendTime", got "logappendtime"',
      'values are case-sensitive: write "LogAppendTime"',
    ],
    [
      "cleanup.policy",
      "compact, compat",
      'cleanup.policy must be a comma-separated list of "compact", "delete", got "compact, compat"',
      '"compat" is not allowed; did you mean "compact"?',
    ],
    ["retention.msec", 1, "retention.msec is not a Kafka topic config"],
  ])("explains %s = %s", (key, input, message, hint, kafkaVersion) => {
    const result = checkTopicConfigValue(key, input, kafkaVersion ? { kafkaVersion } : {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problem.message).toEqual(message);
    expect(result.problem.hint).toBe(hint);
    if (result.problem.kind !== "unknown-key") expect(result.problem.message).toContain(result.problem.expected);
  });
});

describe("normaliseConfigValue makes equal settings compare equal", () => {
  it.each<[string, ConfigValueInput, ConfigValueInput]>([
    ["min.cleanable.dirty.ratio", "1.0", "1"],
    ["min.cleanable.dirty.ratio", 0.5, "0.50"],
    ["retention.ms", 604800000, "604800000"],
    ["retention.ms", "+7", "7"],
    ["retention.bytes", 9223372036854775807n, LONG_MAX],
    ["unclean.leader.election.enable", "TRUE", true],
    ["cleanup.policy", "delete,compact", "compact, delete"],
    ["cleanup.policy", ["delete", "compact"], "compact,delete,compact"],
    ["leader.replication.throttled.replicas", "1:102,0:101", "0:101, 1:102"],
    ["compression.type", " zstd", "zstd "],
  ])("%s: %s equals %s", (key, a, b) => {
    expect(normaliseConfigValue(key, a)).toBe(normaliseConfigValue(key, b));
  });

  it.each<[string, ConfigValueInput, ConfigValueInput]>([
    ["retention.ms", "1", "10"],
    ["cleanup.policy", "delete", "compact,delete"],
    ["compression.type", "zstd", "ZSTD"],
  ])("%s: %s differs from %s", (key, a, b) => {
    expect(normaliseConfigValue(key, a)).not.toBe(normaliseConfigValue(key, b));
  });

  it("sorts set-like lists and trims values it cannot check", () => {
    expect(normaliseConfigValue("cleanup.policy", "delete, compact")).toBe("compact,delete");
    expect(normaliseConfigValue("retention.ms", " 7d ")).toBe("7d");
    expect(normaliseConfigValue("confluent.placement.constraints", ' {"version":1} ')).toBe('{"version":1}');
  });
});
