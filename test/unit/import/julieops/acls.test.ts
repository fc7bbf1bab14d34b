/** The exact bindings JulieOps (default settings) creates per kind of user, written out by hand. */
import { describe, expect, it } from "vitest";
import { bindingLines, estateOf, topology } from "./helpers.js";

const file = (body: string) => ({ "t.yaml": topology(body) });

describe("consumers", () => {
  it("read and describe every topic of the project, literally, and read their group (`*` when unset)", () => {
    const estate = estateOf(
      file(`projects:
  - name: "orders"
    consumers:
      - principal: "User:audit"
    topics:
      - name: "placed"
      - name: "paid"
        dataType: "avro"
`),
    );
    expect(bindingLines(estate)).toEqual([
      "User:audit group:* literal read",
      "User:audit topic:shop.orders.paid.avro literal describe",
      "User:audit topic:shop.orders.paid.avro literal read",
      "User:audit topic:shop.orders.placed literal describe",
      "User:audit topic:shop.orders.placed literal read",
    ]);
  });

  it("reads a group ending in `*` as a prefix, and a topic-level consumer only gets its own topic", () => {
    const estate = estateOf(
      file(`projects:
  - name: "orders"
    topics:
      - name: "placed"
        consumers:
          - principal: "User:mailer"
            group: "mailer-*"
      - name: "paid"
`),
    );
    expect(bindingLines(estate)).toEqual([
      "User:mailer group:mailer- prefixed read",
      "User:mailer topic:shop.orders.placed literal describe",
      "User:mailer topic:shop.orders.placed literal read",
    ]);
  });

  it("gets nothing in a project without topics, as in JulieOps", () => {
    const estate = estateOf(file(`projects:\n  - name: "empty"\n    consumers:\n      - principal: "User:idle"\n`));
    expect(estate.bindings).toEqual([]);
  });

  it("keeps one binding when the same consumer is listed twice", () => {
    const estate = estateOf(
      file(`projects:
  - name: "o"
    consumers:
      - principal: "User:a"
        group: "g"
    topics:
      - name: "t"
        consumers:
          - principal: "User:a"
            group: "g"
`),
    );
    expect(bindingLines(estate)).toEqual([
      "User:a group:g literal read",
      "User:a topic:shop.o.t literal describe",
      "User:a topic:shop.o.t literal read",
    ]);
  });
});

describe("producers", () => {
  it("write and describe the topics; a plain producer gets nothing on the cluster", () => {
    const estate = estateOf(
      file(`projects:\n  - name: "o"\n    producers:\n      - principal: "User:p"\n    topics:\n      - name: "t"\n`),
    );
    expect(bindingLines(estate)).toEqual([
      "User:p topic:shop.o.t literal describe",
      "User:p topic:shop.o.t literal write",
    ]);
  });

  it("with a transactional id: describe and write on it (prefixed when it ends in `*`) and idempotent-write", () => {
    const estate = estateOf(
      file(`projects:
  - name: "o"
    producers:
      - principal: "User:literal"
        transactionId: "tx-1"
      - principal: "User:prefixed"
        transactionId: "tx-*"
    topics:
      - name: "t"
`),
    );
    expect(bindingLines(estate, "User:literal")).toEqual([
      "User:literal cluster:kafka-cluster literal idempotent-write",
      "User:literal topic:shop.o.t literal describe",
      "User:literal topic:shop.o.t literal write",
      "User:literal transactional-id:tx-1 literal describe",
      "User:literal transactional-id:tx-1 literal write",
    ]);
    expect(bindingLines(estate, "User:prefixed")).toContain("User:prefixed transactional-id:tx- prefixed write");
  });

  it("grants idempotent-write whenever `idempotence` is set, false included, and reports that", () => {
    const estate = estateOf(
      file(`projects:
  - name: "o"
    producers:
      - principal: "User:on"
        idempotence: true
      - principal: "User:off"
        idempotence: false
    topics:
      - name: "t"
`),
    );
    expect(bindingLines(estate).filter((l) => l.includes("cluster:"))).toEqual([
      "User:off cluster:kafka-cluster literal idempotent-write",
      "User:on cluster:kafka-cluster literal idempotent-write",
    ]);
    expect(estate.report.find((r) => r.name === "User:off")).toMatchObject({
      outcome: "info",
      source: { start: { line: 8 } },
    });
  });

  it("keeps the topic-level entry of a principal listed on the topic and the project (JulieOps's set)", () => {
    const estate = estateOf(
      file(`projects:
  - name: "o"
    producers:
      - principal: "User:p"
        transactionId: "project-tx"
    topics:
      - name: "t"
        producers:
          - principal: "User:p"
            transactionId: "topic-tx"
`),
    );
    const ids = bindingLines(estate).filter((l) => l.includes("transactional-id"));
    expect(ids).toEqual([
      "User:p transactional-id:topic-tx literal describe",
      "User:p transactional-id:topic-tx literal write",
    ]);
  });
});

