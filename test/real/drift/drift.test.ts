/**
 * Drift on the real broker, without a state file: the files are committed to a git repository and applied; then
 * someone changes a topic config and adds an ACL binding behind kgov's back, and a pull request changes the files.
 * `kgov plan --base HEAD` shows the out-of-band changes as drift and the pull request's as changes; `kgov drift`
 * over the committed files reports only drift (exit 2), and after `kgov apply` none (exit 0).
 */
import { execFileSync } from "node:child_process";
import {
  AclOperations,
  AclPermissionTypes,
  ConfigResourceTypes,
  IncrementalAlterConfigOperationTypes,
  ResourcePatternTypes,
  ResourceTypes,
  type Acl,
  type Admin,
} from "@platformatic/kafka";
import { afterAll, beforeAll, expect, it } from "vitest";
import { uniqueName, useKafka } from "../../helpers/servers.js";
import { adminFor, desiredYaml, Project } from "../plan-apply/support.js";

const prefix = `${uniqueName("drift")}.`;
const orders = `${prefix}orders`;
const audit = `${prefix}audit`;
const stray: Acl = {
  resourceType: ResourceTypes.TOPIC,
  resourceName: orders,
  resourcePatternType: ResourcePatternTypes.LITERAL,
  principal: `User:${prefix}intruder`,
  host: "*",
  operation: AclOperations.READ,
  permissionType: AclPermissionTypes.ALLOW,
};
let admin: Admin;
let project: Project;

const git = (...args: string[]) => execFileSync("git", args, { cwd: project.dir, stdio: "pipe" }).toString();
const files = (topics: Parameters<typeof desiredYaml>[1]) =>
  desiredYaml(prefix, topics).replace(
    "settings:\n  scope:\n",
    `settings:\n  scope:\n    principals: ["User:${prefix}"]\n`,
  );

beforeAll(async () => {
  const kafka = await useKafka(1);
  admin = adminFor(kafka);
  project = await Project.create(kafka, prefix);
  git("init", "-q");
  git("config", "user.email", "ci@example.com");
  git("config", "user.name", "ci");
  await project.writeRaw(
    files({ [orders]: { partitions: 1, replicationFactor: 1, config: { "retention.ms": 86400000 } } }),
  );
  git("add", "kgov.yaml");
  git("commit", "-qm", "base");
}, 120_000);

afterAll(async () => {
  await admin?.deleteAcls({ filters: [stray] }).catch(() => undefined);
  await admin?.close();
  await project?.dispose();
});

it("plan --base tells drift apart from the pull request's changes", async () => {
  await project.applyAndConverge();
  // Outside kgov: a config changed by hand, and a binding for an owned principal nobody declared.
  await admin.incrementalAlterConfigs({
    resources: [
      {
        resourceType: ConfigResourceTypes.TOPIC,
        resourceName: orders,
        configs: [{ name: "retention.ms", value: "1000", configOperation: IncrementalAlterConfigOperationTypes.SET }],
      },
    ],
  });
  await admin.createAcls({ creations: [stray] });
  // The pull request adds a topic; it does not touch orders.
  await project.writeRaw(
    files({
      [orders]: { partitions: 1, replicationFactor: 1, config: { "retention.ms": 86400000 } },
      [audit]: { partitions: 1, replicationFactor: 1 },
    }),
  );
  let plan: { actions: { type: string; topic?: string }[]; drift: { base: string; actions: string[] } } | undefined;
  await expect
    .poll(
      async () => {
        const run = await project.run(["plan", "--base", "HEAD", "--allow-delete", "--output", "json"]);
        plan = JSON.parse(run.stdout) as typeof plan;
        return plan!.drift.actions.length;
      },
      { timeout: 20_000, interval: 500 },
    )
    .toBe(2);
  expect(plan!.drift.base).toBe("HEAD");
  const drift = plan!.drift.actions.map((k) => k.split("\0").slice(0, 2).join(" "));
  expect(drift.sort()).toEqual(["acl.delete User:" + prefix + "intruder", `topic.alter-config ${orders}`].sort());
  expect(plan!.actions.map((a) => `${a.type} ${a.topic ?? ""}`)).toContain(`topic.create ${audit}`);

  const text = await project.run(["plan", "--base", "HEAD", "--allow-delete"]);
  const driftAt = text.stdout.indexOf("Drift (changed outside kgov; the files at HEAD would change it back):");
  const changesAt = text.stdout.indexOf("Changes the files ask for:");
  expect(driftAt).toBeGreaterThan(0);
  expect(text.stdout.slice(driftAt, changesAt)).toContain(orders);
  expect(text.stdout.slice(changesAt)).toContain(audit);
});

it("kgov drift reports the out-of-band changes (exit 2) until apply corrects them (exit 0)", async () => {
  git("checkout", "-q", "--", "kgov.yaml");
  const drift = await project.run(["drift"]);
  expect(drift.exitCode, drift.stderr).toBe(2);
  expect(drift.stdout).toContain("Drift (changed outside kgov; the files would change it back):");
  expect(drift.stdout).toContain(`User:${prefix}intruder`);
  expect(drift.stdout).not.toContain(audit);
  await project.applyAndConverge(["--allow-delete"]);
  const clean = await project.run(["drift"]);
  expect(clean.exitCode, clean.stdout).toBe(0);
  expect(clean.stdout).toContain("No changes.");
});
