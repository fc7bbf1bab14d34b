/**
 * Replication-factor changes through `kgov apply` on the real 3-node cluster (Kafka 4.x and 3.9.x): RF 1 → 3 and
 * 3 → 2, followed until the reassignment finishes, records produced before still readable after, and the plan empty
 * afterwards. Also --no-wait, which returns once the reassignment is submitted.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { produceRecords, readAllValues } from "../../helpers/records.js";
import { uniqueName, useKafka, type KafkaTarget } from "../../helpers/servers.js";
import { describeTopic, expectReplicationFactor, Project } from "./support.js";

let kafka: KafkaTarget;
const projects: Project[] = [];

beforeAll(async () => {
  kafka = await useKafka(3);
});

afterAll(async () => {
  await Promise.all(projects.map((p) => p.dispose()));
});

/** Each test its own prefix and folder: the desired state of one never mentions (or blocks deleting) another's. */
async function fresh(name: string): Promise<{ project: Project; prefix: string }> {
  const prefix = `${uniqueName(`pa-rf-${name}`)}.`;
  const project = await Project.create(kafka, prefix);
  projects.push(project);
  return { project, prefix };
}

async function produce(topic: string, count: number): Promise<void> {
  await produceRecords(
    kafka,
    Array.from({ length: count }, (_, i) => ({ topic, key: `k${i}`, value: `v${i}` })),
  );
}

it("changes the replication factor 1 → 3 → 2 and keeps the records", { timeout: 180_000 }, async () => {
  const { project, prefix } = await fresh("down");
  const topic = `${prefix}orders`;
  await project.write({ [topic]: { partitions: 3, replicationFactor: 1 } });
  await project.applyAndConverge();
  await produce(topic, 30);
  const expected = Array.from({ length: 30 }, (_, i) => `v${i}`).sort();

  await project.write({ [topic]: { partitions: 3, replicationFactor: 3 } });
  const plan = await project.run(["plan"]);
  expect(plan.stdout).toContain("replication.factor");
  expect(plan.stdout).toContain("1 -> 3");
  const up = await project.applyAndConverge(["--timeout", "120"]);
  expect(up.stdout).toMatch(/✓ applied +change the replication factor of .*\(1 -> 3/);
  await expectReplicationFactor(project, topic, 3);

  await project.write({ [topic]: { partitions: 3, replicationFactor: 2 } });
  await project.applyAndConverge(["--timeout", "120"]);
  await expectReplicationFactor(project, topic, 2);

  expect(await readAllValues(kafka, topic, 30)).toEqual(expected);
});

it(
  "adds partitions and raises the replication factor in one apply (new partitions get the new factor)",
  { timeout: 180_000 },
  async () => {
    const { project, prefix } = await fresh("grow");
    const topic = `${prefix}grow`;
    await project.write({ [topic]: { partitions: 2, replicationFactor: 1 } });
    await project.applyAndConverge();
    await project.write({ [topic]: { partitions: 4, replicationFactor: 2 } });
    await project.applyAndConverge(["--timeout", "120"]);
    await expectReplicationFactor(project, topic, 2);
    expect((await describeTopic(project, topic))?.partitions).toBe(4);
  },
);

it(
  "with --no-wait returns once the reassignment is submitted, reporting it in progress",
  { timeout: 180_000 },
  async () => {
    const { project, prefix } = await fresh("nowait");
    const topic = `${prefix}nowait`;
    await project.write({ [topic]: { partitions: 1, replicationFactor: 1 } });
    await project.applyAndConverge();
    await project.write({ [topic]: { partitions: 1, replicationFactor: 3 } });
    const result = await project.run(["apply", "--auto-approve", "--no-wait", "-o", "json"]);
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout) as { status: string; actions: { outcome: string }[] };
    expect(doc.status).toBe("in-progress");
    expect(doc.actions).toEqual([expect.objectContaining({ outcome: "in-progress" })]);
    await project.expectNoChanges();
  },
);
