import { describe, expect, it } from "vitest";
import {
  hasChanges,
  buildPlan,
  type Plan,
  type PlannedAction,
  type TopicAlterConfig,
} from "../../../src/core/plan/index.js";
import { renderPlanText } from "../../../src/render/plan-text.js";
import { cluster, desiredState, withAcls, type ClusterSpec, type TopicSpec } from "./builders.js";

function plan(
  desired: Readonly<Record<string, TopicSpec>>,
  observed: ClusterSpec,
  options: { allowDelete?: boolean; topicPrefixes?: readonly string[] } = {},
): Plan {
  return buildPlan(
    desiredState(desired, options.topicPrefixes ? { topicPrefixes: options.topicPrefixes } : {}),
    cluster(observed),
    { allowDelete: options.allowDelete ?? false },
  );
}

function only<T extends PlannedAction["type"]>(p: Plan, type: T): Extract<PlannedAction, { type: T }> {
  const found = p.actions.filter((a) => a.type === type);
  expect(found, `exactly one ${type}`).toHaveLength(1);
  return found[0] as Extract<PlannedAction, { type: T }>;
}

const codes = (p: Plan) => p.diagnostics.map((d) => `${d.severity}:${d.code}`);
const kinds = (p: Plan) => p.actions.flatMap((a) => a.risks.map((r) => r.kind));

const three = { brokers: 3 } as const;
const existing = (
  config: Record<
    string,
    string | { value: string | null; source?: "default" | "topic" | "dynamic-broker"; sensitive?: boolean }
  > = {},
) => ({
  ...three,
  topics: {
    t: {
      partitions: [
        [1, 2, 3],
        [2, 3, 1],
        [3, 1, 2],
      ],
      config,
    },
  },
});

describe("buildPlan: creating topics", () => {
  it("creates a missing topic with its normalised config sorted by key", () => {
    const p = plan(
      {
        t: {
          partitions: 6,
          replicationFactor: 3,
          config: { "retention.ms": 86400000, "cleanup.policy": "delete, compact" },
        },
      },
      three,
    );
    expect(only(p, "topic.create")).toEqual({
      type: "topic.create",
      topic: "t",
      partitions: 6,
      replicationFactor: 3,
      config: { "cleanup.policy": "compact,delete", "retention.ms": "86400000" },
      risks: [],
      source: { file: "kgov.yaml", start: { line: 1, column: 3 } },
    });
    expect(Object.keys(only(p, "topic.create").config)).toEqual(["cleanup.policy", "retention.ms"]);
    expect(p.summary).toEqual({
      create: 1,
      update: 0,
      delete: 0,
      blocked: 0,
      acls: { create: 0, delete: 0, blocked: 0 },
      subjects: { register: 0, compatibility: 0, delete: 0, blocked: 0 },
    });
  });

  it.each([
    ["no partition count", { replicationFactor: 3 }, "error:topic/missing-partitions"],
    ["no replication factor", { partitions: 3 }, "error:topic/missing-replication-factor"],
    [
      "more replicas than brokers",
      { partitions: 3, replicationFactor: 4 },
      "error:plan/replication-factor-exceeds-brokers",
    ],
  ] as const)("refuses to create a topic with %s", (_, spec, code) => {
    const p = plan({ t: spec }, three);
    expect(p.actions).toEqual([]);
    expect(codes(p)).toEqual([code]);
  });

  it("reports min.insync.replicas above the replication factor and leaves the key out", () => {
    const p = plan({ t: { partitions: 1, replicationFactor: 2, config: { "min.insync.replicas": 3 } } }, three);
    expect(codes(p)).toEqual(["error:topic/min-isr-above-rf"]);
    expect(only(p, "topic.create").config).toEqual({});
  });
});

