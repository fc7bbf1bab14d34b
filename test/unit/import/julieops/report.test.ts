/** What JulieOps does that kgov cannot: one located report item each, the rest still converted. */
import { describe, expect, it } from "vitest";
import { estateOf } from "./helpers.js";

describe("report items", () => {
  it("name each left-out section where it is", () => {
    const text = `context: "shop"
projects:
  - name: "o"
    rbac:
      - ResourceOwner: [{ principal: "User:team" }]
    schemas:
      - principal: "User:sr-user"
        subjects: ["s"]
    ksql:
      access_control: []
    admins:
      - principal: "User:root"
    connectors:
      - principal: "User:c"
        connectors: ["sink"]
    topics: [{ name: "t" }]
platform:
  control_center:
    instances: [{ principal: "User:c3", appId: "c3" }]
  kafka:
    rbac: {}
special_topics:
  - name: "legacy-topic"
`;
    const estate = estateOf({ "t.yaml": text });
    const items = estate.report
      .filter((r) => r.kind !== "setting")
      .map((r) => `${r.kind} ${r.name} ${r.outcome} ${r.source?.start.line}`);
    expect(items).toEqual([
      "acl o.rbac skipped 4",
      "acl o.schemas skipped 6",
      "service o.ksql skipped 9",
      "acl o.admins skipped 11",
      "acl User:c skipped 15",
      "service platform.control_center skipped 18",
      "service platform.kafka skipped 20",
      "topic legacy-topic skipped 23",
      "topic shop.o.t changed 16",
    ]);
    expect(estate.topics.map((t) => t.name)).toEqual(["shop.o.t"]);
    expect(estate.bindings.some((b) => b.binding.principal === "User:c")).toBe(true);
  });

  it("flag a principal declared as two different applications", () => {
    const text = `context: "shop"
projects:
  - name: "o"
    streams:
      - principal: "User:s"
        applicationId: "a"
      - principal: "User:s"
        applicationId: "b"
`;
    const estate = estateOf({ "t.yaml": text });
    expect(estate.applications?.get("User:s")).toMatchObject({ applicationId: "a" });
    expect(estate.report.find((r) => r.kind === "service")).toMatchObject({
      outcome: "changed",
      source: { start: { line: 7 } },
    });
    expect(estate.bindings.filter((b) => b.binding.operation === "all").map((b) => b.binding.resourceName)).toEqual([
      "a",
      "b",
    ]);
  });
});
