/**
 * `kgov graph --live` on the real SASL/SCRAM broker (Kafka 4.x and 3.9.x): a topic created behind kgov's back shows
 * as unmanaged, a principal holding a binding the files declare nowhere shows as unexpected, with its edge, while the
 * declared topic and service stay plain.
 */
import {
  AclOperations,
  AclPermissionTypes,
  ResourcePatternTypes,
  ResourceTypes,
  type Acl,
  type Admin,
} from "@platformatic/kafka";
import { afterAll, beforeAll, expect, it } from "vitest";
import { uniqueName, useKafka } from "../../helpers/servers.js";
import { adminFor, Project } from "../plan-apply/support.js";

let admin: Admin;
let project: Project;
const prefix = `${uniqueName("graph-live")}.`;
const declared = `${prefix}orders`;
const unmanaged = `${prefix}legacy`;
const stranger = `User:${prefix}stranger`;

const strangerBinding: Acl = {
  resourceType: ResourceTypes.TOPIC,
  resourceName: unmanaged,
  resourcePatternType: ResourcePatternTypes.LITERAL,
  principal: stranger,
  host: "*",
  operation: AclOperations.WRITE,
  permissionType: AclPermissionTypes.ALLOW,
};

beforeAll(async () => {
  const kafka = await useKafka(1);
  admin = adminFor(kafka);
  project = await Project.create(kafka, prefix);
  await project.writeRaw(`version: 1
settings:
  scope: { topicPrefixes: [${prefix}] }
topics:
  ${declared}: { partitions: 1, replicationFactor: 1 }
services:
  producer:
    principal: User:carol
    produces: [${declared}]
`);
  await admin.createTopics({ topics: [unmanaged], partitions: 2, replicas: 1 });
  await admin.createAcls({ creations: [strangerBinding] });
});

afterAll(async () => {
  await admin?.deleteAcls({ filters: [{ ...strangerBinding }] }).catch(() => undefined);
  await admin?.deleteTopics({ topics: [unmanaged] }).catch(() => undefined);
  await admin?.close();
  await project?.dispose();
});

/** The Mermaid line of the node whose label starts with `name`, and the classes assigned to its id. */
function nodeOf(mermaid: string, name: string): { line: string; classes: string[] } {
  const line = mermaid.split("\n").find((l) => l.includes(`"${name}`)) ?? "";
  const id = /^\s*(n\d+)/.exec(line)?.[1] ?? "(none)";
  const classes = mermaid
    .split("\n")
    .filter((l) => l.trim().startsWith("class ") && l.trim().split(" ")[1]?.split(",").includes(id))
    .map((l) => l.trim().split(" ")[2]?.replace(";", "") ?? "");
  return { line, classes };
}

it("marks live topics and principals the files do not declare", async () => {
  // the topic shows in metadata a moment after CreateTopics returns
  await expect
    .poll(async () => (await project.run(["graph", "--live", "--format", "mermaid"])).stdout, { timeout: 20_000 })
    .toContain(unmanaged);
  const run = await project.run(["graph", "--live", "--format", "mermaid"]);
  expect(run.exitCode, run.stderr).toBe(0);
  const mermaid = run.stdout;
  expect(nodeOf(mermaid, unmanaged).line).toContain("#40;unmanaged#41;");
  expect(nodeOf(mermaid, unmanaged).classes).toEqual(["unmanaged"]);
  expect(nodeOf(mermaid, stranger).line).toContain("#40;unexpected#41;");
  expect(nodeOf(mermaid, stranger).classes).toEqual(["unexpected"]);
  expect(nodeOf(mermaid, declared).classes).toEqual(["topic"]);
  expect(mermaid).not.toContain("__consumer_offsets");
  const strangerId = /^\s*(n\d+)/.exec(nodeOf(mermaid, stranger).line)?.[1];
  const topicId = /^\s*(n\d+)/.exec(nodeOf(mermaid, unmanaged).line)?.[1];
  expect(mermaid).toContain(`${strangerId} -->|produces| ${topicId}`);

  const files = await project.run(["graph", "--format", "mermaid"]);
  expect(files.stdout).not.toContain(unmanaged);
  expect(files.stdout).not.toContain("stranger");
});
