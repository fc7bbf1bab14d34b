/**
 * The apply executor (src/app/apply.ts) against a recording in-memory port: phase order and batching (one call per
 * phase), outcomes applied / failed / skipped / in-progress, stopping after a failed phase, deletion gating, following
 * reassignments (done, --no-wait, timeout, interrupt), new partitions folded into the reassignment when the
 * replication factor changes too; plus saved-plan parsing, staleness and the --env connection layer.
 */
import { describe, expect, it } from "vitest";
import { executePlan } from "../../../src/app/apply.js";
import { checkStaleness } from "../../../src/app/plan.js";
import { parseSavedPlan } from "../../../src/app/plan-file.js";
import { layerFromDesiredEnvironment } from "../../../src/core/connection/desired-environment.js";
import { resolveConnection } from "../../../src/core/connection/index.js";
import type { ObservedCluster } from "../../../src/core/model/observed.js";
import { buildPlan, type Plan } from "../../../src/core/plan/index.js";
import type { AclBinding } from "../../../src/core/model/acl.js";
import { KafkaPortError, type AclOutcome, type KafkaClusterPort, type TopicOutcome } from "../../../src/ports/kafka.js";
import { applyResultDocument, renderApplyText } from "../../../src/render/apply-result.js";
import { binding, cluster, desiredState, withAcls } from "../plan/builders.js";

interface Call {
  method: string;
  args: unknown;
}

function fakePort(
  options: {
    fail?: Record<string, string[]>;
    throwOn?: string;
    reassigningFor?: number;
    matched?: number;
  } = {},
): KafkaClusterPort & { calls: Call[] } {
  const calls: Call[] = [];
  let polls = 0;
  const outcomes = (method: string, topics: string[]): TopicOutcome[] => {
    calls.push({ method, args: topics });
    if (options.throwOn === method) {
      throw new KafkaPortError({ code: "kafka/unreachable", severity: "error", message: "no broker answered" });
    }
    return [...new Set(topics)].map((topic) =>
      options.fail?.[method]?.includes(topic)
        ? {
            topic,
            ok: false,
            diagnostic: { code: "kafka/authorization-failed", severity: "error", message: `denied ${topic}` },
          }
        : { topic, ok: true },
    );
  };
  /** A binding fails when options.fail[method] names its principal; deleteAcls matches `matched` (default 1). */
  const aclOutcomes = (method: string, bindings: readonly AclBinding[]): AclOutcome[] => {
    calls.push({ method, args: bindings });
    if (options.throwOn === method) {
      throw new KafkaPortError({ code: "kafka/unreachable", severity: "error", message: "no broker answered" });
    }
    return bindings.map((binding) =>
      options.fail?.[method]?.includes(binding.principal)
        ? { binding, ok: false, diagnostic: { code: "acl/rejected", severity: "error", message: "refused" } }
        : { binding, ok: true, ...(method === "deleteAcls" ? { matched: options.matched ?? 1 } : {}) },
    );
  };
  const port = {
    calls,
    describeCluster: () => Promise.reject(new Error("unused")),
    observeTopics: () => Promise.reject(new Error("unused")),
    createTopics: async (t: readonly { name: string }[]) =>
      outcomes(
        "createTopics",
        t.map((x) => x.name),
      ),
    alterTopicConfigs: async (c: readonly { topic: string }[]) => {
      const r = outcomes(
        "alterTopicConfigs",
        c.map((x) => x.topic),
      );
      calls[calls.length - 1]!.args = c;
      return r;
    },
    addPartitions: async (c: readonly { topic: string }[]) => {
      const r = outcomes(
        "addPartitions",
        c.map((x) => x.topic),
      );
      calls[calls.length - 1]!.args = c;
      return r;
    },
    reassignPartitions: async (m: readonly { topic: string }[]) => {
      const r = outcomes(
        "reassignPartitions",
        m.map((x) => x.topic),
      );
      calls[calls.length - 1]!.args = m;
      return r;
    },
    listReassignments: async () => {
      calls.push({ method: "listReassignments", args: polls });
      polls++;
      const moving = polls <= (options.reassigningFor ?? 0);
      const topics = calls
        .filter((c) => c.method === "reassignPartitions")
        .flatMap((c) => (c.args as { topic: string }[]).map((m) => m.topic));
      return new Set(moving ? topics : []);
    },
    deleteTopics: async (t: readonly string[]) => outcomes("deleteTopics", [...t]),
    observeAcls: () => Promise.reject(new Error("unused")),
    createAcls: async (b: readonly AclBinding[]) => aclOutcomes("createAcls", b),
    deleteAcls: async (b: readonly AclBinding[]) => aclOutcomes("deleteAcls", b),
    describeGroupUsage: () => Promise.reject(new Error("unused")),
    close: async () => undefined,
  };
  return port;
}

