import { describe, expect, it } from "vitest";
import type { ImportReportItem } from "../../../src/core/import/estate.js";
import { foldPrincipal, inferApplication, rawEntries } from "../../../src/core/import/fold.js";
import { domainOf, safePrefixes } from "../../../src/core/import/scope.js";
import { bindingKey } from "../../../src/core/model/acl.js";
import { bindingsOfService } from "../../../src/core/plan/acl-bindings.js";
import { binding, desiredService } from "../plan/builders.js";

const everyTopic = () => true;
const keys = (list: readonly Parameters<typeof bindingKey>[0][]) => list.map(bindingKey).sort();

describe("folding a principal's bindings into a service", () => {
  it("recognises a Connect worker by its storage topics and connector groups", () => {
    const connect = {
      groupId: "shop.connect",
      configStorageTopic: "shop.connect.configs",
      offsetStorageTopic: "shop.connect.offsets",
      statusStorageTopic: "shop.connect.status",
    };
    const bindings = bindingsOfService(
      desiredService("c", { principal: "User:connect", connect, produces: ["shop.a"] }),
    );
    expect(inferApplication(bindings)).toEqual({ kind: "connect", ...connect });
    const folded = foldPrincipal("c", "User:connect", bindings, inferApplication(bindings), everyTopic);
    expect(folded.raw).toEqual([]);
    expect(folded.service?.produces.map((r) => r.name)).toEqual(["shop.a"]);
  });

  it("recognises an exactly-once Streams application", () => {
    const streams = { applicationId: "shop.enricher", exactlyOnce: true };
    const bindings = bindingsOfService(desiredService("s", { principal: "User:s", streams, consumes: ["shop.a"] }));
    expect(inferApplication(bindings)).toEqual({ kind: "streams", ...streams });
  });

  it("never broadens: a lone WRITE (no DESCRIBE), a DENY and another host stay raw", () => {
    const bindings = [
      binding("User:p", "write", "topic", "shop.a"),
      binding("User:p", "describe", "topic", "shop.a"),
      binding("User:p", "write", "topic", "shop.b"),
      binding("User:p", "read", "topic", "shop.c", { permission: "deny" }),
      binding("User:p", "read", "topic", "shop.d", { host: "10.1.1.1" }),
      binding("User:p", "describe", "topic", "shop.d", { host: "10.1.1.1" }),
    ];
    const folded = foldPrincipal("p", "User:p", bindings, undefined, everyTopic);
    expect(folded.service?.produces.map((r) => r.name)).toEqual(["shop.a"]);
    expect(keys(folded.raw)).toEqual(keys(bindings.slice(2)));
  });

  it("keeps bindings raw when the topic is not declared, or the principal is a wildcard", () => {
    const bindings = bindingsOfService(desiredService("x", { principal: "User:x", produces: ["elsewhere"] }));
    expect(foldPrincipal("x", "User:x", bindings, undefined, (t) => t !== "elsewhere")).toEqual({ raw: bindings });
    const wildcard = bindingsOfService(desiredService("w", { principal: "User:*", consumes: ["shop.a"] }));
    expect(foldPrincipal("w", "User:*", wildcard, undefined, everyTopic)).toEqual({ raw: wildcard });
  });

  it("uses a hinted application only when the bindings hold it", () => {
    const hint = { kind: "streams" as const, applicationId: "shop.app", exactlyOnce: false };
    expect(inferApplication([binding("User:s", "read", "group", "shop.app")], hint)).toBeUndefined();
  });

  it("merges raw bindings into entries by resource, operations sorted", () => {
    const entries = rawEntries([
      binding("User:o", "write", "topic", "t"),
      binding("User:o", "describe", "topic", "t"),
      binding("User:o", "read", "topic", "t", { permission: "deny" }),
    ]);
    expect(entries.map((e) => `${e.permission} ${e.operations.join(",")}`)).toEqual([
      "allow describe,write",
      "deny read",
    ]);
  });
});

describe("scope of an import", () => {
  it("names domains by segments", () => {
    expect(domainOf("shop.orders.placed.v1", 2)).toBe("shop.orders.");
    expect(domainOf("billing", 2)).toBe("billing");
    expect(domainOf("shop.orders", 2)).toBe("shop.orders");
    expect(domainOf("shop.orders.x", 0)).toBe("");
  });

  it("replaces a prefix that covers a name left out, and reports a name that is itself such a prefix", () => {
    const report: ImportReportItem[] = [];
    const imported = new Set(["shop.a", "shop.b", "shop.bx"]);
    const live = ["shop.a", "shop.b", "shop.bx", "shop.a-other-team", "x.y"];
    expect(safePrefixes("topic", ["shop.", "x."], imported, live, report)).toEqual(["shop.b"]);
    expect(report.map((r) => `${r.name}: ${r.outcome}`)).toEqual(["shop.a: changed"]);
    expect(report[0]?.reason).toContain("shop.a-other-team");
  });
});
