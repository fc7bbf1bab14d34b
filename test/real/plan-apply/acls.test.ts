/**
 * Least privilege proven on the real SASL/SCRAM broker with StandardAuthorizer (Kafka 4.x and 3.9.x): services
 * declared in kgov's files get exactly the access they declare once `kgov apply` has run, and nothing else.
 *   carol — producer service;  dave — consumer service with a group (and a DENY on one topic);
 *   bob   — a Kafka Streams application;  alice — declared nowhere;  User:outsider — an unmanaged principal.
 */
import {
  AclOperations,
  AclPermissionTypes,
  Admin,
  Consumer,
  MessagesStreamModes,
  ProduceAcks,
  Producer,
  ResourcePatternTypes,
  ResourceTypes,
  stringDeserializers,
  stringSerializers,
  type Acl,
} from "@platformatic/kafka";
import { afterAll, beforeAll, expect, it } from "vitest";
import { clientOptions, uniqueName, useKafka, type KafkaTarget, type KafkaUser } from "../../helpers/servers.js";
import { adminFor, Project } from "./support.js";

let kafka: KafkaTarget;
let admin: Admin;
let project: Project;
const prefix = `${uniqueName("pa-acl")}.`;
const orders = `${prefix}orders`;
const secret = `${prefix}secret`;
const group = `${prefix}dave`;
const appId = `${prefix}app`;
const OWNED: readonly KafkaUser[] = ["bob", "carol", "dave"];

const outsiderBinding: Acl = {
  resourceType: ResourceTypes.TOPIC,
  resourceName: orders,
  resourcePatternType: ResourcePatternTypes.LITERAL,
  principal: "User:outsider",
  host: "*",
  operation: AclOperations.READ,
  permissionType: AclPermissionTypes.ALLOW,
};

/** Every binding of the principals this file owns, so earlier runs on the same broker leave nothing behind. */
async function clearOwnedBindings(): Promise<void> {
  await admin.deleteAcls({
    filters: [...OWNED.map((u) => `User:${u}`), "User:outsider"].map((principal) => ({
      resourceType: ResourceTypes.ANY,
      resourceName: null,
      resourcePatternType: ResourcePatternTypes.ANY,
      principal,
      host: null,
      operation: AclOperations.ANY,
      permissionType: AclPermissionTypes.ANY,
    })),
  });
}

function desired(withServices: { consumer: boolean }): string {
  const consumer = withServices.consumer
    ? `  consumer:
    principal: User:dave
    consumes: [${orders}, ${secret}]
    groups: [${group}]
`
    : "";
  // The principals are in the scope, so removing a service revokes its bindings instead of orphaning them.
  return `version: 1
settings:
  scope: { topicPrefixes: [${prefix}], principals: ["User:bob", "User:carol", "User:dave"] }
topics:
  ${orders}: { partitions: 1, replicationFactor: 1 }
  ${secret}: { partitions: 1, replicationFactor: 1 }
services:
  producer:
    principal: User:carol
    produces: [${orders}, ${secret}]
${consumer}  stream-app:
    principal: User:bob
    streams: { applicationId: ${appId} }
acls:
  - principal: User:dave
    resource: { type: topic, name: ${secret} }
    operations: [read]
    permission: deny
`;
}

/** "ok", or the error text when the broker refuses (authorization errors name the resource type). */
async function produceAs(user: KafkaUser, topic: string, value: string): Promise<string> {
  const producer = new Producer({
    ...clientOptions(kafka, user),
    serializers: stringSerializers,
    idempotent: true,
    retries: 0,
  });
  try {
    await producer.send({ messages: [{ topic, value }], acks: ProduceAcks.ALL });
    return "ok";
  } catch (error) {
    return errorText(error);
  } finally {
    await producer.close().catch(() => undefined);
  }
}

/** The first value read from the beginning in `groupId` (offsets committed), or the refusal's text. */
async function consumeAs(user: KafkaUser, topic: string, groupId: string): Promise<string> {
  const consumer = new Consumer({
    ...clientOptions(kafka, user),
    groupId,
    deserializers: stringDeserializers,
    retries: 0,
  });
  try {
    const stream = await consumer.consume({ topics: [topic], mode: MessagesStreamModes.EARLIEST, autocommit: false });
    const first = await Promise.race([
      (async () => {
        for await (const message of stream) {
          await message.commit();
          return `value:${message.value}`;
        }
        return "empty";
      })(),
      new Promise<string>((resolve) => setTimeout(() => resolve("timeout"), 15_000)),
    ]);
    await stream.close().catch(() => undefined);
    return first;
  } catch (error) {
    return errorText(error);
  } finally {
    await consumer.close(true).catch(() => undefined);
  }
}

async function createTopicAs(user: KafkaUser, topic: string): Promise<string> {
  const client = new Admin(clientOptions(kafka, user));
  try {
    await client.createTopics({ topics: [topic], partitions: 1, replicas: 1 });
    return "ok";
  } catch (error) {
    return errorText(error);
  } finally {
    await client.close();
  }
}