describe("streams", () => {
  it("defaults the application id to the project prefix: all on its topics, read on its groups", () => {
    const estate = estateOf(
      file(`projects:
  - name: "o"
    streams:
      - principal: "User:s"
        topics:
          read: ["shop.o.in"]
          write: ["shop.o.out", "other.topic"]
`),
    );
    expect(bindingLines(estate)).toEqual([
      "User:s group:shop.o prefixed read",
      "User:s topic:other.topic literal write",
      "User:s topic:shop.o prefixed all",
      "User:s topic:shop.o.in literal read",
      "User:s topic:shop.o.out literal write",
    ]);
    expect(estate.applications?.get("User:s")).toEqual({
      kind: "streams",
      applicationId: "shop.o",
      exactlyOnce: false,
    });
  });

  it("with exactly-once and an observer: transactional ids under the application id; observers read and describe", () => {
    const estate = estateOf(
      file(`projects:
  - name: "o"
    streams:
      - principal: "User:s"
        applicationId: "enricher"
        exactlyOnce: true
        observerPrincipals:
          - principal: "User:watch"
        topics:
          read: ["shop.o.in"]
`),
    );
    expect(bindingLines(estate)).toEqual([
      "User:s group:enricher prefixed read",
      "User:s topic:enricher prefixed all",
      "User:s topic:shop.o.in literal read",
      "User:s transactional-id:enricher prefixed describe",
      "User:s transactional-id:enricher prefixed write",
      "User:watch group:enricher prefixed read",
      "User:watch topic:enricher prefixed describe",
      "User:watch topic:enricher prefixed read",
      "User:watch transactional-id:enricher prefixed describe",
    ]);
    expect(estate.applications?.get("User:s")).toEqual({
      kind: "streams",
      applicationId: "enricher",
      exactlyOnce: true,
    });
    expect(estate.report.find((r) => r.kind === "acl" && r.name === "User:s")?.outcome).toBe("skipped");
  });
});

describe("connectors", () => {
  it("with defaults: read/write on connect-status/-offsets/-configs, create on the cluster, read on connect-cluster", () => {
    const estate = estateOf(
      file(`projects:
  - name: "o"
    connectors:
      - principal: "User:c"
        topics:
          read: ["shop.o.in"]
          write: ["shop.o.out"]
`),
    );
    expect(bindingLines(estate)).toEqual([
      "User:c cluster:kafka-cluster literal create",
      "User:c group:connect-cluster literal read",
      "User:c topic:connect-configs literal read",
      "User:c topic:connect-configs literal write",
      "User:c topic:connect-offsets literal read",
      "User:c topic:connect-offsets literal write",
      "User:c topic:connect-status literal read",
      "User:c topic:connect-status literal write",
      "User:c topic:shop.o.in literal read",
      "User:c topic:shop.o.out literal write",
    ]);
    expect(estate.applications?.get("User:c")).toEqual({
      kind: "connect",
      groupId: "connect-cluster",
      configStorageTopic: "connect-configs",
      offsetStorageTopic: "connect-offsets",
      statusStorageTopic: "connect-status",
    });
  });

  it("reads the access_control form with its own group and topics, and reports artefacts", () => {
    const estate = estateOf(
      file(`projects:
  - name: "o"
    connectors:
      access_control:
        - principal: "User:c"
          group: "g*"
          status_topic: "s"
          offset_topic: "off"
          configs_topic: "cfg"
      artefacts:
        - path: "connectors/sink.json"
          server: "connect"
          name: "sink"
`),
    );
    expect(bindingLines(estate).filter((l) => l.includes("group:") || l.includes(":cfg"))).toEqual([
      "User:c group:g* literal read",
      "User:c topic:cfg literal read",
      "User:c topic:cfg literal write",
    ]);
    expect(estate.report.find((r) => r.name === "artefacts")).toMatchObject({ kind: "service", outcome: "skipped" });
  });
});
