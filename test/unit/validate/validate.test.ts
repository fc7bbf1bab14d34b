import { describe, expect, it } from "vitest";
import { readDesiredFiles } from "../../../src/app/load-desired.js";
import { validateDesiredState } from "../../../src/app/validate.js";
import type { Diagnostic } from "../../../src/core/diagnostics/index.js";
import { memoryFiles } from "../../helpers/memory-files.js";

async function validate(
  files: Record<string, string>,
  options: { environment?: string; variables?: Record<string, string> } = {},
) {
  return validateDesiredState(
    {
      paths: [],
      ...(options.environment ? { environment: options.environment } : {}),
      variables: options.variables ?? {},
    },
    memoryFiles(files),
  );
}

/** code@line:column, the compact form these tests assert on. */
function where(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics
    .map(
      (d) =>
        `${d.code}@${d.source ? `${d.source.file}:${d.source.start.line}:${d.source.start.column}` : (d.path ?? "-")}`,
    )
    .sort();
}

const base = `version: 1
settings:
  defaults: { topic: { partitions: 3, replicationFactor: 3, config: { min.insync.replicas: "2" } } }
`;

describe("kgov validate pipeline", () => {
  it("accepts a clean estate with no findings", async () => {
    const result = await validate({
      "kgov.yaml": `${base}topics:
  orders.v1:
    config: { retention.ms: 604800000, cleanup.policy: delete }
services:
  order: { principal: "User:svc-order", produces: [orders.v1], groups: [order] }
acls:
  - { principal: "User:svc-order", resource: { type: topic, name: orders., pattern: prefixed }, operations: [describe-configs] }
`,
    });
    expect(result.diagnostics).toEqual([]);
    expect(result.summary).toEqual({ files: 1, topics: 1, services: 1, acls: 1, schemas: 0 });
  });

  it("reports every problem in one run, each at its line and column", async () => {
    const result = await validate({
      "kgov.yaml": `${base}topics:
  orders.v1:
    partitions: 0
    config: { retention.msec: 1000, cleanup.policy: destroy }
  payments.v1:
    replicationFactor: 1
services:
  order: { principal: svc-order, produces: [orders.v2] }
acls:
  - { principal: "User:a", resource: { type: group, name: g }, operations: [write] }
`,
    });
    expect(where(result.diagnostics)).toEqual([
      "acl/invalid-operation@kgov.yaml:13:77",
      "acl/invalid-principal@kgov.yaml:11:23",
      "acl/outside-scope@kgov.yaml:13:5",
      "format/invalid-value@kgov.yaml:6:17",
      "reference/undeclared-topic@kgov.yaml:11:45",
      "topic/invalid-config-value@kgov.yaml:7:53",
      "topic/min-isr-above-rf@kgov.yaml:3:92",
      "topic/unknown-config@kgov.yaml:7:15",
    ]);
    const unknown = result.diagnostics.find((d) => d.code === "topic/unknown-config");
    expect(unknown?.fix).toContain("retention.ms");
  });

  it("finds duplicate keys inside a file and duplicate topics across files", async () => {
    const result = await validate({
      "kgov.d/a.yaml":
        "version: 1\ntopics:\n  t.v1: { partitions: 1, replicationFactor: 1 }\n  t.v1: { partitions: 2, replicationFactor: 1 }\n",
      "kgov.d/b.yaml": "version: 1\ntopics:\n  u.v1: { partitions: 1, replicationFactor: 1 }\n",
      "kgov.d/c.yaml": "version: 1\ntopics:\n  u.v1: { partitions: 1, replicationFactor: 1 }\n",
    });
    expect(where(result.diagnostics)).toEqual([
      "format/duplicate-key@kgov.d/a.yaml:4:3",
      "format/duplicate-topic@kgov.d/c.yaml:3:3",
    ]);
    expect(result.diagnostics.find((d) => d.code === "format/duplicate-topic")?.why).toContain("kgov.d/b.yaml:3:3");
  });

  it("warns when min.insync.replicas equals a replication factor above 1", async () => {
    const result = await validate({
      "kgov.yaml": `${base}topics:\n  a.v1: { replicationFactor: 2 }\n  b.v1: { replicationFactor: 1, config: { min.insync.replicas: 1 } }\n`,
    });
    expect(where(result.diagnostics)).toEqual(["topic/min-isr-equals-rf@kgov.yaml:3:92"]);
    expect(result.diagnostics[0]?.severity).toBe("warning");
  });

  it("applies policies: name pattern, bounds and single writer", async () => {
    const result = await validate({
      "kgov.yaml": `version: 1
settings:
  defaults: { topic: { partitions: 3, replicationFactor: 3 } }
  policies: { topicName: '^[a-z]+\\.[a-z-]+\\.v[0-9]+$', replicationFactor: { min: 3 }, partitions: { max: 12 }, singleWriter: true }
topics:
  shop.orders.v1: { partitions: 24 }
  Shop_Orders: { replicationFactor: 2 }
services:
  a: { principal: "User:a", produces: [shop.orders.v1] }
  b: { principal: "User:b", produces: [shop.orders.v1] }
`,
    });
    expect(where(result.diagnostics)).toEqual([
      "policy/partitions@kgov.yaml:6:33",
      "policy/replication-factor@kgov.yaml:7:37",
      "policy/single-writer@kgov.yaml:10:40",
      "policy/topic-name@kgov.yaml:7:3",
    ]);
  });

  it("applies an environment's overrides, most specific pattern last", async () => {
    const files = {
      "kgov.yaml": `${base}environments:
  dev:
    kafka: { bootstrapServers: "\${env:DEV_BOOTSTRAP}" }
    overrides:
      topics:
        "*": { replicationFactor: 1, config: { min.insync.replicas: "1" } }
        "orders.*": { partitions: 1 }
        orders.v1: { partitions: 2 }
topics:
  orders.v1: {}
  orders.v2: {}
  other.v1: {}
`,
    };
    expect(where((await validate(files)).diagnostics)).toEqual([]);
    const unset = await validate(files, { environment: "dev" });
    expect(where(unset.diagnostics)).toEqual(["format/unset-variable@kgov.yaml:6:32"]);
    expect(unset.diagnostics[0]?.message).toContain("DEV_BOOTSTRAP");
    const ok = await validate(files, { environment: "dev", variables: { DEV_BOOTSTRAP: "secret-host:9092" } });
    expect(ok.diagnostics).toEqual([]);
    expect(JSON.stringify(ok)).not.toContain("secret-host");
  });

  it("reports an unknown --env as a finding with a suggestion", async () => {
    const result = await validate({ "kgov.yaml": `${base}environments:\n  prod: {}\n` }, { environment: "prd" });
    expect(where(result.diagnostics)).toEqual(["format/unknown-environment@-"]);
    expect(result.diagnostics[0]?.fix).toContain("prod");
  });

  it("rejects Kafka-internal topics and names outside the scope", async () => {
    const result = await validate({
      "kgov.yaml": `${base.replace("settings:\n", "settings:\n  scope: { topicPrefixes: [shop.] }\n")}topics:\n  __consumer_offsets: {}\n  other.v1: {}\n`,
    });
    expect(where(result.diagnostics)).toEqual([
      "topic/internal-topic@kgov.yaml:6:3",
      "topic/outside-scope@kgov.yaml:7:3",
    ]);
  });

  it("reports unknown fields with a did-you-mean and missing required fields", async () => {
    const result = await validate({ "kgov.yaml": "topics:\n  a.v1: { partitons: 3, replicationFactor: 1 }\n" });
    expect(where(result.diagnostics)).toEqual([
      "format/missing-field@kgov.yaml:1:1",
      "format/unknown-field@kgov.yaml:2:11",
      "topic/missing-partitions@kgov.yaml:2:3",
    ]);
    expect(result.diagnostics.find((d) => d.code === "format/unknown-field")?.fix).toBe("Did you mean `partitions`?");
  });

  it("reports missing schema files at the binding", async () => {
    const result = await validate({
      "kgov.yaml": `${base}topics:\n  a.v1:\n    schemas: { value: { file: schemas/A.avsc } }\n`,
    });
    expect(where(result.diagnostics)).toEqual(["schema/missing-file@kgov.yaml:6:31"]);
    expect(result.diagnostics[0]?.message).toContain("schemas/A.avsc");
  });

  it("checks schema files referenced by any file, even through a key that spells `schemas` with escapes", async () => {
    const result = await validate({
      "kgov.d/1-acls.yaml": `${base}acls: []\n`,
      "kgov.d/2-escaped.yaml": `version: 1\ntopics:\n  b.v1:\n    "sch\\x65mas": { value: { file: ../avro/B.avsc } }\n`,
      "kgov.d/3-plain.yaml": `version: 1\ntopics:\n  c.v1:\n    schemas: { value: { file: ../schemas/C.avsc } }\n`,
      "avro/B.avsc": `{"type": "record", "name": "B", "fields": [{"name": "x", "type": "strin"}]}`,
    });
    // An .avsc name it does not define may be another subject's type, so a typo is an unresolved reference.
    expect(where(result.diagnostics)).toEqual([
      "schema/missing-file@kgov.d/3-plain.yaml:4:31",
      "subject/reference-unresolved@avro/B.avsc:1:66",
    ]);
    expect(result.diagnostics.find((d) => d.code === "subject/reference-unresolved")?.fix).toMatch(
      /^Did you mean `string`\?/,
    );
    expect(result.summary.schemas).toBe(2);
  });

  it("parses the files that can reference schema files first, and keeps every result in the files' order", async () => {
    const files = memoryFiles({
      "kgov.d/1.yaml": "version: 1\nacls: []\n",
      "kgov.d/2.yaml": "topics: { a.v1: { schemas: { value: { file: A.avsc } } } }\n",
      "kgov.d/3.yaml": "topics: { b.v1: { partitions: 0 } }\nbroken: [\n",
      "kgov.d/4.yaml": "# only a comment\n",
    });
    const first: string[][] = [];
    const read = await readDesiredFiles({ paths: [], variables: {} }, files, (parsed) =>
      first.push(parsed.map((f) => f.path)),
    );
    expect(first).toEqual([["kgov.d/2.yaml"]]);
    expect(read.parsed.map((f) => f.path)).toEqual(["kgov.d/1.yaml", "kgov.d/2.yaml"]);
    expect(read.diagnostics.map((d) => `${d.code}@${d.source?.file}`)).toEqual([
      "format/yaml-syntax@kgov.d/3.yaml",
      "format/empty-file@kgov.d/4.yaml",
    ]);
  });

  it("says when there are no files at all", async () => {
    const result = await validate({});
    expect(where(result.diagnostics)).toEqual(["format/no-files@-"]);
  });
});