const observed: ObservedCluster = cluster({
  brokers: 3,
  topics: {
    "p.alter": { partitions: [[1]], config: { "retention.ms": "1000", "segment.ms": "600000" } },
    "p.grow": { partitions: [[1], [2]] },
    "p.rf": { partitions: [[1], [2]] },
    "p.old": { partitions: [[3]] },
  },
});
const desired = desiredState(
  {
    "p.new": { partitions: 2, replicationFactor: 2, config: { "cleanup.policy": "compact" } },
    "p.alter": { partitions: 1, replicationFactor: 1, config: { "retention.ms": 2000 } },
    "p.grow": { partitions: 4, replicationFactor: 1 },
    "p.rf": { partitions: 2, replicationFactor: 3 },
  },
  { topicPrefixes: ["p."] },
);
const fullPlan = (allowDelete = true): Plan => buildPlan(desired, observed, { allowDelete });
const noSleep = { sleep: async () => undefined };

describe("executePlan: ACL phases", () => {
  const aclDesired = withAcls(desired, {
    services: { s: { principal: "User:svc-s", produces: ["p.new"] } },
    principals: ["User:svc-"],
  });
  const aclObserved = { ...observed, acls: [binding("User:svc-s", "read", "topic", "p.old")] };
  const aclPlan = (allowDelete = true) => buildPlan(aclDesired, aclObserved, { allowDelete });

  it("adds bindings right after topic creation and removes them after replication changes, before topic deletion", async () => {
    const port = fakePort();
    const result = await executePlan(aclPlan(), port, { allowDelete: true, wait: true, ...noSleep });
    expect(port.calls.map((c) => c.method)).toEqual([
      "createTopics",
      "createAcls",
      "alterTopicConfigs",
      "addPartitions",
      "reassignPartitions",
      "listReassignments",
      "deleteAcls",
      "deleteTopics",
    ]);
    expect((port.calls[1]?.args as AclBinding[]).map((b) => b.operation)).toEqual(["describe", "write"]);
    expect(port.calls[6]?.args).toEqual([binding("User:svc-s", "read", "topic", "p.old")]);
    expect(result.status).toBe("applied");
    const doc = applyResultDocument(result);
    expect(
      doc.actions.filter((a) => a.type.startsWith("acl.")).map((a) => [a.type, a.binding?.operation, a.outcome]),
    ).toEqual([
      ["acl.create", "describe", "applied"],
      ["acl.create", "write", "applied"],
      ["acl.delete", "read", "applied"],
    ]);
    expect(renderApplyText(result)).toContain('✓ applied      add ACL allow User:svc-s WRITE on topic "p.new"');
  });

  it("a refused binding fails its phase and stops the later ones", async () => {
    const port = fakePort({ fail: { createAcls: ["User:svc-s"] } });
    const result = await executePlan(aclPlan(), port, { allowDelete: true, wait: true, ...noSleep });
    expect(port.calls.map((c) => c.method)).toEqual(["createTopics", "createAcls"]);
    expect(result.status).toBe("failed");
    expect(result.outcomes.filter((o) => o.type === "acl.create").map((o) => o.outcome)).toEqual(["failed", "failed"]);
    expect(result.outcomes.filter((o) => o.type === "acl.delete").map((o) => o.outcome)).toEqual(["skipped"]);
  });

  it("reports a deletion whose exact filter matched nothing", async () => {
    const result = await executePlan(aclPlan(), fakePort({ matched: 0 }), {
      allowDelete: true,
      wait: true,
      ...noSleep,
    });
    expect(result.outcomes.find((o) => o.type === "acl.delete")).toMatchObject({
      outcome: "applied",
      reason: "already absent",
    });
    expect(result.diagnostics.map((d) => d.code)).toContain("acl/delete-mismatch");
  });

  it("deletes bindings only when the plan and the apply both allow it", async () => {
    const port = fakePort();
    const result = await executePlan(aclPlan(true), port, { allowDelete: false, wait: true, ...noSleep });
    expect(port.calls.map((c) => c.method)).not.toContain("deleteAcls");
    expect(result.diagnostics[0]?.message).toContain("1 topic and 1 ACL binding");
    const blocked = await executePlan(aclPlan(false), fakePort(), { allowDelete: true, wait: true, ...noSleep });
    expect(blocked.outcomes.find((o) => o.type === "acl.delete")).toMatchObject({ outcome: "skipped" });
  });
});