describe("buildPlan: config", () => {
  const rf3 = { partitions: 3, replicationFactor: 3 };

  it.each([
    ["an override with the same value", { "retention.ms": "86400000" }, { "retention.ms": 86400000 }],
    ["an inherited value equal to the desired one", {}, { "retention.ms": "604800000" }],
    [
      "a broker-level value equal to the desired one",
      { "retention.ms": { value: "3600000", source: "dynamic-broker" as const } },
      { "retention.ms": 3600000 },
    ],
    [
      "list values in another order and spacing",
      { "cleanup.policy": "compact,delete" },
      { "cleanup.policy": "delete, compact" },
    ],
    ["a boolean written as a YAML boolean", { preallocate: "true" }, { preallocate: true }],
    ["a decimal written differently", { "min.cleanable.dirty.ratio": "0.5" }, { "min.cleanable.dirty.ratio": "0.50" }],
  ])("does nothing for %s", (_, live, desired) => {
    const p = plan({ t: { ...rf3, config: desired } }, existing(live));
    expect(p.actions).toEqual([]);
    expect(hasChanges(p)).toBe(false);
    expect(p.diagnostics).toEqual([]);
  });

  it("sets a changed override, showing the old value and the risk", () => {
    const p = plan(
      { t: { ...rf3, config: { "retention.ms": "86400000" } } },
      existing({ "retention.ms": "604800000" }),
    );
    const alter = only(p, "topic.alter-config");
    expect(alter.set).toEqual([
      { key: "retention.ms", from: "604800000", fromSource: "topic", to: "86400000", sensitive: false },
    ]);
    expect(alter.delete).toEqual([]);
    expect(alter.unchangedCount).toBe(0);
    expect(alter.risks).toEqual([
      {
        kind: "data-loss",
        reason: "shortens retention from 7d to 1d; older records are deleted",
        key: "retention.ms",
      },
    ]);
    expect(p.summary).toEqual({
      create: 0,
      update: 1,
      delete: 0,
      blocked: 0,
      acls: { create: 0, delete: 0, blocked: 0 },
      subjects: { register: 0, compatibility: 0, delete: 0, blocked: 0 },
    });
  });

  it("sets a key whose inherited value differs, remembering where the old value came from", () => {
    const p = plan({ t: { ...rf3, config: { "segment.ms": 3600000, "retention.ms": 604800000 } } }, existing());
    const alter = only(p, "topic.alter-config");
    expect(alter.set).toEqual([
      { key: "segment.ms", from: "604800000", fromSource: "default", to: "3600000", sensitive: false },
    ]);
    expect(alter.unchangedCount).toBe(1);
    expect(alter.risks).toEqual([]);
  });

  it("sets a key the broker does not report without a from", () => {
    const p = buildPlan(
      desiredState({ t: { ...rf3, config: { "segment.ms": 1000 } } }),
      cluster({ ...three, topics: { t: { partitions: [[1, 2, 3]], bare: true } } }),
      { allowDelete: false },
    );
    expect(only(p, "topic.alter-config").set).toEqual([{ key: "segment.ms", to: "1000", sensitive: false }]);
  });

  it("removes overrides the desired state does not mention (they revert to the inherited value)", () => {
    const p = plan({ t: rf3 }, existing({ "segment.ms": "3600000", "retention.ms": "-1" }));
    const alter = only(p, "topic.alter-config");
    expect(alter.set).toEqual([]);
    expect(alter.delete).toEqual([
      { key: "retention.ms", from: "-1", sensitive: false },
      { key: "segment.ms", from: "3600000", sensitive: false },
    ]);
    expect(alter.risks).toEqual([
      {
        kind: "data-loss",
        reason:
          "limits retention to 7d (was unlimited); older records are deleted; reverts to the inherited value (Kafka's default 7d unless the brokers set log.retention.ms)",
        key: "retention.ms",
      },
    ]);
  });

  it("removes an override even when it equals Kafka's default: the inherited value cannot be observed", () => {
    const p = plan({ t: rf3 }, existing({ "retention.ms": "604800000" }));
    expect(only(p, "topic.alter-config").delete).toEqual([
      { key: "retention.ms", from: "604800000", sensitive: false },
    ]);
    expect(kinds(p)).toEqual([]);
  });

  describe("risks", () => {
    it.each([
      ["retention.ms shortened", "retention.ms", "604800000", "3600000", ["data-loss"]],
      ["retention.ms from unlimited", "retention.ms", "-1", "3600000", ["data-loss"]],
      ["retention.ms lengthened", "retention.ms", "3600000", "604800000", []],
      ["retention.ms to unlimited", "retention.ms", "3600000", "-1", []],
      ["retention.bytes lowered", "retention.bytes", "1073741824", "104857600", ["data-loss"]],
      ["retention.bytes from unlimited", "retention.bytes", "-1", "104857600", ["data-loss"]],
      ["retention.bytes raised", "retention.bytes", "104857600", "1073741824", []],
      ["cleanup.policy delete → compact", "cleanup.policy", "delete", "compact", ["data-loss"]],
      ["cleanup.policy compact → delete", "cleanup.policy", "compact", "delete", ["data-loss"]],
      ["cleanup.policy compact → compact,delete", "cleanup.policy", "compact", "compact,delete", ["data-loss"]],
      ["cleanup.policy compact,delete → compact", "cleanup.policy", "compact,delete", "compact", []],
      ["segment.ms changed", "segment.ms", "604800000", "3600000", []],
    ])("%s", (_, key, from, to, expected) => {
      const p = plan({ t: { ...rf3, config: { [key]: to } } }, existing({ [key]: from }));
      expect(kinds(p)).toEqual(expected);
    });

    it("names both values of a cleanup.policy change", () => {
      const p = plan({ t: { ...rf3, config: { "cleanup.policy": "compact" } } }, existing());
      expect(only(p, "topic.alter-config").risks[0]?.reason).toBe(
        'changes cleanup.policy from "delete" to "compact": compaction removes every record of a key except the latest',
      );
    });

    it("flags raising min.insync.replicas to the replication factor as an availability risk", () => {
      const p = plan({ t: { ...rf3, config: { "min.insync.replicas": 3 } } }, existing({ "min.insync.replicas": "2" }));
      expect(only(p, "topic.alter-config").risks).toEqual([
        expect.objectContaining({ kind: "availability", key: "min.insync.replicas" }),
      ]);
    });

    it("does not flag min.insync.replicas below the replication factor", () => {
      const p = plan({ t: { ...rf3, config: { "min.insync.replicas": 2 } } }, existing());
      expect(only(p, "topic.alter-config").risks).toEqual([]);
    });

    it("flags min.insync.replicas that exceeds the current factor until the reassignment completes", () => {
      const p = plan(
        { t: { partitions: 1, replicationFactor: 3, config: { "min.insync.replicas": 3 } } },
        { ...three, topics: { t: { partitions: [[1, 2]] } } },
      );
      expect(only(p, "topic.alter-config").risks.map((r) => r.kind)).toEqual(["availability", "availability"]);
      expect(only(p, "topic.alter-config").risks[1]?.reason).toContain("until the reassignment completes");
    });
  });

  it("reports min.insync.replicas above the replication factor and leaves the live value alone", () => {
    const p = plan({ t: { ...rf3, config: { "min.insync.replicas": 4 } } }, existing({ "min.insync.replicas": "2" }));
    expect(codes(p)).toEqual(["error:topic/min-isr-above-rf"]);
    expect(p.actions).toEqual([]);
  });

  it("checks min.insync.replicas against the live factor when the desired state has none", () => {
    const p = plan({ t: { partitions: 3, config: { "min.insync.replicas": 4 } } }, existing());
    expect(codes(p)).toEqual(["error:topic/min-isr-above-rf"]);
  });

  describe("sensitive values", () => {
    it("leaves a hidden override alone and says so", () => {
      const p = plan(
        { t: { ...rf3, config: { "retention.ms": 1 } } },
        existing({ "retention.ms": { value: null, source: "topic", sensitive: true } }),
      );
      expect(p.actions).toEqual([]);
      expect(codes(p)).toEqual(["info:plan/sensitive-config-unknown"]);
    });

    it("sets a hidden key that is not an override, with an unknown from", () => {
      const p = plan(
        { t: { ...rf3, config: { "retention.ms": 1 } } },
        existing({ "retention.ms": { value: null, source: "default", sensitive: true } }),
      );
      const alter = only(p, "topic.alter-config");
      expect(alter.set).toEqual([{ key: "retention.ms", from: null, fromSource: "default", to: "1", sensitive: true }]);
      expect(alter.risks.map((r) => r.kind)).toEqual(["data-loss"]);
    });

    it("removes a hidden override that is not desired", () => {
      const p = plan({ t: rf3 }, existing({ "segment.ms": { value: null, source: "topic", sensitive: true } }));
      expect(only(p, "topic.alter-config").delete).toEqual([{ key: "segment.ms", from: null, sensitive: true }]);
    });
  });
});

