import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bindingKey, type AclBinding } from "../../../src/core/model/acl.js";
import { applyPlanToModel, buildPlan, hasChanges, ownedPrincipals } from "../../../src/core/plan/index.js";
import { renderPlanMarkdown } from "../../../src/render/plan-markdown.js";
import { renderPlanText } from "../../../src/render/plan-text.js";
import { binding, cluster, desiredAcl, desiredState, withAcls, type ServiceSpec } from "./builders.js";

/**
 * ACL planning over random desired states (services and raw entries) and random live bindings, from a small universe
 * so that desired and live often overlap:
 * - converges: plan, apply to the model, plan again gives no changes (and only blocked deletions remain without
 *   --allow-delete);
 * - never touches a principal kgov does not own, and never deletes a desired binding;
 * - the plan does not depend on the order of entries or live bindings.
 */

const PRINCIPALS = ["User:svc-a", "User:svc-b", "User:other"] as const;
const TOPICS = ["shop.a", "shop.b", "shop."] as const;
const bindingArb: fc.Arbitrary<AclBinding> = fc
  .record({
    principal: fc.constantFrom(...PRINCIPALS),
    operation: fc.constantFrom("read" as const, "write" as const, "describe" as const, "all" as const),
    type: fc.constantFrom("topic" as const, "group" as const),
    name: fc.constantFrom(...TOPICS),
    prefixed: fc.boolean(),
    deny: fc.boolean(),
    host: fc.constantFrom("*", "10.0.0.1"),
  })
  .map((r) =>
    binding(r.principal, r.operation, r.type, r.name, {
      patternType: r.prefixed ? "prefixed" : "literal",
      permission: r.deny ? "deny" : "allow",
      host: r.host,
    }),
  );

const refArb = fc.oneof(fc.constantFrom(...TOPICS), fc.record({ prefix: fc.constantFrom("shop.", "shop.a") }));
const serviceArb: fc.Arbitrary<ServiceSpec> = fc.record(
  {
    principal: fc.constantFrom("User:svc-a", "User:svc-b"),
    produces: fc.array(refArb, { maxLength: 2 }),
    consumes: fc.array(refArb, { maxLength: 2 }),
    groups: fc.array(fc.constantFrom("shop.a", "shop.b"), { maxLength: 2 }),
    streams: fc.record({ applicationId: fc.constantFrom("shop.app"), exactlyOnce: fc.boolean() }),
  },
  { requiredKeys: ["principal"] },
);

const desiredArb = fc
  .record({
    services: fc.dictionary(fc.constantFrom("s1", "s2", "s3"), serviceArb, { maxKeys: 3 }),
    raw: fc.array(bindingArb, { maxLength: 6 }),
    principals: fc.option(fc.constantFrom(["User:svc-"], ["User:"], []), { nil: undefined }),
  })
  .map(({ services, raw, principals }) =>
    withAcls(desiredState({}), {
      services,
      acls: raw.map((b, i) =>
        desiredAcl({
          principal: b.principal,
          resourceType: b.resourceType,
          resourceName: b.resourceName,
          patternType: b.patternType,
          operations: [b.operation],
          permission: b.permission,
          host: b.host,
          line: i + 1,
        }),
      ),
      ...(principals ? { principals } : {}),
    }),
  );

const liveArb = fc.array(bindingArb, { maxLength: 12 }).map((acls) => cluster({ brokers: 1, acls }));

describe("ACL planner properties", () => {
  it("converges, and only blocked deletions remain without --allow-delete", () => {
    fc.assert(
      fc.property(desiredArb, liveArb, fc.boolean(), (desired, live, allowDelete) => {
        const first = buildPlan(desired, live, { allowDelete });
        const second = buildPlan(desired, applyPlanToModel(live, first), { allowDelete });
        expect(hasChanges(second)).toBe(false);
        expect(second.summary.acls.blocked).toBe(first.summary.acls.blocked);
        expect(second.summary.acls.create + second.summary.acls.delete).toBe(0);
      }),
      { numRuns: 400 },
    );
  });

  it("never touches an unowned principal and never deletes a desired binding", () => {
    fc.assert(
      fc.property(desiredArb, liveArb, (desired, live) => {
        const plan = buildPlan(desired, live, { allowDelete: true });
        const owned = ownedPrincipals(desired);
        const wanted = new Set(plan.actions.flatMap((a) => (a.type === "acl.create" ? [bindingKey(a.binding)] : [])));
        for (const a of plan.actions) {
          if (a.type !== "acl.delete") continue;
          expect(owned(a.binding.principal)).toBe(true);
          expect(wanted.has(bindingKey(a.binding))).toBe(false);
        }
        const liveKeys = new Set(live.acls.map(bindingKey));
        const deleted = plan.actions.filter((a) => a.type === "acl.delete").length;
        expect(deleted + plan.unmanagedAcls).toBeLessThanOrEqual(liveKeys.size);
      }),
      { numRuns: 300 },
    );
  });

  it("does not depend on the order of entries or live bindings, and renders", () => {
    fc.assert(
      fc.property(desiredArb, liveArb, (desired, live) => {
        const plan = buildPlan(desired, live, { allowDelete: true });
        const shuffled = buildPlan(
          { ...desired, acls: [...desired.acls].reverse(), services: new Map([...desired.services].reverse()) },
          { ...live, acls: [...live.acls].reverse() },
          { allowDelete: true },
        );
        // origins list services in declaration order, which is the files' order; everything else is identical
        const strip = (p: typeof plan) =>
          JSON.stringify(p.actions.map((a) => ({ ...a, origins: undefined })).concat([{ access: p.access } as never]));
        expect(strip(shuffled)).toBe(strip(plan));
        expect(renderPlanText(plan).endsWith("\n")).toBe(true);
        expect(renderPlanMarkdown(plan).endsWith("\n")).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