describe("executePlan", () => {
  it("runs one batched call per phase, in phase order, and reports every action applied", async () => {
    const port = fakePort();
    const result = await executePlan(fullPlan(), port, { allowDelete: true, wait: true, ...noSleep });
    expect(port.calls.map((c) => c.method)).toEqual([
      "createTopics",
      "alterTopicConfigs",
      "addPartitions",
      "reassignPartitions",
      "listReassignments",
      "deleteTopics",
    ]);
    expect(port.calls[1]?.args).toEqual([
      { topic: "p.alter", set: { "retention.ms": "2000" }, delete: ["segment.ms"] },
    ]);
    expect(port.calls[2]?.args).toEqual([{ topic: "p.grow", totalCount: 4 }]);
    expect(result.status).toBe("applied");
    expect(result.outcomes.map((o) => [o.type, o.topic, o.outcome])).toEqual([
      ["topic.create", "p.new", "applied"],
      ["topic.alter-config", "p.alter", "applied"],
      ["topic.add-partitions", "p.grow", "applied"],
      ["topic.change-replication", "p.rf", "applied"],
      ["topic.delete", "p.old", "applied"],
    ]);
    expect(applyResultDocument(result)).toMatchObject({ ok: true, summary: { applied: 5, failed: 0, skipped: 0 } });
  });

  it("stops after a phase with a failure: later phases are skipped, the report says so", async () => {
    const port = fakePort({ fail: { alterTopicConfigs: ["p.alter"] } });
    const result = await executePlan(fullPlan(), port, { allowDelete: true, wait: true, ...noSleep });
    expect(port.calls.map((c) => c.method)).toEqual(["createTopics", "alterTopicConfigs"]);
    expect(result.status).toBe("failed");
    expect(result.outcomes.map((o) => o.outcome)).toEqual(["applied", "failed", "skipped", "skipped", "skipped"]);
    const text = renderApplyText(result);
    expect(text).toContain(
      '✗ failed       update the config of "p.alter" (set retention.ms; remove segment.ms): denied p.alter',
    );
    expect(text).toContain("not started: an earlier phase failed");
    expect(text).toContain("1 applied, 1 failed, 3 skipped.");
    expect(applyResultDocument(result).ok).toBe(false);
  });

  it("marks a whole phase failed when its request fails as a whole", async () => {
    const port = fakePort({ throwOn: "createTopics" });
    const result = await executePlan(fullPlan(), port, { allowDelete: true, wait: true, ...noSleep });
    expect(result.outcomes[0]).toMatchObject({ outcome: "failed", diagnostic: { code: "kafka/unreachable" } });
    expect(result.outcomes.slice(1).every((o) => o.outcome === "skipped")).toBe(true);
  });

  it("deletes only when the plan and the apply both allow it", async () => {
    const blocked = await executePlan(fullPlan(false), fakePort(), { allowDelete: true, wait: true, ...noSleep });
    expect(blocked.outcomes.at(-1)).toMatchObject({ type: "topic.delete", outcome: "skipped" });
    const port = fakePort();
    const notAtApply = await executePlan(fullPlan(true), port, { allowDelete: false, wait: true, ...noSleep });
    expect(port.calls.map((c) => c.method)).not.toContain("deleteTopics");
    expect(notAtApply.outcomes.at(-1)).toMatchObject({
      outcome: "skipped",
      reason: "kgov apply was run without --allow-delete",
    });
    expect(notAtApply.diagnostics.map((d) => d.code)).toEqual(["apply/deletion-not-allowed"]);
    expect(notAtApply.status).toBe("applied");
  });

  it("follows reassignments until done; --no-wait reports them in progress; a timeout stops", async () => {
    const plan = buildPlan(desiredState({ "p.rf": { partitions: 2, replicationFactor: 3 } }), observed, {
      allowDelete: false,
    });
    const waiting = fakePort({ reassigningFor: 3 });
    const done = await executePlan(plan, waiting, { allowDelete: false, wait: true, ...noSleep });
    expect(waiting.calls.filter((c) => c.method === "listReassignments")).toHaveLength(4);
    expect(done.outcomes[0]?.outcome).toBe("applied");

    const noWait = await executePlan(plan, fakePort({ reassigningFor: 3 }), { allowDelete: false, wait: false });
    expect(noWait.status).toBe("in-progress");
    expect(noWait.outcomes[0]?.outcome).toBe("in-progress");
    expect(applyResultDocument(noWait).ok).toBe(true);

    let clock = 0;
    const slow = await executePlan(plan, fakePort({ reassigningFor: 1000 }), {
      allowDelete: false,
      wait: true,
      timeoutMs: 5000,
      now: () => clock,
      sleep: async (ms) => void (clock += ms),
    });
    expect(slow.status).toBe("timed-out");
    expect(slow.diagnostics.map((d) => d.code)).toEqual(["apply/reassignment-timeout"]);
    expect(applyResultDocument(slow).ok).toBe(false);
  });

  it("stops between phases when interrupted", async () => {
    const controller = new AbortController();
    const port = fakePort();
    const result = await executePlan(fullPlan(), port, {
      allowDelete: true,
      wait: true,
      signal: controller.signal,
      onProgress: (e) => {
        if (e.kind === "phase-end" && e.phase === "topic.create") controller.abort();
      },
      ...noSleep,
    });
    expect(port.calls.map((c) => c.method)).toEqual(["createTopics"]);
    expect(result.status).toBe("interrupted");
    expect(result.outcomes.slice(1).every((o) => o.outcome === "skipped")).toBe(true);
  });

  it("creates new partitions with the current factor and moves them in the reassignment when the factor changes", async () => {
    const plan = buildPlan(desiredState({ "p.rf": { partitions: 3, replicationFactor: 2 } }), observed, {
      allowDelete: false,
    });
    const port = fakePort();
    await executePlan(plan, port, { allowDelete: false, wait: true, ...noSleep });
    expect(port.calls.find((c) => c.method === "addPartitions")?.args).toEqual([{ topic: "p.rf", totalCount: 3 }]);
    const moves = port.calls.find((c) => c.method === "reassignPartitions")?.args as {
      partition: number;
      replicas: number[];
    }[];
    expect(moves.map((m) => m.partition).sort()).toEqual([0, 1, 2]);
    expect(moves.every((m) => m.replicas.length === 2)).toBe(true);
  });
});