describe("buildPlan: partitions", () => {
  it("adds partitions with an ordering risk and lets the broker place them", () => {
    const p = plan({ t: { partitions: 5 } }, existing());
    expect(only(p, "topic.add-partitions")).toEqual({
      type: "topic.add-partitions",
      topic: "t",
      from: 3,
      to: 5,
      assignments: null,
      risks: [
        {
          kind: "ordering",
          reason: "3 → 5 partitions changes which partition a key maps to; per-key ordering breaks for keyed data",
          key: "partitions",
        },
      ],
      source: { file: "kgov.yaml", start: { line: 2, column: 5 } },
    });
  });

  it("refuses to remove partitions: an error, no action", () => {
    const p = plan({ t: { partitions: 2 } }, existing());
    expect(p.actions).toEqual([]);
    expect(codes(p)).toEqual(["error:plan/partition-decrease"]);
    expect(p.diagnostics[0]).toMatchObject({
      path: "topics.t.partitions",
      source: { file: "kgov.yaml", start: { line: 2 } },
    });
  });

  it("places new partitions itself when the replication factor changes in the same plan", () => {
    const p = plan(
      { t: { partitions: 3, replicationFactor: 2 } },
      { brokers: 3, topics: { t: { partitions: [[1]] } } },
    );
    const add = only(p, "topic.add-partitions");
    expect(add.assignments).toEqual([
      { partition: 1, replicas: [3, 1] },
      { partition: 2, replicas: [2, 3] },
    ]);
    expect(add.assignments?.every((a) => a.replicas.length === 2)).toBe(true);
    expect(only(p, "topic.change-replication").moves).toEqual([{ partition: 0, from: [1], to: [1, 2] }]);
  });
});

