import { describe, expect, it } from "vitest";
import { bindingKey, type AclBinding } from "../../../src/core/model/acl.js";
import {
  buildPlan,
  desiredBindings,
  desiredFingerprint,
  planOrigin,
  observedFingerprint,
  usageQuery,
  withUsage,
  type AclAction,
  type Plan,
} from "../../../src/core/plan/index.js";
import { renderPlanMarkdown } from "../../../src/render/plan-markdown.js";
import { renderPlanText } from "../../../src/render/plan-text.js";
import { binding, cluster, desiredAcl, desiredState, withAcls } from "./builders.js";

/** ACL planning from services and raw entries: generation, identity, ownership, risks, access summary, usage. */

const tuple = (b: AclBinding) =>
  `${b.permission} ${b.principal} ${b.operation} ${b.resourceType}:${b.patternType}:${b.resourceName}${b.host === "*" ? "" : `@${b.host}`}`;
const generated = (d: ReturnType<typeof withAcls>) => [...desiredBindings(d).values()].map((x) => tuple(x.binding));
const aclActions = (p: Plan) => p.actions.filter((a): a is AclAction => a.type.startsWith("acl."));
const base = desiredState({});

describe("desiredBindings: the minimal set each service needs", () => {
  it("producer, transactional producer, consumer and groups", () => {
    const d = withAcls(base, {
      services: {
        order: {
          principal: "User:svc-order",
          produces: ["shop.orders.v1"],
          consumes: ["shop.basket.v1"],
          groups: ["shop.order"],
          transactionalIds: ["shop.order-tx"],
        },
      },
    });
    expect(generated(d).sort()).toEqual(
      [
        "allow User:svc-order write topic:literal:shop.orders.v1",
        "allow User:svc-order describe topic:literal:shop.orders.v1",
        "allow User:svc-order read topic:literal:shop.basket.v1",
        "allow User:svc-order describe topic:literal:shop.basket.v1",
        "allow User:svc-order read group:literal:shop.order",
        "allow User:svc-order write transactional-id:literal:shop.order-tx",
        "allow User:svc-order describe transactional-id:literal:shop.order-tx",
      ].sort(),
    );
  });

  it("prefixed references become prefixed bindings; no IDEMPOTENT_WRITE on the cluster", () => {
    const d = withAcls(base, {
      services: {
        audit: { principal: "User:svc-audit", consumes: [{ prefix: "shop." }], groups: [{ prefix: "shop.audit." }] },
      },
    });
    expect(generated(d).sort()).toEqual(
      [
        "allow User:svc-audit read topic:prefixed:shop.",
        "allow User:svc-audit describe topic:prefixed:shop.",
        "allow User:svc-audit read group:prefixed:shop.audit.",
      ].sort(),
    );
    expect(generated(d).some((t) => t.includes("idempotent-write"))).toBe(false);
  });

  it("a Streams application with exactly-once", () => {
    const d = withAcls(base, {
      services: {
        analytics: {
          principal: "User:svc-analytics",
          streams: { applicationId: "shop.analytics", exactlyOnce: true },
        },
      },
    });
    expect(generated(d).sort()).toEqual(
      [
        "allow User:svc-analytics read group:literal:shop.analytics",
        ...["create", "read", "write", "delete", "describe", "describe-configs"].map(
          (op) => `allow User:svc-analytics ${op} topic:prefixed:shop.analytics-`,
        ),
        "allow User:svc-analytics write transactional-id:prefixed:shop.analytics-",
        "allow User:svc-analytics describe transactional-id:prefixed:shop.analytics-",
      ].sort(),
    );
    const atLeastOnce = withAcls(base, {
      services: { analytics: { principal: "User:svc-analytics", streams: { applicationId: "shop.analytics" } } },
    });
    expect(generated(atLeastOnce).some((t) => t.includes("transactional-id"))).toBe(false);
  });

  it("a Connect worker", () => {
    const d = withAcls(base, {
      services: {
        connect: {
          principal: "User:svc-connect",
          connect: {
            groupId: "shop.connect",
            configStorageTopic: "shop.connect.configs",
            offsetStorageTopic: "shop.connect.offsets",
            statusStorageTopic: "shop.connect.status",
          },
        },
      },
    });
    const storage = ["shop.connect.configs", "shop.connect.offsets", "shop.connect.status"];
    expect(generated(d).sort()).toEqual(
      [
        "allow User:svc-connect read group:literal:shop.connect",
        "allow User:svc-connect read group:prefixed:connect-",
        ...storage.flatMap((t) =>
          ["create", "read", "write", "describe", "describe-configs"].map(
            (op) => `allow User:svc-connect ${op} topic:literal:${t}`,
          ),
        ),
      ].sort(),
    );
  });

  it("raw entries: one binding per operation, `all` stays one operation", () => {
    const d = withAcls(base, {
      acls: [
        desiredAcl({
          principal: "User:ops",
          resourceType: "cluster",
          resourceName: "kafka-cluster",
          operations: ["all"],
        }),
        desiredAcl({
          principal: "User:ops",
          resourceType: "topic",
          resourceName: "shop.payments.",
          patternType: "prefixed",
          operations: ["read"],
          permission: "deny",
          host: "10.0.0.1",
        }),
      ],
    });
    expect(generated(d)).toEqual([
      "allow User:ops all cluster:literal:kafka-cluster",
      "deny User:ops read topic:prefixed:shop.payments.@10.0.0.1",
    ]);
  });

  it("overlapping grants collapse into one binding listing every source", () => {
    const d = withAcls(base, {
      services: {
        a: { principal: "User:svc-x", consumes: ["t"], produces: ["t"] },
        b: { principal: "User:svc-x", consumes: ["t"] },
      },
      acls: [
        desiredAcl({
          principal: "User:svc-x",
          resourceType: "topic",
          resourceName: "t",
          operations: ["describe"],
          line: 7,
        }),
      ],
    });
    const describe = [...desiredBindings(d).values()].find((x) => x.binding.operation === "describe");
    expect(describe?.origins.map(planOrigin)).toEqual([
      { kind: "acl", source: { file: "acls.yaml", start: { line: 7, column: 5 } } },
      { kind: "service", service: "a", role: "producer" },
      { kind: "service", service: "a", role: "consumer" },
      { kind: "service", service: "b", role: "consumer" },
    ]);
    expect(generated(d).filter((t) => t.includes("describe"))).toHaveLength(1);
  });
});

