import { describe, expect, it } from "vitest";
import { convert } from "./helpers.js";

const located = (files: Record<string, string>) =>
  convert(files).diagnostics.map(
    (d) => `${d.code} ${d.source?.file}:${d.source?.start.line}:${d.source?.start.column}`,
  );

describe("invalid kafka-gitops input", () => {
  it("collects every problem of every file, each located at its value", () => {
    const result = convert({
      "state.yaml": `
settings:
  files: { services: services.yaml }
  topics: { defaults: { replication: 0 } }
topics:
  t:
    partitions: six
    replicas: 3
users:
  u:
    roles: [admin]
customUserAcls:
  u:
    x: { name: t, type: topic, pattern: LITERAL, operation: READ, permission: ALLOW }
`,
      "services.yaml": `
services:
  a: { type: spark, principal: User:a }
  b: { principal: User:b }
  c: { type: application, produces: orders }
  d: { type: kafka-streams }
`,
    });
    expect(result.estate).toBeUndefined();
    expect(result.diagnostics.every((d) => d.why && d.fix)).toBe(true);
    expect(
      result.diagnostics.map((d) => `${d.source?.file}:${d.source?.start.line}:${d.source?.start.column} ${d.message}`),
    ).toEqual([
      "state.yaml:4:38 the default replication factor must be at least 1",
      "state.yaml:8:5 unknown field `replicas` in topic `t`",
      "state.yaml:7:17 the partitions of topic `t` must be a whole number, not the text `six`",
      "state.yaml:11:13 unknown role `admin`",
      "state.yaml:14:8 `host` of custom ACL `x` is missing",
      "state.yaml:14:25 `type` `topic` is not one of TOPIC, GROUP, CLUSTER, TRANSACTIONAL_ID, DELEGATION_TOKEN, USER",
      "services.yaml:3:14 service `a` has the unknown type `spark`",
      "services.yaml:4:6 the `type` of service `b` is missing",
      "services.yaml:5:37 `produces` of service `c` must be a list, not the text `orders`",
      "services.yaml:6:3 service `d` has no `principal`",
      "state.yaml:10:3 user `u` has no `principal`",
    ]);
  });

  it("passes YAML syntax errors through from parseYaml, for every file", () => {
    expect(located({ "a.yaml": "topics: [", "b.yaml": "topics:\n  t: {partitions: 1\n" })).toEqual([
      expect.stringMatching(/^format\/yaml-syntax a\.yaml:/),
      expect.stringMatching(/^format\/yaml-syntax b\.yaml:/),
    ]);
  });

  it("rejects an empty file, a list at the top and an unknown section", () => {
    expect(convert({ "state.yaml": "" }).diagnostics.map((d) => d.message)).toEqual(["the state file is empty"]);
    expect(convert({ "state.yaml": "- a\n" }).diagnostics.map((d) => d.message)).toEqual([
      "`state.yaml` must be a mapping, not a list",
    ]);
    expect(convert({ "state.yaml": "acls: {}\n" }).diagnostics[0]?.message).toBe(
      "unknown field `acls` in `state.yaml`",
    );
  });

  it("is a diagnostic without a source when no file is given", () => {
    expect(convert({}).diagnostics.map((d) => d.message)).toEqual(["no kafka-gitops state file was given"]);
  });
});
