import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { prepareDesired } from "../../../src/app/plan.js";
import { estateFromLive, type ImportFilters } from "../../../src/core/import/live.js";
import { renderImport } from "../../../src/core/import/render.js";
import { bindingKey, type AclBinding } from "../../../src/core/model/acl.js";
import type { ObservedCluster } from "../../../src/core/model/observed.js";
import { bindingsOfService } from "../../../src/core/plan/acl-bindings.js";
import { buildPlan, hasChanges } from "../../../src/core/plan/index.js";
import { memoryFiles } from "../../helpers/memory-files.js";
import { binding, cluster, desiredService, type ObservedTopicSpec } from "../plan/builders.js";

/**
 * The import's round-trip guarantee over generated estates: import the live cluster, load the written files as
 * kgov would (validation included), and plan them against the same cluster — with deletions allowed, so a scope
 * that covers something left out would show. The plan must be empty, and the files must grant exactly the live
 * bindings of the imported principals.
 */

const NO_FILTERS: ImportFilters = { topicPrefixes: [], principals: [], subjectPrefixes: [], includeInternal: false };

async function importAndPlan(live: ObservedCluster, filters: ImportFilters = NO_FILTERS, splitDepth = 2) {
  const estate = estateFromLive({
    topics: live.topics,
    acls: live.acls,
    unrecognisedAcls: 0,
    filters,
    splitDepth,
  });
  const rendered = renderImport(estate, { splitDepth });
  const files = Object.fromEntries(rendered.files.map((f) => [f.path, f.text]));
  const prepared = await prepareDesired(
    { paths: rendered.files.filter((f) => f.path.endsWith(".yaml")).map((f) => f.path), variables: {} },
    memoryFiles(files),
  );
  const errors = prepared.diagnostics.filter((d) => d.severity === "error");
  expect(errors, JSON.stringify(files, null, 2)).toEqual([]);
  const state = prepared.state!;
  const plan = buildPlan(state, live, { allowDelete: true });
  return { plan, state, files, rendered };
}

const TOPIC_NAMES = ["shop.orders.a.v1", "shop.orders.b.v1", "shop.pay.c", "billing", "billing-dlt", "x.y"] as const;
/** Values a broker holds for each key (the import writes what the broker has, and a broker holds valid values). */
const configArb = fc.record(
  {
    "retention.ms": fc.constantFrom("1000", "604800000"),
    "cleanup.policy": fc.constantFrom("compact", "delete", "compact,delete"),
    "min.insync.replicas": fc.constant("1"),
    "segment.bytes": fc.constantFrom("1073741824", "104857600"),
  },
  { requiredKeys: [] },
);
const topicArb: fc.Arbitrary<ObservedTopicSpec> = fc
  .record({ partitions: fc.integer({ min: 1, max: 4 }), rf: fc.integer({ min: 1, max: 3 }), config: configArb })
  .map(({ partitions, rf, config }) => ({
    partitions: Array.from({ length: partitions }, (_, p) => Array.from({ length: rf }, (_, r) => ((p + r) % 3) + 1)),
    config: config as Record<string, string>,
  }));

const PRINCIPALS = ["User:svc-a", "User:svc-b", "User:ops", "User:*"] as const;
/** Bindings shaped like services (so folding has something to find) plus arbitrary ones around them. */
const serviceShapedArb: fc.Arbitrary<AclBinding[]> = fc
  .record({
    principal: fc.constantFrom(...PRINCIPALS),
    produces: fc.subarray([...TOPIC_NAMES, "gone.topic"]),
    consumes: fc.subarray([...TOPIC_NAMES]),
    prefixed: fc.subarray(["shop.", "shop.orders."]),
    groups: fc.subarray(["g1", "g2"]),
    streams: fc.option(fc.record({ applicationId: fc.constantFrom("shop.app"), exactlyOnce: fc.boolean() }), {
      nil: undefined,
    }),
  })
  .map((s) =>
    bindingsOfService(
      desiredService("s", {
        principal: s.principal,
        produces: s.produces,
        consumes: [...s.consumes, ...s.prefixed.map((prefix) => ({ prefix }))],
        groups: s.groups,
        ...(s.streams ? { streams: s.streams } : {}),
      }),
    ),
  );