describe("buildPlan: replication factor", () => {
  it("adds replicas on the least loaded brokers without moving existing ones", () => {
    const p = plan(
      { t: { replicationFactor: 3 } },
      {
        brokers: 4,
        topics: {
          t: {
            partitions: [
              [1, 2],
              [2, 3],
              [3, 4],
            ],
          },
        },
      },
    );
    const change = only(p, "topic.change-replication");
    expect(change).toMatchObject({ from: 2, to: 3, risks: [] });
    expect(change.moves).toEqual([
      { partition: 0, from: [1, 2], to: [1, 2, 4] },
      { partition: 1, from: [2, 3], to: [2, 3, 1] },
      { partition: 2, from: [3, 4], to: [3, 4, 1] },
    ]);
  });

  it("removes replicas keeping the leader, with an availability risk", () => {
    const p = buildPlan(
      desiredState({ t: { replicationFactor: 2 } }),
      cluster({ brokers: 3, topics: { t: { partitions: [[1, 2, 3]], leaders: [3] } } }),
      { allowDelete: false },
    );
    const change = only(p, "topic.change-replication");
    expect(change.moves).toEqual([{ partition: 0, from: [1, 2, 3], to: [1, 3] }]);
    expect(change.risks.map((r) => r.kind)).toEqual(["availability"]);
  });

  it("warns when min.insync.replicas will equal the lowered factor", () => {
    const p = plan({ t: { replicationFactor: 2 } }, existing({ "min.insync.replicas": "2" }));
    expect(only(p, "topic.change-replication").risks.map((r) => r.kind)).toEqual(["availability", "availability"]);
  });

  it("refuses a factor above the broker count: an error, no action", () => {
    const p = plan({ t: { replicationFactor: 4 } }, existing());
    expect(p.actions).toEqual([]);
    expect(codes(p)).toEqual(["error:plan/replication-factor-exceeds-brokers"]);
  });

  it("does not plan replication or partitions for a topic being reassigned", () => {
    const p = plan(
      { t: { partitions: 4, replicationFactor: 3, config: { "segment.ms": 1 } } },
      { ...existing(), topics: { t: { partitions: [[1, 2, 3, 4]] } }, brokers: 4, reassigning: ["t"] },
    );
    expect(p.actions.map((a) => a.type)).toEqual(["topic.alter-config"]);
    expect(codes(p)).toEqual(["warning:plan/reassignment-in-progress"]);
  });

  it("repairs partitions with an odd replica count", () => {
    const p = plan(
      { t: { replicationFactor: 2 } },
      { brokers: 3, topics: { t: { partitions: [[1, 2], [2], [3, 1]] } } },
    );
    expect(only(p, "topic.change-replication")).toMatchObject({
      from: 1,
      to: 2,
      moves: [{ partition: 1, from: [2], to: [2, 3] }],
    });
  });
});