describe("services: prefixes, Streams and Connect", () => {
  const estate = `version: 1
settings:
  defaults: { topic: { partitions: 3, replicationFactor: 1 } }
  policies: { singleWriter: true }
topics:
  shop.orders.order-requested.v1: {}
  shop.orders.order-validated.v1: {}
`;

  it("accepts prefixed references to undeclared topics, a Streams app and a Connect worker", async () => {
    const result = await validate({
      "kgov.yaml": `${estate}services:
  order: { principal: "User:svc-order", produces: [shop.orders.order-validated.v1], consumes: [{ prefix: shop.basket. }], groups: [{ prefix: shop.order- }] }
  enricher: { principal: "User:svc-enricher", streams: { applicationId: shop.enricher, exactlyOnce: true }, consumes: [shop.orders.order-requested.v1] }
  connect: { principal: "User:svc-connect", connect: { groupId: shop.connect, configStorageTopic: connect-configs, offsetStorageTopic: connect-offsets, statusStorageTopic: connect-status } }
`,
    });
    expect(result.diagnostics).toEqual([]);
  });

  it("requires literal references to be declared, and suggests the closest name or a prefix", async () => {
    const result = await validate({
      "kgov.yaml": `${estate}services:
  order: { principal: "User:svc-order", consumes: [shop.orders.order-validated.v2, shop.basket.v1] }
`,
    });
    expect(where(result.diagnostics)).toEqual([
      "reference/undeclared-topic@kgov.yaml:9:52",
      "reference/undeclared-topic@kgov.yaml:9:84",
    ]);
    expect(result.diagnostics.map((d) => d.fix)).toEqual([
      "Did you mean `shop.orders.order-validated.v1`?",
      "Declare `shop.basket.v1` under topics, fix the name, or write `{prefix: shop.basket.v1}` for a prefix.",
    ]);
  });

  it("refuses a prefix that overlaps a topic or prefix another service writes, under the single-writer policy", async () => {
    const result = await validate({
      "kgov.yaml": `${estate}services:
  order: { principal: "User:svc-order", produces: [shop.orders.order-validated.v1] }
  rogue: { principal: "User:svc-rogue", produces: [{ prefix: shop.orders. }] }
  mirror: { principal: "User:svc-mirror", produces: [{ prefix: shop. }] }
  app: { principal: "User:svc-app", streams: { applicationId: shop.orders.order } }
`,
    });
    expect(where(result.diagnostics)).toEqual([
      "policy/single-writer@kgov.yaml:10:52",
      "policy/single-writer@kgov.yaml:11:54",
      "policy/single-writer@kgov.yaml:11:54",
      "policy/single-writer@kgov.yaml:12:37",
      "policy/single-writer@kgov.yaml:12:37",
      "policy/single-writer@kgov.yaml:12:37",
    ]);
    expect(result.diagnostics.map((d) => d.message)).toContain(
      "service `rogue` writes to every topic starting with `shop.orders.`, which overlaps topic `shop.orders.order-validated.v1` written by service `order`",
    );
  });

  it("allows overlapping writers when the single-writer policy is off", async () => {
    const result = await validate({
      "kgov.yaml": `${estate.replace("singleWriter: true", "singleWriter: false")}services:
  order: { principal: "User:svc-order", produces: [shop.orders.order-validated.v1] }
  rogue: { principal: "User:svc-rogue", produces: [{ prefix: shop.orders. }] }
`,
    });
    expect(result.diagnostics).toEqual([]);
  });

  it("rejects a malformed prefix reference or Streams block at its place", async () => {
    const result = await validate({
      "kgov.yaml": `${estate}services:
  order: { principal: "User:svc-order", consumes: [{ prefx: shop. }], streams: { exactlyOnce: true } }
`,
    });
    expect(result.diagnostics.map((d) => d.code)).toContain("format/unknown-field");
    expect(result.diagnostics.every((d) => d.source?.start.line === 9)).toBe(true);
  });

  it("warns once per raw-ACL principal that kgov does not own, never for owned ones", async () => {
    const result = await validate({
      "kgov.yaml": `version: 1
settings:
  scope: { principals: ["User:team-"] }
services:
  order: { principal: "User:svc-order" }
acls:
  - { principal: "User:ops", resource: { type: topic, name: "*" }, operations: [describe] }
  - { principal: "User:ops", resource: { type: group, name: "*" }, operations: [describe] }
  - { principal: "User:team-a", resource: { type: topic, name: "*" }, operations: [describe] }
  - { principal: "User:svc-order", resource: { type: cluster }, operations: [describe] }
`,
    });
    expect(where(result.diagnostics)).toEqual(["acl/outside-scope@kgov.yaml:7:5"]);
    expect(result.diagnostics[0]?.severity).toBe("warning");
  });
});