describe("saved plans", () => {
  it("round-trips through JSON and detects what changed", () => {
    const plan = fullPlan();
    const parsed = parseSavedPlan(JSON.stringify(plan), "plan.json");
    expect(parsed.plan).toEqual(plan);
    expect(checkStaleness(plan, desired, observed)).toEqual([]);

    const changedCluster = cluster({ brokers: 3, topics: { "p.alter": { partitions: [[1], [2]] } } });
    const stale = checkStaleness(plan, desired, changedCluster);
    expect(stale[0]?.code).toBe("plan/stale");
    expect(stale[0]?.message).toContain("the cluster changed");
    expect(stale[0]?.fix).toContain("Run kgov plan again");

    const changedFiles = desiredState({ "p.new": { partitions: 3, replicationFactor: 2 } }, { topicPrefixes: ["p."] });
    expect(checkStaleness(plan, changedFiles, observed)[0]?.message).toContain("desired-state files");
  });

  it("reads a plan saved before appTopics existed as listing none, and rejects a non-list", () => {
    const older: Record<string, unknown> = { ...fullPlan() };
    delete older.appTopics;
    expect(parseSavedPlan(JSON.stringify(older), "plan.json").plan?.appTopics).toEqual([]);
    const wrong = JSON.stringify({ ...fullPlan(), appTopics: "x" });
    expect(parseSavedPlan(wrong, "plan.json").diagnostics[0]?.message).toContain("appTopics is not a list");
  });

  it("reads subject actions, and rejects one without its subject", () => {
    const subjectDelete = {
      type: "subject.delete",
      subject: "p.old-value",
      versions: 2,
      permanent: false,
      allowed: true,
      risks: [],
    };
    const withSubject = JSON.stringify({ ...fullPlan(), actions: [subjectDelete] });
    expect(parseSavedPlan(withSubject, "plan.json").plan?.actions).toEqual([subjectDelete]);
    const broken = JSON.stringify({ ...fullPlan(), actions: [{ ...subjectDelete, subject: undefined }] });
    expect(parseSavedPlan(broken, "plan.json").diagnostics[0]?.message).toContain("actions[0] is not a known action");
  });

  it("rejects what is not a plan", () => {
    for (const text of [
      "{",
      "[]",
      '{"formatVersion": 99}',
      JSON.stringify({ ...fullPlan(), actions: [{ type: "x" }] }),
    ]) {
      expect(parseSavedPlan(text, "p.json").diagnostics[0]?.code).toBe("apply/invalid-plan-file");
    }
  });

  it("returns a fleet plan only to the caller that applies one, and says what it is to the others", () => {
    const fleet = {
      formatVersion: 1,
      kind: "fleet-plan",
      environments: [{ environment: "dev", exitCode: 0, plan: fullPlan(), diagnostics: [] }],
    };
    const text = JSON.stringify(fleet);
    expect(parseSavedPlan(text, "f.json", { acceptFleet: true })).toEqual({ fleet, diagnostics: [] });
    const refused = parseSavedPlan(text, "f.json");
    expect(refused.plan).toBeUndefined();
    expect(refused.diagnostics[0]?.message).toBe(
      "f.json is not a kgov plan: it is a fleet plan (several environments), not one environment's plan",
    );
  });
});

