/**
 * The Kafka adapter's ACL methods on the real single-node broker (Kafka 4.x and 3.9.x, StandardAuthorizer): one
 * DescribeAcls observes every binding, CreateAcls/DeleteAcls are batched and exact (a delete reports what it matched),
 * refusals become diagnostics naming the binding, and the group-usage lookup finds committed offsets — sending nothing
 * when there is nothing to ask.
 */
import { Consumer, MessagesStreamModes, stringDeserializers } from "@platformatic/kafka";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { AclBinding } from "../../../src/core/model/acl.js";
import type { KafkaClusterPort } from "../../../src/ports/kafka.js";
import { produceRecords } from "../../helpers/records.js";
import { clientOptions, uniqueName, useKafka, type KafkaTarget } from "../../helpers/servers.js";
import { countRequests, expectAllOk, portFor } from "./support.js";

let kafka: KafkaTarget;
let port: KafkaClusterPort;
let alice: KafkaClusterPort;
const prefix = `${uniqueName("ka-acl")}.`;

const bindingOn = (name: string, operation: AclBinding["operation"], more: Partial<AclBinding> = {}): AclBinding => ({
  principal: "User:ka-acl-test",
  host: "*",
  resourceType: "topic",
  resourceName: name,
  patternType: "literal",
  operation,
  permission: "allow",
  ...more,
});
const bindings: AclBinding[] = [
  bindingOn(`${prefix}a`, "read"),
  bindingOn(`${prefix}a`, "all"),
  bindingOn(prefix, "describe", { patternType: "prefixed" }),
  bindingOn(`${prefix}a`, "write", { permission: "deny", host: "10.0.0.1" }),
  bindingOn(`${prefix}g`, "read", { resourceType: "group" }),
];
const ours = (all: readonly AclBinding[]) => all.filter((b) => b.principal === "User:ka-acl-test");

beforeAll(async () => {
  kafka = await useKafka(1);
  port = portFor(kafka);
  alice = portFor(kafka, "alice");
});

afterAll(async () => {
  await port?.deleteAcls(bindings).catch(() => undefined);
  await Promise.all([port?.close(), alice?.close()]);
});

it("creates in one request, observes with one DescribeAcls, and deletes exactly, reporting the matched counts", async () => {
  const created = await countRequests(() => port.createAcls(bindings));
  expect(created.result.every((o) => o.ok)).toBe(true);
  expect(created.requests.CreateAcls).toBe(1);

  const observed = await countRequests(async () => {
    // the authorizer's view follows the metadata log; poll until all five are visible
    for (let i = 0; i < 40; i++) {
      const acls = await port.observeAcls();
      if (ours(acls.bindings).length === bindings.length) return acls;
      await new Promise((r) => setTimeout(r, 250));
    }
    return port.observeAcls();
  });
  expect(ours(observed.result.bindings)).toHaveLength(bindings.length);
  expect(new Set(ours(observed.result.bindings).map((b) => JSON.stringify(b)))).toEqual(
    new Set(bindings.map((b) => JSON.stringify(b))),
  );

  const one = await countRequests(() => port.observeAcls());
  expect(one.requests.DescribeAcls).toBe(1);

  // a delete names exact bindings: the prefixed DESCRIBE and the host-bound DENY go, the others stay
  const removed = await countRequests(() => port.deleteAcls([bindings[2]!, bindings[3]!]));
  expect(removed.requests.DeleteAcls).toBe(1);
  expect(removed.result.map((o) => [o.ok, o.matched])).toEqual([
    [true, 1],
    [true, 1],
  ]);
  const again = await port.deleteAcls([bindings[2]!]);
  expect(again[0]).toMatchObject({ ok: true, matched: 0 });
  await expect
    .poll(async () => ours((await port.observeAcls()).bindings).length, { timeout: 10_000 })
    .toBe(bindings.length - 2);
});

it("turns a refused binding into a diagnostic naming it, and observing without DESCRIBE on the cluster fails clearly", async () => {
  const outcomes = await alice.createAcls([bindingOn(`${prefix}x`, "read")]);
  expect(outcomes).toHaveLength(1);
  expect(outcomes[0]?.ok).toBe(false);
  expect(outcomes[0]?.diagnostic?.code).toBe("kafka/authorization-failed");
  expect(outcomes[0]?.diagnostic?.message).toContain(`${prefix}x`);
  await expect(alice.observeAcls()).rejects.toThrow(/authoriz|DESCRIBE/i);
});

it("finds a group's committed offsets on a topic, and sends no request for an empty query", async () => {
  const topic = `${prefix}used`;
  const group = `${prefix}reader`;
  expectAllOk(await port.createTopics([{ name: topic, partitions: 1, replicationFactor: 1, config: {} }]));
  await produceRecords(kafka, [{ topic, value: "v" }]);
  const consumer = new Consumer({ ...clientOptions(kafka), groupId: group, deserializers: stringDeserializers });
  try {
    const stream = await consumer.consume({ topics: [topic], mode: MessagesStreamModes.EARLIEST, autocommit: false });
    for await (const message of stream) {
      await message.commit();
      break;
    }
    await stream.close();
  } finally {
    await consumer.close(true);
  }

  const usage = await port.describeGroupUsage({ groups: [], topics: [{ name: topic, pattern: "literal" }] });
  expect(usage).toEqual([expect.objectContaining({ group, members: 0, committedTopics: [topic] })]);
  const byGroup = await port.describeGroupUsage({ groups: [{ name: prefix, pattern: "prefixed" }], topics: [] });
  expect(byGroup.map((u) => u.group)).toEqual([group]);

  const empty = await countRequests(() => port.describeGroupUsage({ groups: [], topics: [] }));
  expect(empty.result).toEqual([]);
  expect(empty.requests).toEqual({});
});