const looseBindingArb: fc.Arbitrary<AclBinding> = fc
  .record({
    principal: fc.constantFrom(...PRINCIPALS),
    operation: fc.constantFrom("read" as const, "write" as const, "describe" as const, "all" as const),
    type: fc.constantFrom("topic" as const, "group" as const, "transactional-id" as const),
    name: fc.constantFrom(...TOPIC_NAMES, "shop.", "*"),
    prefixed: fc.boolean(),
    deny: fc.boolean(),
    host: fc.constantFrom("*", "10.0.0.1"),
  })
  // Only what a broker accepts: a group takes no WRITE, a transactional id no READ.
  .filter(
    (r) =>
      !(r.type === "group" && r.operation === "write") && !(r.type === "transactional-id" && r.operation === "read"),
  )
  .map((r) =>
    binding(r.principal, r.operation, r.type, r.name, {
      patternType: r.prefixed && r.name !== "*" ? "prefixed" : "literal",
      permission: r.deny ? "deny" : "allow",
      host: r.host,
    }),
  );

const liveArb = fc
  .record({
    topics: fc.dictionary(fc.constantFrom(...TOPIC_NAMES, "shop.app-store-changelog", "__consumer_offsets"), topicArb),
    services: fc.array(serviceShapedArb, { maxLength: 3 }),
    loose: fc.array(looseBindingArb, { maxLength: 8 }),
  })
  .map(({ topics, services, loose }) => {
    const unique = new Map([...services.flat(), ...loose].map((b) => [bindingKey(b), b]));
    return cluster({ brokers: 3, topics, acls: [...unique.values()] });
  });

