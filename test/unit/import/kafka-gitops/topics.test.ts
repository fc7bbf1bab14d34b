import { describe, expect, it } from "vitest";
import { convert, estateOf } from "./helpers.js";

describe("kafka-gitops topics", () => {
  it("takes a topic's own replication, else settings.topics.defaults.replication", () => {
    const estate = estateOf({
      "state.yaml": `
settings:
  topics:
    defaults:
      replication: 3
topics:
  own: { partitions: 6, replication: 2 }
  defaulted: { partitions: "4" }
`,
    });
    expect(estate.topics.map((t) => [t.name, t.partitions, t.replicationFactor])).toEqual([
      ["own", 6, 2],
      ["defaulted", 4, 3],
    ]);
    expect(estate.topicDefaults).toEqual({ replicationFactor: 3 });
  });

  it("without a default, every topic needs replication (one diagnostic per topic)", () => {
    const result = convert({ "state.yaml": "topics:\n  a:\n    partitions: 1\n  b:\n    partitions: 1\n" });
    expect(result.estate).toBeUndefined();
    expect(result.diagnostics.map((d) => [d.code, d.source?.start.line])).toEqual([
      ["import/invalid-source", 2],
      ["import/invalid-source", 4],
    ]);
  });

  it("writes configs as the text in the file, as kafka-gitops's Map<String, String> reads them", () => {
    const estate = estateOf({
      "state.yaml": `
topics:
  t:
    partitions: 1
    replication: 1
    configs:
      retention.bytes: 9223372036854775807
      min.cleanable.dirty.ratio: 0.50
      preallocate: true
      cleanup.policy: compact
`,
    });
    expect(estate.topics[0]?.config).toEqual({
      "retention.bytes": "9223372036854775807",
      "min.cleanable.dirty.ratio": "0.50",
      preallocate: "true",
      "cleanup.policy": "compact",
    });
    expect(estate.topicDefaults).toBeUndefined();
  });
});

describe("kafka-gitops deletion rules as a kgov scope", () => {
  it("owns the first name segment of each declared topic, narrowed where a blacklist prefix lies inside it", () => {
    const estate = estateOf({
      "state.yaml": `
settings:
  topics:
    defaults: { replication: 1 }
    blacklist:
      prefixed: [shop.legacy., _confluent]
topics:
  shop.orders.v1: { partitions: 1 }
  shop.legacy.export: { partitions: 1 }
  billing.invoices: { partitions: 1 }
  billing.refunds: { partitions: 1 }
  _confluent-metrics: { partitions: 1 }
  __internal: { partitions: 1 }
`,
    });
    expect(estate.scope.topicPrefixes).toEqual(["billing.", "shop.orders.v1"]);
    expect(estate.scope.principals).toEqual(["User:"]);
    const item = estate.report.find((r) => r.name === "settings.scope.topicPrefixes");
    expect(item).toMatchObject({ outcome: "changed", source: { file: "state.yaml", start: { line: 6 } } });
  });

  it("keeps a Kafka Streams service's name out of the scope, as kafka-gitops never deletes topics under it", () => {
    const estate = estateOf({
      "state.yaml": `
settings: { topics: { defaults: { replication: 1 } } }
topics:
  enricher: { partitions: 1 }
  enricher-output: { partitions: 1 }
  other: { partitions: 1 }
services:
  enrich: { type: kafka-streams, principal: User:e }
  enricher: { type: kafka-streams, principal: "Group:ops" }
`,
    });
    expect(estate.scope.topicPrefixes).toEqual(["other"]);
    expect(estate.scope.principals).toEqual(["Group:", "User:"]);
  });

  it("reports a declared name that is itself a prefix of an ignored one", () => {
    const estate = estateOf({
      "state.yaml": `
settings: { topics: { defaults: { replication: 1 }, blacklist: { prefixed: [logs.audit] } } }
topics:
  logs.app: { partitions: 1 }
  logs.aud: { partitions: 1 }
`,
    });
    expect(estate.scope.topicPrefixes).toEqual(["logs.app"]);
    expect(estate.report.find((r) => r.kind === "topic")).toMatchObject({ name: "logs.aud", outcome: "changed" });
  });
});