describe("buildPlan: ACL actions", () => {
  const services = {
    order: { principal: "User:svc-order", produces: ["shop.orders.v1"], consumes: ["shop.basket.v1"], groups: ["g"] },
  };
  const desired = withAcls(base, { services, principals: ["User:svc-"] });
  const wanted = [...desiredBindings(desired).values()].map((x) => x.binding);

  it("creates every missing binding, with its origin and a broadens-access risk", () => {
    const p = buildPlan(desired, cluster({ brokers: 1 }), { allowDelete: false });
    const acls = aclActions(p);
    expect(acls).toHaveLength(5);
    expect(acls.every((a) => a.type === "acl.create" && a.access === "broadens")).toBe(true);
    expect(acls[0]?.risks).toEqual([
      { kind: "broadens-access", reason: expect.stringContaining("User:svc-order gains") },
    ]);
    expect(p.summary.acls).toEqual({ create: 5, delete: 0, blocked: 0 });
  });

  it("plans nothing when the cluster has the bindings, in any order and with duplicates", () => {
    const p = buildPlan(desired, cluster({ brokers: 1, acls: [...wanted].reverse().concat(wanted[0]!) }), {
      allowDelete: true,
    });
    expect(p.actions).toEqual([]);
    expect(renderPlanText(p)).toContain("No changes.");
  });

  it("deletes undesired bindings of owned principals only with allowDelete; other principals' are unmanaged", () => {
    const stray = binding("User:svc-order", "read", "topic", "shop.old.v1");
    const prefixOwned = binding("User:svc-gone", "write", "topic", "x");
    const foreign = binding("User:team-b", "read", "topic", "shop.orders.v1");
    const live = cluster({ brokers: 1, acls: [...wanted, stray, prefixOwned, foreign] });
    const blocked = buildPlan(desired, live, { allowDelete: false });
    expect(aclActions(blocked).map((a) => [a.type, tuple(a.binding), a.type === "acl.delete" && a.allowed])).toEqual([
      ["acl.delete", tuple(prefixOwned), false],
      ["acl.delete", tuple(stray), false],
    ]);
    expect(blocked.unmanagedAcls).toBe(1);
    expect(blocked.summary.acls).toEqual({ create: 0, delete: 0, blocked: 2 });
    expect(blocked.access).toEqual([]);
    expect(renderPlanText(blocked)).toContain("would delete; pass --allow-delete");
    const allowed = buildPlan(desired, live, { allowDelete: true });
    expect(allowed.summary.acls).toEqual({ create: 0, delete: 2, blocked: 0 });
    expect(aclActions(allowed).every((a) => a.access === "narrows")).toBe(true);
  });

  it("without a principal scope, only services' principals are owned", () => {
    const d = withAcls(base, { services });
    const live = cluster({ brokers: 1, acls: [...wanted, binding("User:svc-gone", "write", "topic", "x")] });
    const p = buildPlan(d, live, { allowDelete: true });
    expect(p.actions).toEqual([]);
    expect(p.unmanagedAcls).toBe(1);
  });

  it("marks each change as broadening or narrowing access", () => {
    const d = withAcls(base, {
      acls: [
        desiredAcl({ principal: "User:a", resourceType: "topic", resourceName: "t", operations: ["read"] }),
        desiredAcl({
          principal: "User:a",
          resourceType: "topic",
          resourceName: "t",
          operations: ["write"],
          permission: "deny",
        }),
      ],
      principals: ["User:"],
    });
    const live = cluster({
      brokers: 1,
      acls: [
        binding("User:a", "alter", "topic", "t"),
        binding("User:a", "delete", "topic", "t", { permission: "deny" }),
      ],
    });
    const p = buildPlan(d, live, { allowDelete: true });
    expect(
      aclActions(p).map(
        (a) => `${a.type} ${a.binding.permission} ${a.binding.operation} ${a.access} ${a.risks[0]?.kind}`,
      ),
    ).toEqual([
      "acl.create allow read broadens broadens-access",
      "acl.create deny write narrows narrows-access",
      "acl.delete allow alter narrows narrows-access",
      "acl.delete deny delete broadens broadens-access",
    ]);
    expect(p.access).toEqual([
      {
        principal: "User:a",
        gains: [
          {
            operation: "delete",
            resourceType: "topic",
            resourceName: "t",
            patternType: "literal",
            host: "*",
            via: "deny-removed",
          },
          {
            operation: "read",
            resourceType: "topic",
            resourceName: "t",
            patternType: "literal",
            host: "*",
            via: "allow-added",
          },
        ],
        loses: [
          {
            operation: "alter",
            resourceType: "topic",
            resourceName: "t",
            patternType: "literal",
            host: "*",
            via: "allow-removed",
          },
          {
            operation: "write",
            resourceType: "topic",
            resourceName: "t",
            patternType: "literal",
            host: "*",
            via: "deny-added",
          },
        ],
      },
    ]);
    const text = renderPlanText(p);
    expect(text).toContain(
      'User:a gains DELETE on topic "t" (deny removed), READ on topic "t"; loses ALTER on topic "t", WRITE on topic "t" (denied)',
    );
    expect(text.trimEnd().split("\n").at(-1)).toContain("User:a gains");
    expect(renderPlanMarkdown(p)).toContain("#### Access changes");
  });

  it("runs grants before topic changes and revokes after, before topic deletion", () => {
    const d = withAcls(
      desiredState({ "shop.a": { partitions: 2, replicationFactor: 1 } }, { topicPrefixes: ["shop."] }),
      {
        acls: [
          desiredAcl({ principal: "User:svc-a", resourceType: "topic", resourceName: "shop.a", operations: ["read"] }),
        ],
        principals: ["User:svc-"],
      },
    );
    const live = cluster({
      brokers: 1,
      topics: { "shop.a": { partitions: [[1]] }, "shop.gone": { partitions: [[1]] } },
      acls: [binding("User:svc-a", "write", "topic", "shop.a")],
    });
    const p = buildPlan(d, live, { allowDelete: true });
    expect(p.actions.map((a) => a.type)).toEqual(["acl.create", "topic.add-partitions", "acl.delete", "topic.delete"]);
  });
});

