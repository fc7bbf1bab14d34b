/**
 * Fleet plans and promotion on the real broker (Kafka 4.x and 3.9.x): three environments declared in one set of
 * files — dev and prod on the test broker (prod with more partitions through an override), and broken, whose
 * broker does not exist. `kgov plan --env dev,broken,prod` reads them concurrently and reports each, with a summary;
 * the JSON holds all three. `kgov apply --env dev,broken,prod` applies dev, stops at broken and never touches prod;
 * `kgov apply` of the saved fleet plan of dev,prod applies both in order, and a fleet plan afterwards has no changes.
 * `kgov drift --env a,b` reports drift (a config changed by hand) of every environment in one report, exit 2.
 */
import { ConfigResourceTypes, IncrementalAlterConfigOperationTypes } from "@platformatic/kafka";
import { afterAll, beforeAll, expect, it } from "vitest";
import { uniqueName, useKafka, type KafkaTarget } from "../../helpers/servers.js";
import { adminFor, describeTopic, Project } from "./support.js";

let kafka: KafkaTarget;
let project: Project;
const prefix = `${uniqueName("pa-fleet")}.`;
const topic = `${prefix}orders`;

function files(): string {
  const env = (name: string, bootstrap: string, partitions: number) => `  ${name}:
    kafka:
      bootstrapServers: ${bootstrap}
      sasl: { mechanism: SCRAM-SHA-256, username: ${kafka.users.admin.username}, password: "\${env:FLEET_PASSWORD}" }
    overrides:
      topics:
        "*": { partitions: ${partitions} }`;
  return `version: 1
settings:
  scope:
    topicPrefixes: [${JSON.stringify(prefix)}]
topics:
  ${topic}: { partitions: 1, replicationFactor: 1 }
environments:
${env("dev", kafka.bootstrapServers, 1)}
${env("broken", "127.0.0.1:1", 1)}
${env("prod", kafka.bootstrapServers, 2)}
`;
}

// No KGOV_* connection variables: each environment's own kafka block must be used.
const run = (argv: string[]) =>
  project.run(argv, { env: { FLEET_PASSWORD: kafka.users.admin.password, KGOV_CONNECT_TIMEOUT_MS: "3000" } });

beforeAll(async () => {
  kafka = await useKafka(1);
  project = await Project.create(kafka, prefix);
  await project.writeRaw(files());
});

afterAll(async () => {
  await project?.dispose();
});

it("plans every environment concurrently into one report and one JSON document", async () => {
  const text = await run(["plan", "--env", "dev,broken,prod"]);
  expect(text.exitCode, text.stderr).toBe(1);
  for (const name of ["dev", "broken", "prod"]) expect(text.stdout).toContain(`━━ environment ${name} ━━`);
  expect(text.stdout).toMatch(/Summary of 3 environments:\n\s+environment\s+result/);
  expect(text.stdout).toMatch(/broken\s+not planned \(exit 1\)/);
  const json = await run(["plan", "--all-envs", "--output", "json"]);
  const fleet = JSON.parse(json.stdout) as {
    kind: string;
    environments: {
      environment: string;
      exitCode: number;
      plan?: { actions: { type: string; partitions?: number }[] };
    }[];
  };
  expect(fleet.kind).toBe("fleet-plan");
  expect(fleet.environments.map((e) => [e.environment, e.exitCode])).toEqual([
    ["dev", 0],
    ["broken", 1],
    ["prod", 0],
  ]);
  expect(fleet.environments[0]?.plan?.actions.map((a) => [a.type, a.partitions])).toEqual([["topic.create", 1]]);
  expect(fleet.environments[2]?.plan?.actions.map((a) => [a.type, a.partitions])).toEqual([["topic.create", 2]]);
});

it("applies in order and stops at the first environment that fails", async () => {
  const applied = await run(["apply", "--env", "dev,broken,prod", "--auto-approve"]);
  expect(applied.exitCode).toBe(1);
  expect(applied.stdout).toContain("Stopped at environment broken (exit 1); not attempted: prod.");
  expect((await describeTopic(project, topic))?.partitions).toBe(1); // dev's, never prod's
});

it("applies a saved fleet plan in order, then plans no changes everywhere", async () => {
  const saved = await run(["plan", "--env", "dev,prod", "--out", "fleet.json"]);
  expect(saved.exitCode, saved.stderr).toBe(0);
  expect(saved.stderr).toContain("apply them in order with: kgov apply fleet.json");
  const applied = await run(["apply", "fleet.json", "--output", "json"]);
  expect(applied.exitCode, applied.stdout).toBe(0);
  const result = JSON.parse(applied.stdout) as { environments: { environment: string; exitCode: number }[] };
  expect(result.environments.map((e) => [e.environment, e.exitCode])).toEqual([
    ["dev", 0],
    ["prod", 0],
  ]);
  expect((await describeTopic(project, topic))?.partitions).toBe(2);
  await expect
    .poll(async () => (await run(["plan", "--env", "prod", "--detailed-exitcode"])).exitCode, { timeout: 20_000 })
    .toBe(0);
});

it("reports the drift of every environment in one report, exiting 2", async () => {
  // a and b: the same files on the same broker, so a config changed by hand is drift in both
  const own = await Project.create(kafka, `${uniqueName("pa-fleet-drift")}.`);
  const name = `${own.prefix}payments`;
  const env = (e: string) => `  ${e}:
    kafka:
      bootstrapServers: ${kafka.bootstrapServers}
      sasl: { mechanism: SCRAM-SHA-256, username: admin, password: "\${env:FLEET_PASSWORD}" }`;
  await own.writeRaw(`version: 1
settings:
  scope:
    topicPrefixes: [${JSON.stringify(own.prefix)}]
topics:
  ${name}: { partitions: 1, replicationFactor: 1, config: { retention.ms: "86400000" } }
environments:
${env("a")}
${env("b")}
`);
  const runOwn = (argv: string[]) => own.run(argv, { env: { FLEET_PASSWORD: kafka.users.admin.password } });
  const admin = adminFor(kafka);
  try {
    expect((await runOwn(["apply", "--env", "a", "--auto-approve"])).exitCode).toBe(0);
    await expect.poll(async () => (await runOwn(["drift", "--env", "a,b"])).exitCode, { timeout: 20_000 }).toBe(0);
    await admin.incrementalAlterConfigs({
      resources: [
        {
          resourceType: ConfigResourceTypes.TOPIC,
          resourceName: name,
          configs: [{ name: "retention.ms", value: "1000", configOperation: IncrementalAlterConfigOperationTypes.SET }],
        },
      ],
    });
    const drift = await runOwn(["drift", "--env", "a,b", "--output", "markdown"]);
    expect(drift.exitCode, drift.stderr).toBe(2);
    expect(drift.stdout).toMatch(/^## kgov drift: 2 environments/);
    expect(drift.stdout).toMatch(/\| a \| changes \|/);
    expect(drift.stdout).toMatch(/\| b \| changes \|/);
    const json = JSON.parse((await runOwn(["drift", "--env", "a,b", "--output", "json"])).stdout) as {
      environments: { environment: string; plan?: { drift?: { actions: string[] } } }[];
    };
    for (const e of json.environments) expect(e.plan?.drift?.actions, e.environment).toHaveLength(1);
  } finally {
    await admin.close();
    await own.dispose();
  }
});
