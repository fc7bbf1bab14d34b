import { describe, expect, it } from "vitest";
import { bindingSet, estateOf, keysOf } from "./helpers.js";

/** One state file: `settings` (optional) and the rest of the YAML body. */
const state = (body: string, describeTopic?: boolean) =>
  estateOf({
    "state.yaml":
      (describeTopic === undefined
        ? ""
        : `settings:\n  services:\n    acls:\n      describeTopicEnabled: ${describeTopic}\n`) + body,
  });

const APPLICATION = `
services:
  orders:
    type: application
    principal: User:orders
    produces: [a, b]
    consumes: [b, c]
`;

describe("kafka-gitops ACLs per service type", () => {
  it("application: WRITE produced, READ consumed, READ on the service-named group", () => {
    expect(bindingSet(state(APPLICATION))).toEqual(
      keysOf([
        "User:orders topic literal a write",
        "User:orders topic literal b write",
        "User:orders topic literal b read",
        "User:orders topic literal c read",
        "User:orders group literal orders read",
      ]),
    );
  });

  it("application with describeTopicEnabled: DESCRIBE once per topic it uses", () => {
    const estate = state(APPLICATION, true);
    expect(bindingSet(estate)).toEqual(
      keysOf([
        "User:orders topic literal a write",
        "User:orders topic literal b write",
        "User:orders topic literal b read",
        "User:orders topic literal c read",
        "User:orders topic literal a describe",
        "User:orders topic literal b describe",
        "User:orders topic literal c describe",
        "User:orders group literal orders read",
      ]),
    );
    expect(estate.bindings).toHaveLength(8);
    expect(bindingSet(state(APPLICATION, false))).toEqual(bindingSet(state(APPLICATION)));
  });

  it("application: a custom group-id, and no group at all when it only produces", () => {
    const estate = state(`
services:
  p:
    type: application
    principal: User:p
    group-id: shop.p
    consumes: [a]
  q:
    type: application
    principal: User:q
    group-id: never-used
    produces: [a]
  idle:
    type: application
`);
    expect(bindingSet(estate)).toEqual(
      keysOf(["User:p topic literal a read", "User:p group literal shop.p read", "User:q topic literal a write"]),
    );
    expect(estate.applications?.size).toBe(0);
  });

  it("kafka-streams: topics, prefixed internal topics, the application-id group and cluster DESCRIBE_CONFIGS", () => {
    const estate = state(
      `
services:
  enricher:
    type: kafka-streams
    principal: User:enricher
    application-id: shop.enricher
    consumes: [in]
    produces: [out]
`,
      true,
    );
    const internal = ["read", "write", "describe", "delete", "create", "alter", "alter-configs", "describe-configs"];
    expect(bindingSet(estate)).toEqual(
      keysOf([
        "User:enricher topic literal out write",
        "User:enricher topic literal in read",
        "User:enricher topic literal in describe",
        "User:enricher topic literal out describe",
        ...internal.map((op) => `User:enricher topic prefixed shop.enricher ${op}`),
        "User:enricher group literal shop.enricher read",
        "User:enricher group literal shop.enricher describe",
        "User:enricher group literal shop.enricher delete",
        "User:enricher cluster literal kafka-cluster describe-configs",
      ]),
    );
    expect(estate.applications?.get("User:enricher")).toEqual({
      kind: "streams",
      applicationId: "shop.enricher",
      exactlyOnce: false,
    });
  });

  it("kafka-streams without application-id uses the service name", () => {
    const estate = state("services:\n  s:\n    type: kafka-streams\n    principal: User:s\n");
    expect(bindingSet(estate)).toContain(keysOf(["User:s topic prefixed s create"])[0]);
    expect(estate.applications?.get("User:s")).toMatchObject({ applicationId: "s" });
  });

  it("kafka-connect: storage topics (defaults and overrides), worker group, connector topics and groups", () => {
    const estate = state(
      `
services:
  cc:
    type: kafka-connect
    principal: User:cc
    group-id: shop.cc
    storage-topics:
      offset: shop.cc.offsets
    produces: [w]
    connectors:
      src:
        produces: [x]
      sink:
        consumes: [y]
`,
      true,
    );
    expect(bindingSet(estate)).toEqual(
      keysOf([
        "User:cc topic literal w write",
        "User:cc topic literal w describe",
        "User:cc topic literal connect-configs-cc read",
        "User:cc topic literal connect-configs-cc write",
        "User:cc topic literal shop.cc.offsets read",
        "User:cc topic literal shop.cc.offsets write",
        "User:cc topic literal connect-status-cc read",
        "User:cc topic literal connect-status-cc write",
        "User:cc group literal shop.cc read",
        "User:cc topic literal x write",
        "User:cc topic literal x describe",
        "User:cc topic literal y read",
        "User:cc topic literal y describe",
        "User:cc group literal connect-sink read",
      ]),
    );
    expect(estate.applications?.get("User:cc")).toEqual({
      kind: "connect",
      groupId: "shop.cc",
      configStorageTopic: "connect-configs-cc",
      offsetStorageTopic: "shop.cc.offsets",
      statusStorageTopic: "connect-status-cc",
    });
  });
});