/** The error and its nested causes as one string: the client wraps the broker's error code several levels deep. */
function errorText(error: unknown): string {
  const parts: string[] = [];
  const visit = (e: unknown, depth: number) => {
    if (depth > 5 || e === null || typeof e !== "object") return;
    const { message, code, errors, cause, response } = e as Record<string, unknown>;
    parts.push(`${String(code ?? "")} ${String(message ?? "")}`);
    if (response) parts.push(JSON.stringify(response, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v)));
    if (Array.isArray(errors)) for (const inner of errors) visit(inner, depth + 1);
    visit(cause, depth + 1);
  };
  visit(error, 0);
  return parts.join(" | ") || String(error);
}

const refused = /AUTHORIZATION|not authorized|authoriz/i;

/** The authorizer learns applied bindings from the metadata log a moment after apply returns. */
async function eventually(check: () => Promise<string>, expected: RegExp): Promise<void> {
  await expect.poll(check, { timeout: 20_000, interval: 500 }).toMatch(expected);
}

beforeAll(async () => {
  kafka = await useKafka(1);
  admin = adminFor(kafka);
  await clearOwnedBindings();
  project = await Project.create(kafka, prefix);
});

afterAll(async () => {
  // other test files expect bob, carol and dave to have no ACLs at all
  await clearOwnedBindings().catch(() => undefined);
  await admin?.close();
  await project?.dispose();
});

it("grants exactly what services declare, DENY wins, unmanaged bindings survive, and removal refuses again", async () => {
  // The topics first, with no ACLs: nobody but admin may use them.
  await project.writeRaw(
    `version: 1\nsettings: { scope: { topicPrefixes: [${prefix}] } }\ntopics:\n  ${orders}: { partitions: 1, replicationFactor: 1 }\n  ${secret}: { partitions: 1, replicationFactor: 1 }\n`,
  );
  await project.applyAndConverge();
  await admin.createAcls({ creations: [outsiderBinding] });
  expect(await produceAs("carol", orders, "early")).toMatch(refused);
  expect(await consumeAs("dave", orders, group)).toMatch(refused);

  await project.writeRaw(desired({ consumer: true }));
  const plan = await project.run(["plan"]);
  expect(plan.exitCode, plan.stderr).toBe(0);
  expect(plan.stdout).toMatch(new RegExp(`User:carol gains .*WRITE on topic "${orders.replaceAll(".", "\\.")}"`));
  expect(plan.stdout).toContain(`User:dave gains READ on group "${group}"`);
  expect(plan.stdout).toMatch(/live ACL bindings? of principals kgov does not own/);
  await project.applyAndConverge();

  // the producer produces (idempotently: no IDEMPOTENT_WRITE on the cluster needed), the consumer reads it
  await eventually(() => produceAs("carol", orders, "order-1"), /^ok$/);
  await eventually(() => consumeAs("dave", orders, group), /^value:order-1$/);
  // least privilege: neither can do the other's job, and an undeclared user can do neither
  expect(await consumeAs("carol", orders, `${prefix}carol`)).toMatch(refused);
  expect(await produceAs("dave", orders, "forged")).toMatch(refused);
  expect(await produceAs("alice", orders, "forged")).toMatch(refused);
  expect(await consumeAs("alice", orders, group)).toMatch(refused);
  // the raw DENY overrides dave's service ALLOW on the secret topic
  expect(await produceAs("carol", secret, "s-1")).toBe("ok");
  expect(await consumeAs("dave", secret, group)).toMatch(refused);
  // the Streams principal creates its own internal topic, and only under its prefix
  expect(await createTopicAs("bob", `${appId}-store-changelog`)).toBe("ok");
  expect(await createTopicAs("bob", `${prefix}not-mine`)).toMatch(refused);

  // removing the consumer narrows READ: the plan flags the group's committed offsets before anyone applies it
  await project.writeRaw(desired({ consumer: false }));
  const narrowing = await project.run(["plan", "--allow-delete"]);
  expect(narrowing.stdout).toMatch(new RegExp(`User:dave loses .*READ on topic "${orders.replaceAll(".", "\\.")}"`));
  expect(narrowing.stdout).toMatch(
    new RegExp(`group ${group.replaceAll(".", "\\.")} has no active member but committed offsets`),
  );
  // the Streams app's own topic, inside topicPrefixes, is shown as the app's and never planned for deletion
  expect(narrowing.stdout).toContain(`of declared Streams and Connect apps is left to them: ${appId}-store-changelog`);
  expect(narrowing.stdout.split(`${appId}-store-changelog`)).toHaveLength(2); // named on that line only
  const blocked = await project.run(["plan"]);
  expect(blocked.stdout).toContain("would delete");
  await project.applyAndConverge(["--allow-delete"]);
  await eventually(() => consumeAs("dave", orders, group), refused);

  // the outsider's binding survived every apply; the Streams app's own topic was not deleted
  const outsider = await admin.describeAcls({ filter: { ...outsiderBinding } });
  expect(outsider.flatMap((r) => r.acls)).toHaveLength(1);
  const topics = await admin.listTopics();
  expect(topics).toContain(`${appId}-store-changelog`);
});
