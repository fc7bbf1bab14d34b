import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hasErrors } from "../../../src/core/diagnostics/index.js";
import type { DesiredState } from "../../../src/core/model/desired.js";
import type { ObservedBroker, ObservedCluster } from "../../../src/core/model/observed.js";
import { applyPlanToModel, hasChanges, buildPlan, type Plan } from "../../../src/core/plan/index.js";
import { renderPlanMarkdown } from "../../../src/render/plan-markdown.js";
import { renderPlanText } from "../../../src/render/plan-text.js";
import { createStyle } from "../../../src/render/style.js";
import {
  cluster,
  desiredFromObserved,
  desiredState,
  type ConfigSpec,
  type ObservedTopicSpec,
  type TopicSpec,
} from "./builders.js";

/**
 * Properties of the planner over random clusters and desired states:
 * - planning the state a cluster already has gives no actions (diff(x, x) is empty);
 * - applying a plan (in the in-memory model) and planning again gives no changes (convergence, no perpetual diffs);
 * - the plan is deterministic, independent of Map order, and plain JSON; rendering never throws.
 */

const NAMES = ["app.a", "app.b", "app.c", "app.d", "other.x", "__consumer_offsets", "_schemas"] as const;
const VALUES: Readonly<Record<string, readonly string[]>> = {
  "retention.ms": ["-1", "3600000", "86400000", "604800000"],
  "retention.bytes": ["-1", "1073741824", "104857600"],
  "cleanup.policy": ["delete", "compact", "compact,delete", "delete,compact"],
  "segment.ms": ["3600000", "604800000"],
  "min.insync.replicas": ["1", "2", "3"],
  "max.message.bytes": ["1048588", "2097152"],
  preallocate: ["true", "false"],
};
const KEYS = Object.keys(VALUES);

const brokersArb: fc.Arbitrary<ObservedBroker[]> = fc
  .tuple(fc.integer({ min: 1, max: 5 }), fc.boolean())
  .map(([n, withRacks]) =>
    Array.from({ length: n }, (_, i) => ({ id: i + 1, rack: withRacks ? (["a", "b", "c"][i % 3] as string) : null })),
  );

const configValueArb = (key: string): fc.Arbitrary<string> => fc.constantFrom(...(VALUES[key] ?? ["1"]));

const observedEntryArb = (key: string): fc.Arbitrary<ConfigSpec> =>
  fc.oneof(
    { weight: 6, arbitrary: configValueArb(key) },
    {
      weight: 2,
      arbitrary: fc.record({
        value: configValueArb(key),
        source: fc.constantFrom("dynamic-broker" as const, "static-broker" as const, "default" as const),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        value: fc.constant(null),
        source: fc.constantFrom("topic" as const, "default" as const),
        sensitive: fc.constant(true),
      }),
    },
  );

function configArb<T>(valueArb: (key: string) => fc.Arbitrary<T>): fc.Arbitrary<Record<string, T>> {
  return fc
    .subarray(KEYS, { maxLength: 4 })
    .chain((keys) =>
      keys.length === 0 ? fc.constant({}) : fc.record(Object.fromEntries(keys.map((k) => [k, valueArb(k)]))),
    );
}

function observedTopicArb(brokerIds: readonly number[]): fc.Arbitrary<ObservedTopicSpec> {
  return fc
    .tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: brokerIds.length }))
    .chain(([partitions, rf]) =>
      fc.record({
        partitions: fc.array(fc.shuffledSubarray([...brokerIds], { minLength: rf, maxLength: rf }), {
          minLength: partitions,
          maxLength: partitions,
        }),
        config: configArb(observedEntryArb),
      }),
    );
}

const observedArb: fc.Arbitrary<ObservedCluster> = brokersArb.chain((brokers) =>
  fc
    .record({
      names: fc.subarray([...NAMES]),
      reassigning: fc.subarray([...NAMES], { maxLength: 1 }),
    })
    .chain(({ names, reassigning }) =>
      fc.tuple(...names.map(() => observedTopicArb(brokers.map((b) => b.id)))).map((topics) =>
        cluster({
          clusterId: "prop",
          brokers,
          topics: Object.fromEntries(names.map((n, i) => [n, topics[i] as ObservedTopicSpec])),
          reassigning: reassigning.filter((n) => names.includes(n)),
        }),
      ),
    ),
);

/** Desired values as YAML would give them: strings, numbers or booleans. */
const desiredValueArb = (key: string): fc.Arbitrary<string | number | boolean> =>
  configValueArb(key).map((v) => (v === "true" || v === "false" ? v === "true" : /^-?\d+$/.test(v) ? Number(v) : v));

