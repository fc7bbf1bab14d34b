/**
 * `kgov import`'s round-trip guarantee on the real broker (SASL/SCRAM, StandardAuthorizer) and the real Apicurio
 * registry: an estate seeded behind kgov's back (topics with configs, service-shaped and odd ACLs — prefixed,
 * DENY, another host, the cluster resource —, Avro, JSON Schema and Protobuf subjects with references and a level)
 * is imported, and `kgov plan` over the written files, with deletions allowed, prints "No changes.". One edit in the
 * files then plans exactly that change; a second import refuses to overwrite; nothing is ever written to Kafka or
 * the registry by import.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  AclOperations,
  AclPermissionTypes,
  ResourcePatternTypes,
  ResourceTypes,
  type Acl,
  type Admin,
} from "@platformatic/kafka";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { uniqueName, useKafka, useRegistry, type KafkaTarget } from "../../helpers/servers.js";
import { adminFor, Project } from "../plan-apply/support.js";
import { Registry } from "../subjects/support.js";

const P = `${uniqueName("imp")}.`;
const principal = (name: string) => `User:${P}${name}`;
const acl = (
  who: string,
  resourceType: Acl["resourceType"],
  resourceName: string,
  operation: Acl["operation"],
  more: { prefixed?: boolean; deny?: boolean; host?: string } = {},
): Acl => ({
  principal: principal(who),
  resourceType,
  resourceName,
  resourcePatternType: more.prefixed ? ResourcePatternTypes.PREFIXED : ResourcePatternTypes.LITERAL,
  host: more.host ?? "*",
  operation,
  permissionType: more.deny ? AclPermissionTypes.DENY : AclPermissionTypes.ALLOW,
});
const { TOPIC, GROUP, CLUSTER } = ResourceTypes;
const { READ, WRITE, DESCRIBE, CREATE, DELETE, DESCRIBE_CONFIGS } = AclOperations;

const placed = `${P}orders.placed.v1`;
const state = `${P}orders.state.v1`;
const payments = `${P}payments.captured.v1`;
const changelog = `${P}app-store-changelog`;

const BINDINGS: Acl[] = [
  // order: a producer
  acl("order", TOPIC, placed, WRITE),
  acl("order", TOPIC, placed, DESCRIBE),
  // ship: a consumer with a group, denied the payments topic
  acl("ship", TOPIC, placed, READ),
  acl("ship", TOPIC, placed, DESCRIBE),
  acl("ship", GROUP, `${P}ship`, READ),
  acl("ship", TOPIC, payments, READ, { deny: true }),
  // app: a Streams application reading one topic
  acl("app", GROUP, `${P}app`, READ),
  ...[CREATE, READ, WRITE, DELETE, DESCRIBE, DESCRIBE_CONFIGS].map((op) =>
    acl("app", TOPIC, `${P}app-`, op, { prefixed: true }),
  ),
  acl("app", TOPIC, placed, READ),
  acl("app", TOPIC, placed, DESCRIBE),
  // ops: nothing a service generates
  acl("ops", TOPIC, P, DESCRIBE, { prefixed: true, host: "10.0.0.7" }),
  acl("ops", CLUSTER, "kafka-cluster", DESCRIBE),
  acl("ops", TOPIC, state, WRITE),
];

const MONEY_AVRO = JSON.stringify({
  type: "record",
  name: "Money",
  namespace: "imp.shared",
  fields: [
    { name: "cents", type: "long" },
    { name: "currency", type: "string", default: "EUR" },
  ],
});
const ORDER_AVRO = JSON.stringify({
  type: "record",
  name: "OrderPlaced",
  namespace: "imp.orders",
  fields: [
    { name: "id", type: "string" },
    { name: "total", type: "imp.shared.Money" },
  ],
});
const ADDRESS_JSON = JSON.stringify({
  $schema: "http://json-schema.org/draft-07/schema#",
  title: "Address",
  type: "object",
  properties: { street: { type: "string" } },
});
const STATE_JSON = JSON.stringify({
  $schema: "http://json-schema.org/draft-07/schema#",
  title: "OrderState",
  type: "object",
  properties: { id: { type: "string" }, shipTo: { $ref: "address.json" } },
});
const AMOUNT_PROTO = `syntax = "proto3";
package imp.common;

message Amount {
  int64 cents = 1;
}
`;
const CAPTURED_PROTO = `syntax = "proto3";
package imp.payments;

import "common/amount.proto";

message PaymentCaptured {
  string id = 1;
  imp.common.Amount amount = 2;
}
`;

// The registry does not depend on the Kafka line, so this runs in the real-kafka4 project only.
describe.runIf(inject("kafkaLine") === "4")("kgov import round trip (real-kafka4 project only)", () => {
  let kafka: KafkaTarget;
  let admin: Admin;
  let project: Project;
  let registry: Registry;
  let registryUrl: string;

  beforeAll(async () => {
    kafka = await useKafka(1);
    registryUrl = (await useRegistry()).url;
    registry = new Registry(registryUrl);
    admin = adminFor(kafka);
    project = await Project.create(kafka, P);
    await admin.createTopics({
      topics: [placed],
      partitions: 3,
      replicas: 1,
      configs: [
        { name: "retention.ms", value: "604800000" },
        { name: "min.insync.replicas", value: "1" },
      ],
    });
    await admin.createTopics({
      topics: [state],
      partitions: 1,
      replicas: 1,
      configs: [{ name: "cleanup.policy", value: "compact" }],
    });
    await admin.createTopics({ topics: [payments, changelog], partitions: 1, replicas: 1 });
    await admin.createAcls({ creations: BINDINGS });
    await registry.register(`${P}shared.Money`, MONEY_AVRO);
    await registry.register(`${placed}-value`, ORDER_AVRO, {
      references: [{ name: "imp.shared.Money", subject: `${P}shared.Money`, version: 1 }],
    });
    await registry.register(`${P}address`, ADDRESS_JSON, { schemaType: "JSON" });
    await registry.register(`${state}-value`, STATE_JSON, {
      schemaType: "JSON",
      references: [{ name: "address.json", subject: `${P}address`, version: 1 }],
    });
    await registry.register(`${P}common.amount`, AMOUNT_PROTO, { schemaType: "PROTOBUF" });
    await registry.register(`${payments}-value`, CAPTURED_PROTO, {
      schemaType: "PROTOBUF",
      references: [{ name: "common/amount.proto", subject: `${P}common.amount`, version: 1 }],
    });
    await registry.setLevel(`${placed}-value`, "FULL_TRANSITIVE");
  }, 120_000);

  afterAll(async () => {
    await admin?.deleteAcls({ filters: BINDINGS }).catch(() => undefined);
    await admin?.close();
    await project?.dispose();
  });

  const env = () => ({ KGOV_REGISTRY_URL: registryUrl });
  const importArgs = [
    "import",
    "--out",
    "imported",
    "--topic-prefix",
    P,
    "--principal",
    `User:${P}`,
    "--subject-prefix",
    P,
  ];
  const plan = (extra: string[] = []) =>
    project.run(["plan", "-f", "imported", "--allow-delete", "--detailed-exitcode", ...extra], {
      env: { ...project.env(), ...env() },
    });

  it("imports the estate, and plans no changes over it", async () => {
    const imported = await project.run(importArgs, { env: { ...project.env(), ...env() } });
    expect(imported.exitCode, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(
      /Imported 3 topics, 3 services, 4 raw ACL entries \(18 bindings in all\) and 6 subjects/,
    );
    expect(imported.stdout).toContain(`topic ${changelog}: created and owned by the Kafka Streams application ${P}app`);

    const kgovYaml = await readFile(join(project.dir, "imported", "kgov.yaml"), "utf8");
    expect(kgovYaml).toContain(`topicPrefixes: [ ${P} ]`);
    const orders = await readFile(join(project.dir, "imported", "topics", `${P.slice(0, -1)}.orders.yaml`), "utf8");
    expect(orders).toContain("retention.ms: 604800000");
    expect(orders).toContain("compatibility: FULL_TRANSITIVE");
    expect(orders).not.toContain("segment.bytes"); // inherited defaults are never imported
    expect(await readFile(join(project.dir, "imported", "schemas", "common", "amount.proto"), "utf8")).toContain(
      "message Amount",
    );

    const run = await plan();
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain("No changes.");
    // …and it did compare the subjects: every imported subject was read from the registry.
    const json = await plan(["--output", "json"]);
    const planned = JSON.parse(json.stdout) as { actions: unknown[]; registry?: { requests: number } };
    expect(planned.actions).toEqual([]);
    expect(planned.registry?.requests).toBeGreaterThanOrEqual(6);
  });

  it("plans exactly one change after one edit, and never overwrites without --force", async () => {
    const file = join(project.dir, "imported", "topics", `${P.slice(0, -1)}.orders.yaml`);
    const text = await readFile(file, "utf8");
    await writeFile(file, text.replace("retention.ms: 604800000", "retention.ms: 86400000"));
    const run = await plan(["--output", "json"]);
    expect(run.exitCode, run.stderr).toBe(2);
    const actions = (JSON.parse(run.stdout) as { actions: { type: string; topic?: string }[] }).actions;
    expect(actions.map((a) => `${a.type} ${a.topic}`)).toEqual([`topic.alter-config ${placed}`]);

    const again = await project.run(importArgs, { env: { ...project.env(), ...env() } });
    expect(again.exitCode).toBe(1);
    expect(again.stderr).toContain("import/existing-file");
    expect(await readFile(file, "utf8")).toContain("retention.ms: 86400000");
  });
});
