/**
 * A partly failing apply on the real single-node broker (Kafka 4.x and 3.9.x): alice may create topics under the
 * test's prefix but not alter their configs, so the create phase applies, the config phase fails and the later
 * phases are skipped; the report (text and JSON) says exactly that, and an apply as admin then converges.
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
import { uniqueName, useKafka, type KafkaTarget } from "../../helpers/servers.js";
import { adminFor, describeTopic, Project } from "./support.js";

let kafka: KafkaTarget;
let admin: Admin;
let project: Project;
const prefix = `${uniqueName("pa-partial")}.`;

type Operation = (typeof AclOperations)[keyof typeof AclOperations];
const aclFor = (
  resourceType: Acl["resourceType"],
  resourceName: string,
  pattern: Acl["resourcePatternType"],
  operation: Operation,
): Acl => ({
  resourceType,
  resourceName,
  resourcePatternType: pattern,
  principal: "User:alice",
  host: "*",
  operation,
  permissionType: AclPermissionTypes.ALLOW,
});
const onPrefix = (operation: Operation) =>
  aclFor(ResourceTypes.TOPIC, prefix, ResourcePatternTypes.PREFIXED, operation);
// alice may see the cluster and create and read topics under the prefix, but not ALTER_CONFIGS or ALTER them
const acls = [
  aclFor(ResourceTypes.CLUSTER, "kafka-cluster", ResourcePatternTypes.LITERAL, AclOperations.DESCRIBE),
  onPrefix(AclOperations.CREATE),
  onPrefix(AclOperations.DESCRIBE),
  onPrefix(AclOperations.DESCRIBE_CONFIGS),
];

beforeAll(async () => {
  kafka = await useKafka(1);
  admin = adminFor(kafka);
  project = await Project.create(kafka, prefix);
  await admin.createAcls({ creations: acls });
});

afterAll(async () => {
  // other test files expect alice to have no ACLs at all
  await admin?.deleteAcls({ filters: acls }).catch(() => undefined);
  await admin?.close();
  await project?.dispose();
});

it("reports applied, failed and skipped actions, exits 1, and converges when run again as admin", async () => {
  const existing = `${prefix}existing`;
  const created = `${prefix}created`;
  await project.write({ [existing]: { partitions: 1, replicationFactor: 1 } });
  await project.applyAndConverge();

  await project.write({
    [existing]: { partitions: 2, replicationFactor: 1, config: { "retention.ms": 3600000 } },
    [created]: { partitions: 1, replicationFactor: 1 },
  });
  // the authorizer learns new ACLs from the metadata log a moment later
  await expect
    .poll(
      async () => {
        const plan = await project.run(["plan", "--detailed-exitcode"], { user: "alice" });
        return { exitCode: plan.exitCode, stderr: plan.exitCode === 2 ? "" : plan.stderr };
      },
      { timeout: 30_000, interval: 250 },
    )
    .toEqual({ exitCode: 2, stderr: "" });

  const failed = await project.run(["apply", "--auto-approve"], { user: "alice" });
  expect(failed.exitCode).toBe(1);
  expect(failed.stdout).toMatch(new RegExp(`✓ applied +create topic "${created.replaceAll(".", "\\.")}"`));
  expect(failed.stdout).toMatch(/✗ failed +update the config of .*ALTER_CONFIGS/);
  expect(failed.stdout).toMatch(/- skipped +add partitions to .*not started: an earlier phase failed/);
  expect(failed.stdout).toContain("Apply failed: some changes were not applied. 1 applied, 1 failed, 1 skipped.");
  expect(failed.stdout).toContain("run kgov apply again");
  expect(await describeTopic(project, created)).toBeDefined();
  expect((await describeTopic(project, existing))?.partitions).toBe(1);

  // the same as a JSON document: the create is done now, the config change still fails
  await expect
    .poll(async () => (await project.run(["plan", "-o", "json"], { user: "alice" })).stdout, { timeout: 15_000 })
    .not.toContain('"topic.create"');
  const json = await project.run(["apply", "--auto-approve", "-o", "json"], { user: "alice" });
  expect(json.exitCode).toBe(1);
  const doc = JSON.parse(json.stdout) as {
    formatVersion: number;
    ok: boolean;
    status: string;
    actions: { type: string; outcome: string; diagnostic?: { code: string } }[];
    summary: Record<string, number>;
  };
  expect(doc).toMatchObject({ formatVersion: 2, ok: false, status: "failed" });
  expect(doc.actions).toEqual([
    expect.objectContaining({
      type: "topic.alter-config",
      outcome: "failed",
      diagnostic: expect.objectContaining({ code: "kafka/authorization-failed" }),
    }),
    expect.objectContaining({ type: "topic.add-partitions", outcome: "skipped" }),
  ]);
  expect(doc.summary).toEqual({ applied: 0, failed: 1, skipped: 1, inProgress: 0 });

  // admin finishes the job; the plan is empty afterwards
  const converged = await project.applyAndConverge();
  expect(converged.stdout).toMatch(/2 applied, 0 failed/);
  const view = await describeTopic(project, existing);
  expect(view?.partitions).toBe(2);
  expect(view?.config["retention.ms"]).toBe("3600000");
});