const desiredTopicArb: fc.Arbitrary<TopicSpec> = fc.record(
  {
    partitions: fc.integer({ min: 1, max: 6 }),
    replicationFactor: fc.integer({ min: 1, max: 4 }),
    config: configArb(desiredValueArb),
  },
  { requiredKeys: ["config"] },
);

const desiredArb: fc.Arbitrary<DesiredState> = fc
  .record({
    names: fc.subarray([...NAMES]),
    prefixes: fc.option(fc.subarray(["app.", "other.", "__"], { minLength: 1 }), { nil: undefined }),
  })
  .chain(({ names, prefixes }) =>
    fc
      .tuple(...names.map(() => desiredTopicArb))
      .map((specs) =>
        desiredState(
          Object.fromEntries(names.map((n, i) => [n, specs[i] as TopicSpec])),
          prefixes ? { topicPrefixes: prefixes } : {},
        ),
      ),
  );

/** Topics generated with the same replica count on every partition, so the derived desired state is exact. */
const settled = (o: ObservedCluster) => ({ ...o, reassigning: new Set<string>() });

describe("planner properties", () => {
  it("plans nothing when the desired state is the cluster's own state", () => {
    fc.assert(
      fc.property(observedArb, fc.boolean(), (observed, allowDelete) => {
        const live = settled(observed);
        const plan = buildPlan(desiredFromObserved(live, { topicPrefixes: ["app."] }), live, { allowDelete });
        expect(plan.actions).toEqual([]);
        const unexpected = plan.diagnostics.filter(
          (d) => d.code !== "plan/sensitive-config-unknown" && d.code !== "topic/min-isr-above-rf",
        );
        expect(unexpected).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it("converges: plan, apply to the model, plan again gives no changes", () => {
    let applied = 0;
    const seen = new Set<string>();
    fc.assert(
      fc.property(observedArb, desiredArb, fc.boolean(), (observed, desired, allowDelete) => {
        const first = buildPlan(desired, observed, { allowDelete });
        if (hasErrors(first.diagnostics)) return;
        applied++;
        for (const a of first.actions) seen.add(a.type === "topic.delete" && !a.allowed ? "blocked" : a.type);
        for (const a of first.actions)
          if (a.type === "topic.alter-config") {
            if (a.set.length > 0) seen.add("set");
            if (a.delete.length > 0) seen.add("delete-config");
          }
        const after = applyPlanToModel(observed, first);
        const second = buildPlan(desired, after, { allowDelete });
        expect(second.actions.filter((a) => a.type !== "topic.delete" || a.allowed)).toEqual([]);
        expect(hasChanges(second)).toBe(false);
        expect(hasErrors(second.diagnostics)).toBe(false);
        // blocked deletions stay listed: they are still what would happen with --allow-delete
        expect(second.summary.blocked).toBe(first.summary.blocked);
      }),
      { numRuns: 500 },
    );
    expect(applied).toBeGreaterThan(100);
    // the generators reach every kind of action, so the property covers them all
    expect([...seen].sort()).toEqual([
      "blocked",
      "delete-config",
      "set",
      "topic.add-partitions",
      "topic.alter-config",
      "topic.change-replication",
      "topic.create",
      "topic.delete",
    ]);
  });

  it("is deterministic, independent of Map order, and plain JSON", () => {
    const reversed = <K, V>(m: ReadonlyMap<K, V>) => new Map([...m].reverse());
    fc.assert(
      fc.property(observedArb, desiredArb, fc.boolean(), (observed, desired, allowDelete) => {
        const plan = buildPlan(desired, observed, { allowDelete });
        const shuffled = buildPlan(
          { ...desired, topics: reversed(desired.topics) },
          { ...observed, topics: reversed(observed.topics), brokers: [...observed.brokers].reverse() },
          { allowDelete },
        );
        expect(JSON.stringify(shuffled)).toBe(JSON.stringify(plan));
        expect(JSON.parse(JSON.stringify(plan))).toStrictEqual(plan);
      }),
      { numRuns: 200 },
    );
  });

  it("renders every plan as text and Markdown without throwing", () => {
    const colour = createStyle(true);
    fc.assert(
      fc.property(observedArb, desiredArb, fc.boolean(), (observed, desired, allowDelete) => {
        const plan: Plan = buildPlan(desired, observed, { allowDelete });
        for (const text of [
          renderPlanText(plan),
          renderPlanText(plan, { style: colour, maxMoves: 1, maxUnmanaged: 1 }),
          renderPlanMarkdown(plan),
        ]) {
          expect(text.endsWith("\n")).toBe(true);
        }
        const text = renderPlanText(plan);
        expect(text).toMatch(/(No changes\. The cluster matches the desired state\.|Plan: \d+ to create)/);
      }),
      { numRuns: 200 },
    );
  });
});