describe("policies and environment overrides", () => {
  const files = {
    "kgov.yaml": `version: 1
settings:
  defaults: { topic: { partitions: 3, replicationFactor: 3 } }
  policies: { replicationFactor: { min: 3 } }
environments:
  dev: { overrides: { topics: { "*": { replicationFactor: 1 } } } }
topics:
  a.v1: {}
  b.v1: { replicationFactor: 2 }
`,
  };

  it("exempts values set by the selected environment's overrides from the size policies", async () => {
    const result = await validateDesiredState({ paths: [], environment: "dev", variables: {} }, memoryFiles(files));
    expect(result.diagnostics).toEqual([]);
  });

  it("still applies them without --env", async () => {
    const result = await validateDesiredState({ paths: [], variables: {} }, memoryFiles(files));
    expect(result.diagnostics.map((d) => d.code)).toEqual(["policy/replication-factor"]);
  });
});

describe("override globs and the name policy", () => {
  it("matches `*` anywhere in an override key and the policy against the whole name", async () => {
    const result = await validateDesiredState(
      { paths: [], environment: "dev", variables: {} },
      memoryFiles({
        "kgov.yaml": `version: 1
settings:
  defaults: { topic: { partitions: 3, replicationFactor: 1 } }
  policies: { topicName: 'shop\\..*', partitions: { max: 6 } }
environments:
  dev: { overrides: { topics: { "shop.*.v1": { partitions: 24 } } } }
topics:
  shop.orders.v1: { partitions: 6 }
  shop.orders.v2: { partitions: 12 }
  legacy.shop.x: {}
`,
      }),
    );
    // shop.orders.v1 got 24 partitions from the glob (exempt from the bound); v2 did not match and breaks it.
    expect(result.diagnostics.map((d) => `${d.code} ${d.message}`).sort()).toEqual([
      "policy/partitions partitions 12 of `shop.orders.v2` breaks the policy (≤ 6)",
      "policy/topic-name topic name `legacy.shop.x` does not match the naming policy",
    ]);
  });
});