describe("kafka-gitops users and custom ACLs", () => {
  it("roles reader, writer, operator (any case) and custom ACLs inheriting the user's principal", () => {
    const estate = state(`
users:
  ann:
    principal: User:ann
    roles: [READER, writer, operator]
customUserAcls:
  ann:
    txn:
      name: ann-
      type: TRANSACTIONAL_ID
      pattern: PREFIXED
      host: "*"
      operation: DESCRIBE
      permission: DENY
    other-principal:
      name: t
      type: TOPIC
      pattern: LITERAL
      host: 10.0.0.1
      principal: User:robot
      operation: ALTER_CONFIGS
      permission: ALLOW
`);
    expect(bindingSet(estate)).toEqual(
      [
        ...keysOf([
          "User:ann topic literal * read",
          "User:ann group literal * read",
          "User:ann topic literal * write",
          "User:ann cluster literal kafka-cluster describe",
          "User:ann topic literal * describe",
          "User:ann topic literal * describe-configs",
          "User:ann group literal * describe",
          "User:ann transactional-id prefixed ann- describe deny",
        ]),
        ["User:robot", "10.0.0.1", "topic", "literal", "t", "alter-configs", "allow"].join("\0"),
      ].sort(),
    );
    // reader and operator both grant READ on every group: one binding.
    expect(estate.bindings).toHaveLength(9);
    expect(estate.serviceNames.get("User:ann")).toBe("ann");
  });

  it("reports custom ACLs of undeclared owners and MATCH patterns instead of converting them", () => {
    const estate = state(`
services:
  s:
    type: application
    principal: User:s
customServiceAcls:
  s:
    m:
      { name: x, type: TOPIC, pattern: MATCH, host: "*", principal: User:s, operation: READ, permission: ALLOW }
  ghost:
    g:
      { name: x, type: TOPIC, pattern: LITERAL, host: "*", principal: User:g, operation: READ, permission: ALLOW }
`);
    expect(estate.bindings).toEqual([]);
    expect(estate.report.filter((r) => r.kind === "acl").map((r) => [r.name, r.outcome])).toEqual([
      ["m", "skipped"],
      ["ghost", "skipped"],
    ]);
  });

  it("Confluent Cloud: no bindings, each service and user reported, no principal owned", () => {
    const estate = estateOf({
      "state.yaml": `
settings:
  ccloud:
    enabled: true
services:
  s: { type: application, produces: [t] }
users:
  u: { roles: [reader] }
`,
    });
    expect(estate.bindings).toEqual([]);
    expect(estate.scope.principals).toEqual([]);
    expect(estate.report.filter((r) => r.outcome === "skipped").map((r) => `${r.kind}:${r.name}`)).toEqual([
      "service:s",
      "user:u",
    ]);
  });

  it("deduplicates identical bindings and keeps the first source", () => {
    const estate = state(`
services:
  a: { type: application, principal: User:x, produces: [t] }
  b: { type: application, principal: User:x, produces: [t] }
`);
    expect(estate.bindings).toHaveLength(1);
    expect(estate.bindings[0]?.source?.start.line).toBe(3);
    expect(estate.serviceNames.get("User:x")).toBe("a");
    expect(estate.report.find((r) => r.kind === "service")).toMatchObject({ name: "b", outcome: "info" });
  });
});