describe("kgov import round trip (generated estates)", () => {
  it("plans no changes, even with deletions allowed, and grants exactly the live bindings", async () => {
    await fc.assert(
      fc.asyncProperty(liveArb, fc.constantFrom(0, 1, 2), async (live, depth) => {
        const { plan, rendered } = await importAndPlan(live, NO_FILTERS, depth);
        expect(hasChanges(plan), JSON.stringify(plan.actions)).toBe(false);
        expect(rendered.summary.bindings).toBe(live.acls.length);
      }),
      { numRuns: 150 },
    );
  });

  it("with filters, owns only what was imported", async () => {
    await fc.assert(
      fc.asyncProperty(liveArb, async (live) => {
        const filters = { ...NO_FILTERS, topicPrefixes: ["shop."], principals: ["User:svc-"] };
        const { plan, state } = await importAndPlan(live, filters);
        expect(hasChanges(plan), JSON.stringify(plan.actions)).toBe(false);
        expect([...state.topics.keys()].every((t) => t.startsWith("shop."))).toBe(true);
        const principals = new Set([...state.services.values()].map((s) => s.principal));
        for (const acl of state.acls) principals.add(acl.principal);
        expect([...principals].every((p) => p.startsWith("User:svc-"))).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});

describe("kgov import of a known estate", () => {
  const live = cluster({
    brokers: 3,
    topics: {
      "shop.orders.placed.v1": {
        partitions: [
          [1, 2, 3],
          [2, 3, 1],
        ],
        config: { "min.insync.replicas": "2", "retention.ms": "604800000" },
      },
      "shop.orders.placed.dlt": { partitions: [[1, 2, 3]], config: { "retention.ms": "1209600000" } },
      "shop.app-store-changelog": { partitions: [[1, 2, 3]], config: { "cleanup.policy": "compact" } },
      __consumer_offsets: { partitions: [[1, 2, 3]] },
    },
    acls: [
      ...bindingsOfService(
        desiredService("order", { principal: "User:svc-order", produces: ["shop.orders.placed.v1"], groups: [] }),
      ),
      ...bindingsOfService(
        desiredService("ship", { principal: "User:svc-ship", consumes: ["shop.orders.placed.v1"], groups: ["ship"] }),
      ),
      ...bindingsOfService(
        desiredService("app", {
          principal: "User:svc-app",
          streams: { applicationId: "shop.app", exactlyOnce: false },
          consumes: ["shop.orders.placed.v1"],
        }),
      ),
      binding("User:svc-ship", "read", "topic", "shop.orders.placed.dlt", { permission: "deny" }),
      binding("User:ops", "describe", "topic", "shop.", { patternType: "prefixed", host: "10.0.0.1" }),
    ],
  });

  it("folds service-shaped principals into services and keeps the rest raw", async () => {
    const { plan, state, rendered } = await importAndPlan(live);
    expect(hasChanges(plan)).toBe(false);
    expect([...state.services.values()].map((s) => s.name).sort()).toEqual(["svc-app", "svc-order", "svc-ship"]);
    expect(state.services.get("svc-app")?.streams).toMatchObject({ applicationId: "shop.app", exactlyOnce: false });
    expect(
      state.acls.map((a) => `${a.principal} ${a.permission} ${a.operations.join(",")} ${a.resourceName} ${a.host}`),
    ).toEqual(["User:ops allow describe shop. 10.0.0.1", "User:svc-ship deny read shop.orders.placed.dlt *"]);
    expect(rendered.summary).toMatchObject({ topics: 2, services: 3, rawAcls: 2, bindings: live.acls.length });
    const skipped = rendered.summary.report.filter((r) => r.outcome === "skipped").map((r) => r.name);
    expect(skipped).toEqual(["shop.app-store-changelog"]);
    expect(state.topics.get("shop.orders.placed.v1")?.config).toEqual({
      "min.insync.replicas": 2,
      "retention.ms": 604800000,
    });
    expect(state.settings.scope.topicPrefixes).toEqual(["shop.orders."]);
  });

  it("declares the Streams app's topics with --include-internal", async () => {
    const { plan, state } = await importAndPlan(live, { ...NO_FILTERS, includeInternal: true });
    expect(hasChanges(plan)).toBe(false);
    expect(state.topics.has("shop.app-store-changelog")).toBe(true);
  });

  it("narrows a scope prefix that would cover a topic left out", async () => {
    const { plan, state, rendered } = await importAndPlan(live, { ...NO_FILTERS, topicPrefixes: ["shop."] });
    expect(hasChanges(plan)).toBe(false);
    // shop. covers the Streams app's changelog, which kgov never deletes, so the prefix stays as asked.
    expect(state.settings.scope.topicPrefixes).toEqual(["shop."]);
    expect(rendered.summary.report.some((r) => r.outcome === "changed")).toBe(false);
    const narrowed = await importAndPlan(
      cluster({
        brokers: 3,
        topics: { "a.b.c": { partitions: [[1]] }, "a.b.cd": { partitions: [[1]] }, "a.x": { partitions: [[1]] } },
      }),
      { ...NO_FILTERS, topicPrefixes: ["a.b.c", "a.x"] },
    );
    // a.b.c covers a.b.cd, which the filter also took, so it stays; nothing was left out.
    expect(narrowed.state.settings.scope.topicPrefixes).toEqual(["a.b.c", "a.x"]);
  });

  it("writes a service next to the topics it produces, and nothing for an empty cluster", async () => {
    const { files } = await importAndPlan(live);
    expect(Object.keys(files).sort()).toEqual(["acls.yaml", "kgov.yaml", "topics/shop.orders.yaml"]);
    expect(files["topics/shop.orders.yaml"]).toContain("svc-order:");
    // The written files, byte for byte: `UPDATE_GOLDEN=1` rewrites them (review the diff before keeping it).
    for (const [path, text] of Object.entries(files)) {
      const golden = new URL(`./golden/live/${path}`, import.meta.url);
      if (process.env.UPDATE_GOLDEN === "1") {
        mkdirSync(dirname(golden.pathname), { recursive: true });
        writeFileSync(golden, text);
      }
      expect(text, path).toBe(readFileSync(golden, "utf8"));
    }
    const empty = await importAndPlan(cluster({ brokers: 1 }));
    expect(Object.keys(empty.files)).toEqual(["kgov.yaml"]);
  });
});