describe("fingerprints cover ACLs", () => {
  const d = withAcls(base, {
    services: { s: { principal: "User:svc-s", consumes: ["t"] } },
    principals: ["User:svc-"],
  });

  it("an owned principal's new binding makes a saved plan stale; a foreign one does not", () => {
    const before = observedFingerprint(d, cluster({ brokers: 1 }));
    expect(
      observedFingerprint(d, cluster({ brokers: 1, acls: [binding("User:svc-x", "read", "topic", "u")] })),
    ).not.toBe(before);
    expect(observedFingerprint(d, cluster({ brokers: 1, acls: [binding("User:other", "read", "topic", "u")] }))).toBe(
      before,
    );
    const wanted = binding("User:svc-s", "read", "topic", "t");
    expect(observedFingerprint(d, cluster({ brokers: 1, acls: [wanted, wanted] }))).toBe(
      observedFingerprint(d, cluster({ brokers: 1, acls: [wanted] })),
    );
  });

  it("the desired fingerprint changes with bindings and scope, not with the order of entries", () => {
    const a = desiredAcl({
      principal: "User:svc-z",
      resourceType: "group",
      resourceName: "g",
      operations: ["read", "describe"],
    });
    const b = desiredAcl({
      principal: "User:svc-y",
      resourceType: "topic",
      resourceName: "t",
      operations: ["write"],
      line: 9,
    });
    const one = withAcls(base, { acls: [a, b], principals: ["User:svc-"] });
    const swapped = withAcls(base, {
      acls: [b, { ...a, operations: ["describe", "read"] }],
      principals: ["User:svc-"],
    });
    expect(desiredFingerprint(swapped)).toBe(desiredFingerprint(one));
    expect(desiredFingerprint(withAcls(base, { acls: [a], principals: ["User:svc-"] }))).not.toBe(
      desiredFingerprint(one),
    );
    expect(desiredFingerprint(withAcls(base, { acls: [a, b], principals: ["User:"] }))).not.toBe(
      desiredFingerprint(one),
    );
  });
});