describe("connection from the --env environment", () => {
  it("turns the kafka block into the lowest layer, with file paths relative to the YAML and no secret in origins", () => {
    const { layer, commandConfig } = layerFromDesiredEnvironment({
      name: "dev",
      source: { file: "conf/kgov.yaml", start: { line: 3, column: 3 } },
      kafka: {
        bootstrapServers: "b1:9092",
        securityProtocol: "SASL_SSL",
        sasl: { mechanism: "SCRAM-SHA-256", username: "admin", password: "s3cret-pass" },
        tls: { caFile: "certs/ca.pem", keyPassword: "key-pass" },
        commandConfig: "client.properties",
      },
    });
    expect(commandConfig).toBe("conf/client.properties");
    expect(layer.tlsCa?.value).toEqual({ kind: "file", path: "conf/certs/ca.pem" });
    expect(layer.saslPassword?.origin).toBe("environments.dev.kafka.sasl.password");
    expect(JSON.stringify(layer)).not.toContain("s3cret-pass");
    expect(JSON.stringify(layer)).not.toContain("key-pass");

    // flags / variables (earlier layers) win
    const resolved = resolveConnection([
      { name: "environment", bootstrapServers: { value: "override:9092", origin: "KGOV_BOOTSTRAP_SERVERS" } },
      layer,
    ]);
    expect(resolved.settings?.bootstrapServers).toEqual([{ host: "override", port: 9092 }]);
    expect(resolved.settings?.sasl?.username).toBe("admin");
    expect(resolved.settings?.sasl?.password.reveal()).toBe("s3cret-pass");
  });
});