describe("buildPlan: deletion, scope and internal topics", () => {
  const live = {
    brokers: 3,
    topics: {
      "app.kept": { partitions: [[1]] },
      "app.old": { partitions: [[1], [2]] },
      "other.x": { partitions: [[1]] },
      __consumer_offsets: { partitions: [[1]] },
      "app-KSTREAM-AGGREGATE-STATE-STORE-0000000001-changelog": { partitions: [[1]] },
    },
  };

  it("deletes undesired topics inside the scope when allowed, with destructive and data-loss risks", () => {
    const p = plan({ "app.kept": { partitions: 1 } }, live, { allowDelete: true, topicPrefixes: ["app."] });
    expect(only(p, "topic.delete")).toEqual({
      type: "topic.delete",
      topic: "app.old",
      partitions: 2,
      replicationFactor: 1,
      allowed: true,
      risks: [
        { kind: "destructive", reason: "deletes the topic and its 2 partitions" },
        { kind: "data-loss", reason: "every record in the topic is lost; this cannot be undone" },
      ],
    });
    expect(p.unmanaged).toEqual(["other.x"]);
    expect(p.summary).toEqual({
      create: 0,
      update: 0,
      delete: 1,
      blocked: 0,
      acls: { create: 0, delete: 0, blocked: 0 },
      subjects: { register: 0, compatibility: 0, delete: 0, blocked: 0 },
    });
  });

  it("lists deletions as blocked without allowDelete; they are not changes", () => {
    const p = plan({ "app.kept": { partitions: 1 } }, live, { topicPrefixes: ["app."] });
    expect(only(p, "topic.delete").allowed).toBe(false);
    expect(p.summary).toEqual({
      create: 0,
      update: 0,
      delete: 0,
      blocked: 1,
      acls: { create: 0, delete: 0, blocked: 0 },
      subjects: { register: 0, compatibility: 0, delete: 0, blocked: 0 },
    });
    expect(hasChanges(p)).toBe(false);
  });

  it("never deletes a declared Streams app's internal topics or a Connect worker's storage topics", () => {
    const desired = withAcls(desiredState({ "app.kept": { partitions: 1 } }, { topicPrefixes: ["app."] }), {
      services: {
        counter: { principal: "User:counter", streams: { applicationId: "app.counter" } },
        connect: {
          principal: "User:connect",
          connect: {
            groupId: "app.connect",
            configStorageTopic: "app.connect.configs",
            offsetStorageTopic: "app.connect.offsets",
            statusStorageTopic: "app.connect.status",
          },
        },
      },
    });
    const observed = cluster({
      brokers: 1,
      topics: Object.fromEntries(
        [
          "app.kept",
          "app.counter-counts-changelog",
          "app.connect.configs",
          "app.connect.status",
          "app.counterfeit",
        ].map((name) => [name, { partitions: [[1]] }]),
      ),
    });
    const p = buildPlan(desired, observed, { allowDelete: true });
    expect(p.actions.filter((a) => a.type === "topic.delete").map((a) => ("topic" in a ? a.topic : ""))).toEqual([
      "app.counterfeit",
    ]);
    // They are the apps' own topics, not topics outside the scope, and the plan says so.
    expect(p.unmanaged).toEqual([]);
    expect(p.appTopics).toEqual(["app.connect.configs", "app.connect.status", "app.counter-counts-changelog"]);
    expect(renderPlanText(p)).toContain(
      "3 live topics of declared Streams and Connect apps are left to them: app.connect.configs, app.connect.status, app.counter-counts-changelog",
    );
  });

  it("never deletes without a scope: every undesired topic is unmanaged", () => {
    const p = plan({ "app.kept": { partitions: 1 } }, live, { allowDelete: true });
    expect(p.actions).toEqual([]);
    expect(p.unmanaged).toEqual(["app.old", "other.x"]);
  });

  it("never plans internal topics, even when declared", () => {
    const p = plan({ __consumer_offsets: { partitions: 50, replicationFactor: 3 } }, live, {
      allowDelete: true,
      topicPrefixes: ["", "__"],
    });
    expect(p.actions.map((a) => ("topic" in a ? a.topic : a.type))).toEqual(["app.kept", "app.old", "other.x"]);
    expect(codes(p)).toEqual(["error:topic/internal-topic"]);
  });
});