describe("live usage", () => {
  const d = withAcls(desiredState({}, { topicPrefixes: ["shop."] }), { principals: ["User:svc-"] });
  const live = (acls: AclBinding[], topics: string[] = []) =>
    cluster({ brokers: 1, acls, topics: Object.fromEntries(topics.map((t) => [t, { partitions: [[1]] }])) });

  it("a plan that neither narrows READ nor deletes a topic asks nothing", () => {
    const grant = withAcls(base, {
      acls: [desiredAcl({ principal: "User:svc-a", resourceType: "topic", resourceName: "t", operations: ["read"] })],
    });
    expect(usageQuery(buildPlan(grant, live([]), { allowDelete: false }))).toBeUndefined();
    const narrowWrite = buildPlan(d, live([binding("User:svc-a", "write", "topic", "t")]), { allowDelete: true });
    expect(narrowWrite.actions).toHaveLength(1);
    expect(usageQuery(narrowWrite)).toBeUndefined();
  });

  it("asks about the topics and groups whose READ narrows, and the topics deleted", () => {
    const p = buildPlan(
      d,
      live(
        [
          binding("User:svc-a", "read", "topic", "shop.orders.", { patternType: "prefixed" }),
          binding("User:svc-a", "read", "group", "shop.order-service"),
          binding("User:svc-a", "all", "topic", "t2"),
        ],
        ["shop.gone"],
      ),
      { allowDelete: true },
    );
    expect(usageQuery(p)).toEqual({
      groups: [{ name: "shop.order-service", pattern: "literal" }],
      topics: [
        { name: "shop.orders.", pattern: "prefixed" },
        { name: "t2", pattern: "literal" },
        { name: "shop.gone", pattern: "literal" },
      ],
    });
  });

  it("flags each action with the groups using its resource", () => {
    const p = buildPlan(
      d,
      live(
        [
          binding("User:svc-a", "read", "topic", "shop.orders.v1"),
          binding("User:svc-a", "read", "group", "shop.order"),
        ],
        ["shop.gone"],
      ),
      { allowDelete: true },
    );
    const flagged = withUsage(p, [
      { group: "shop.order", state: "Stable", members: 3, committedTopics: ["shop.gone", "shop.orders.v1"] },
      { group: "shop.idle", state: "Empty", members: 0, committedTopics: ["shop.orders.v1"] },
    ]);
    const reasons = flagged.actions.map((a) => [
      a.type,
      a.risks.filter((r) => r.kind === "availability").map((r) => r.reason),
    ]);
    expect(reasons).toEqual([
      ["acl.delete", ["group shop.order has 3 active members and committed offsets on 2 topics"]],
      [
        "acl.delete",
        [
          "group shop.order has 3 active members and committed offsets on this topic",
          "group shop.idle has no active member but committed offsets on this topic",
        ],
      ],
      ["topic.delete", ["group shop.order has 3 active members and committed offsets on this topic"]],
    ]);
    expect(renderPlanText(flagged)).toContain("# availability: group shop.order has 3 active members");
    expect(JSON.parse(JSON.stringify(flagged))).toEqual(flagged);
    expect(bindingKey(aclActions(flagged)[0]!.binding)).toBe(bindingKey(aclActions(p)[0]!.binding));
  });
});