describe("buildPlan: the plan value", () => {
  const desired = {
    "b.new": { partitions: 1, replicationFactor: 1 },
    "a.new": { partitions: 1, replicationFactor: 1 },
    "c.grow": { partitions: 2, replicationFactor: 2, config: { "segment.ms": 1 } },
    "b.conf": { partitions: 1, config: { "segment.ms": 1 } },
  };
  const live: ClusterSpec = {
    clusterId: "abc",
    brokers: 3,
    topics: {
      "c.grow": { partitions: [[1]] },
      "b.conf": { partitions: [[1]] },
      "z.gone": { partitions: [[1]] },
      "a.gone": { partitions: [[2]] },
    },
  };
  const p = plan(desired, live, { allowDelete: true, topicPrefixes: ["a.", "z."] });

  it("orders actions by phase, then by topic name", () => {
    expect(p.actions.map((a) => `${a.type} ${"topic" in a ? a.topic : ""}`)).toEqual([
      "topic.create a.new",
      "topic.create b.new",
      "topic.alter-config b.conf",
      "topic.alter-config c.grow",
      "topic.add-partitions c.grow",
      "topic.change-replication c.grow",
      "topic.delete a.gone",
      "topic.delete z.gone",
    ]);
  });

  it("counts a topic with several changes once", () => {
    expect(p.summary).toEqual({
      create: 2,
      update: 2,
      delete: 2,
      blocked: 0,
      acls: { create: 0, delete: 0, blocked: 0 },
      subjects: { register: 0, compatibility: 0, delete: 0, blocked: 0 },
    });
    expect(p.target).toEqual({ clusterId: "abc", brokers: 3 });
  });

  it("is plain JSON: a round trip gives the same value", () => {
    expect(JSON.parse(JSON.stringify(p))).toStrictEqual(p);
  });

  it("is deterministic, including the fingerprints", () => {
    const again = plan(desired, live, { allowDelete: true, topicPrefixes: ["a.", "z."] });
    expect(JSON.stringify(again)).toBe(JSON.stringify(p));
    expect(p.fingerprints.observed).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(p.fingerprints.desired).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it("changes the observed fingerprint when a managed topic changes, not when an unmanaged one does", () => {
    const moved = plan(
      desired,
      { ...live, topics: { ...live.topics, "c.grow": { partitions: [[2]] } } },
      {
        allowDelete: true,
        topicPrefixes: ["a.", "z."],
      },
    );
    expect(moved.fingerprints.observed).not.toBe(p.fingerprints.observed);
    expect(moved.fingerprints.desired).toBe(p.fingerprints.desired);
    const unmanaged = plan(
      desired,
      { ...live, topics: { ...live.topics, "other.x": { partitions: [[2]] } } },
      {
        allowDelete: true,
        topicPrefixes: ["a.", "z."],
      },
    );
    expect(unmanaged.fingerprints.observed).toBe(p.fingerprints.observed);
  });

  it("changes the desired fingerprint with the desired values, not with where they are written", () => {
    const moved = plan({ ...desired, "c.grow": { ...desired["c.grow"], line: 40 } }, live, {
      allowDelete: true,
      topicPrefixes: ["a.", "z."],
    });
    expect(moved.fingerprints.desired).toBe(p.fingerprints.desired);
    const changed = plan({ ...desired, "c.grow": { ...desired["c.grow"], partitions: 3 } }, live, {
      allowDelete: true,
      topicPrefixes: ["a.", "z."],
    });
    expect(changed.fingerprints.desired).not.toBe(p.fingerprints.desired);
  });

  it("keeps alter-config entries sorted by key", () => {
    const q = plan(
      { t: { partitions: 3, config: { "segment.ms": 1, "cleanup.policy": "compact", "flush.ms": 5 } } },
      existing({ "retention.ms": "1", "max.message.bytes": "100" }),
    );
    const alter = q.actions[0] as TopicAlterConfig;
    expect(alter.set.map((s) => s.key)).toEqual(["cleanup.policy", "flush.ms", "segment.ms"]);
    expect(alter.delete.map((d) => d.key)).toEqual(["max.message.bytes", "retention.ms"]);
  });
});
