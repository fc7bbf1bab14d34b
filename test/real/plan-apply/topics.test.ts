/**
 * `kgov plan` and `kgov apply` end to end on the real single-node broker (Kafka 4.x and 3.9.x), run in-process with
 * the admin SCRAM user from KGOV_* variables: every kind of change converges (apply, then plan says "No changes."),
 * impossible changes are errors apply refuses, saved plans go stale, confirmation and --detailed-exitcode behave, and
 * no password ever reaches stdout or stderr (Project.run checks every run).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uniqueName, useKafka, type KafkaTarget } from "../../helpers/servers.js";
import { adminFor, describeTopic, Project } from "./support.js";

let kafka: KafkaTarget;
const projects: Project[] = [];

beforeAll(async () => {
  kafka = await useKafka(1);
});

afterAll(async () => {
  await Promise.all(projects.map((p) => p.dispose()));
});

async function project(name: string): Promise<{ p: Project; prefix: string }> {
  const prefix = `${uniqueName(`pa-${name}`)}.`;
  const p = await Project.create(kafka, prefix);
  projects.push(p);
  return { p, prefix };
}

describe("plan and apply converge", () => {
  it("creates topics, then plans no changes; --detailed-exitcode says 2 before and 0 after", async () => {
    const { p, prefix } = await project("create");
    const a = `${prefix}a`;
    const b = `${prefix}b`;
    await p.write({
      [a]: { partitions: 3, replicationFactor: 1, config: { "retention.ms": 3600000, "cleanup.policy": "compact" } },
      [b]: { partitions: 1, replicationFactor: 1 },
    });

    const plan = await p.run(["plan", "--detailed-exitcode"]);
    expect(plan.exitCode, plan.stderr).toBe(2);
    expect(plan.stdout).toContain(`+ topic "${a}"`);
    expect(plan.stdout).toContain("Plan: 2 to create, 0 to update, 0 to delete.");

    const plain = await p.run(["plan"]);
    expect(plain.exitCode).toBe(0);

    const applied = await p.applyAndConverge();
    expect(applied.stdout).toContain("Apply complete.");
    expect(applied.stdout).toMatch(/2 applied, 0 failed/);

    const view = await describeTopic(p, a);
    expect(view?.partitions).toBe(3);
    expect(view?.config).toMatchObject({ "retention.ms": "3600000", "cleanup.policy": "compact" });

    // apply with nothing to do
    const again = await p.run(["apply", "--auto-approve"]);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain("No changes.");
  });

  it("sets a config, reverts a removed override and adds partitions, each converging", async () => {
    const { p, prefix } = await project("update");
    const t = `${prefix}orders`;
    await p.write({
      [t]: { partitions: 2, replicationFactor: 1, config: { "retention.ms": 3600000, "segment.ms": 600000 } },
    });
    await p.applyAndConverge();

    // config set (a new value) and config delete (segment.ms no longer desired: the override is removed)
    await p.write({ [t]: { partitions: 2, replicationFactor: 1, config: { "retention.ms": 7200000 } } });
    const plan = await p.run(["plan"]);
    expect(plan.stdout).toMatch(/~ topic/);
    expect(plan.stdout).toContain("retention.ms");
    expect(plan.stdout).toContain("segment.ms");
    await p.applyAndConverge();
    let view = await describeTopic(p, t);
    expect(view?.config["retention.ms"]).toBe("7200000");
    expect(view?.config["segment.ms"]).toBeUndefined();

    // partitions 2 -> 5, with the ordering risk shown
    await p.write({ [t]: { partitions: 5, replicationFactor: 1, config: { "retention.ms": 7200000 } } });
    const grow = await p.run(["plan"]);
    expect(grow.stdout).toContain("partitions");
    expect(grow.stdout).toContain("# ordering:");
    await p.applyAndConverge();
    view = await describeTopic(p, t);
    expect(view?.partitions).toBe(5);
  });

  it("shortening retention shows a data-loss risk", async () => {
    const { p, prefix } = await project("risk");
    const t = `${prefix}events`;
    await p.write({ [t]: { partitions: 1, replicationFactor: 1, config: { "retention.ms": 604800000 } } });
    await p.applyAndConverge();
    await p.write({ [t]: { partitions: 1, replicationFactor: 1, config: { "retention.ms": 3600000 } } });
    const plan = await p.run(["plan"]);
    expect(plan.stdout).toContain("# data-loss:");
    expect(plan.stdout).toContain("may lose data");
  });

  it("deletes a topic in scope only with --allow-delete (plan and apply); without it the deletion is blocked", async () => {
    const { p, prefix } = await project("delete");
    const keep = `${prefix}keep`;
    const drop = `${prefix}drop`;
    await p.write({ [keep]: { partitions: 1, replicationFactor: 1 }, [drop]: { partitions: 1, replicationFactor: 1 } });
    await p.applyAndConverge();
    await p.write({ [keep]: { partitions: 1, replicationFactor: 1 } });

    const blocked = await p.run(["plan", "--detailed-exitcode"]);
    expect(blocked.exitCode).toBe(0); // a blocked deletion is not a change
    expect(blocked.stdout).toContain("1 deletion blocked (pass --allow-delete to delete).");

    const noDelete = await p.run(["apply", "--auto-approve"]);
    expect(noDelete.exitCode).toBe(0);
    expect(await describeTopic(p, drop)).toBeDefined();

    const planned = await p.run(["plan", "--allow-delete", "--detailed-exitcode"]);
    expect(planned.exitCode).toBe(2);
    expect(planned.stdout).toContain(`- topic "${drop}"`);
    expect(planned.stdout).toContain("# destructive:");

    // a saved plan that allows the deletion still needs --allow-delete at apply time
    await p.run(["plan", "--allow-delete", "--out", "plan.json"]);
    const skipped = await p.run(["apply", "plan.json"]);
    expect(skipped.exitCode).toBe(0);
    expect(skipped.stdout).toMatch(/skipped +delete topic/);
    expect(skipped.stderr + skipped.stdout).toContain("without --allow-delete");
    expect(await describeTopic(p, drop)).toBeDefined();

    const applied = await p.run(["apply", "plan.json", "--allow-delete"]);
    expect(applied.exitCode, applied.stdout + applied.stderr).toBe(0);
    expect(applied.stdout).toMatch(/applied +delete topic/);
    await p.expectNoChanges(["--allow-delete"]);
    expect(await describeTopic(p, keep)).toBeDefined();
  });
});

describe("impossible changes", () => {
  it("fewer partitions and a replication factor above the broker count are errors; apply refuses", async () => {
    const { p, prefix } = await project("impossible");
    const t = `${prefix}t`;
    await p.write({ [t]: { partitions: 3, replicationFactor: 1 } });
    await p.applyAndConverge();

    await p.write({
      [t]: { partitions: 2, replicationFactor: 1 },
      [`${prefix}big`]: { partitions: 1, replicationFactor: 3 },
    });
    const plan = await p.run(["plan"]);
    expect(plan.exitCode).toBe(3);
    expect(plan.stderr).toContain("plan/partition-decrease");
    expect(plan.stderr).toContain("plan/replication-factor-exceeds-brokers");
    expect(plan.stdout).toContain("the plan cannot be applied");

    const apply = await p.run(["apply", "--auto-approve"]);
    expect(apply.exitCode).toBe(3);
    expect(apply.stderr).toContain("apply/plan-has-errors");
    expect(await describeTopic(p, `${prefix}big`)).toBeUndefined();

    const json = await p.run(["plan", "-o", "json"]);
    expect(json.exitCode).toBe(3);
    const doc = JSON.parse(json.stdout) as { diagnostics: { code: string }[] };
    expect(doc.diagnostics.map((d) => d.code)).toEqual(
      expect.arrayContaining(["plan/partition-decrease", "plan/replication-factor-exceeds-brokers"]),
    );
  });

  it("min.insync.replicas above the replication factor fails validation: nothing is planned (exit 3)", async () => {
    const { p, prefix } = await project("minisr");
    await p.write({ [`${prefix}t`]: { partitions: 1, replicationFactor: 1, config: { "min.insync.replicas": 2 } } });
    const plan = await p.run(["plan"]);
    expect(plan.exitCode).toBe(3);
    expect(plan.stderr).toContain("topic/min-isr-above-rf");
    const apply = await p.run(["apply", "--auto-approve"]);
    expect(apply.exitCode).toBe(3);
    expect(await describeTopic(p, `${prefix}t`)).toBeUndefined();
  });
});

describe("saved plans", () => {
  it("applies a fresh saved plan, and refuses one the cluster or the files changed under", async () => {
    const { p, prefix } = await project("stale");
    const t = `${prefix}t`;
    await p.write({ [t]: { partitions: 1, replicationFactor: 1, config: { "retention.ms": 3600000 } } });
    const saved = await p.run(["plan", "--out", "plan.json", "-o", "json"]);
    expect(saved.exitCode).toBe(0);
    const plan = JSON.parse(saved.stdout) as { fingerprints: { observed: string } };
    expect(plan.fingerprints.observed).toMatch(/^sha256:/);
    const applied = await p.run(["apply", "plan.json"]);
    expect(applied.exitCode, applied.stdout + applied.stderr).toBe(0);
    await p.expectNoChanges();

    // the cluster changes behind the plan's back
    await p.write({ [t]: { partitions: 1, replicationFactor: 1, config: { "retention.ms": 7200000 } } });
    expect((await p.run(["plan", "--out", "plan.json"])).exitCode).toBe(0);
    const admin = adminFor(kafka);
    try {
      await admin.createPartitions({ topics: [{ name: t, count: 2 }] });
    } finally {
      await admin.close();
    }
    let stale = await p.run(["apply", "plan.json"]);
    expect(stale.exitCode).toBe(1);
    expect(stale.stderr).toContain("plan/stale");
    expect(stale.stderr).toContain("the cluster changed since the plan was made");
    expect(stale.stderr).toContain("Run kgov plan again");
    expect((await describeTopic(p, t))?.config["retention.ms"]).toBe("3600000");

    // the files change behind the plan's back
    await p.write({ [t]: { partitions: 2, replicationFactor: 1, config: { "retention.ms": 7200000 } } });
    expect((await p.run(["plan", "--out", "plan.json"])).exitCode).toBe(0);
    await p.write({ [t]: { partitions: 2, replicationFactor: 1, config: { "retention.ms": 9000000 } } });
    stale = await p.run(["apply", "plan.json", "-o", "json"]);
    expect(stale.exitCode).toBe(1);
    expect(stale.stdout).toContain("plan/stale");
    expect(stale.stdout).toContain("desired-state files");
  });

  it("rejects a file that is not a plan", async () => {
    const { p } = await project("badfile");
    await p.write({});
    await p.writeRaw("{ not json", "plan.json");
    const result = await p.run(["apply", "plan.json"]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("apply/invalid-plan-file");
  });
});

describe("confirmation", () => {
  it("asks on a terminal and applies nothing unless the answer is yes", async () => {
    const { p, prefix } = await project("confirm");
    const t = `${prefix}t`;
    await p.write({ [t]: { partitions: 1, replicationFactor: 1 } });

    const no = await p.run(["apply"], { tty: true, answers: ["no"] });
    expect(no.exitCode).toBe(1);
    expect(no.stderr).toContain("Only 'yes' will be accepted");
    expect(no.stderr).toContain("Apply cancelled");
    expect(await describeTopic(p, t)).toBeUndefined();

    const yes = await p.run(["apply", "--no-color"], { tty: true, answers: ["yes"] });
    expect(yes.exitCode, yes.stdout + yes.stderr).toBe(0);
    expect(yes.stderr).toContain("create topics: 1 applied"); // progress on a terminal
    await p.expectNoChanges();
  });

  it("off a terminal refuses to apply without --auto-approve", async () => {
    const { p, prefix } = await project("ci");
    await p.write({ [`${prefix}t`]: { partitions: 1, replicationFactor: 1 } });
    const result = await p.run(["apply"]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("--auto-approve");
    expect(await describeTopic(p, `${prefix}t`)).toBeUndefined();
  });
});

describe("output and secrets", () => {
  it("apply -o json is a versioned result document; markdown plans render", async () => {
    const { p, prefix } = await project("json");
    const t = `${prefix}t`;
    await p.write({ [t]: { partitions: 1, replicationFactor: 1 } });
    const md = await p.run(["plan", "-o", "markdown"]);
    expect(md.exitCode).toBe(0);
    expect(md.stdout).toContain(t);
    const result = await p.run(["apply", "--auto-approve", "-o", "json"]);
    expect(result.exitCode, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(doc).toMatchObject({
      formatVersion: 2,
      ok: true,
      status: "applied",
      actions: [{ type: "topic.create", topic: t, outcome: "applied" }],
      summary: { applied: 1, failed: 0, skipped: 0, inProgress: 0 },
    });
  });

  it("takes the connection from --env's kafka block, below KGOV_* variables, and never prints the password", async () => {
    const { p, prefix } = await project("env");
    const t = `${prefix}t`;
    const admin = kafka.users.admin;
    await p.writeRaw(
      [
        "version: 1",
        "settings:",
        "  scope:",
        `    topicPrefixes: [${JSON.stringify(prefix)}]`,
        "environments:",
        "  dev:",
        "    kafka:",
        `      bootstrapServers: ${JSON.stringify(kafka.bootstrapServers)}`,
        "      securityProtocol: SASL_PLAINTEXT",
        "      sasl:",
        "        mechanism: SCRAM-SHA-256",
        `        username: ${admin.username}`,
        '        password: "${env:PA_TEST_PASSWORD}"',
        "topics:",
        `  ${JSON.stringify(t)}: { partitions: 1, replicationFactor: 1 }`,
        "",
      ].join("\n"),
    );
    // only the environment block connects: no KGOV_* variables at all
    const viaEnv = await p.run(["apply", "--env", "dev", "--auto-approve"], {
      env: { PA_TEST_PASSWORD: admin.password },
    });
    expect(viaEnv.exitCode, viaEnv.stdout + viaEnv.stderr).toBe(0);
    expect(await describeTopic(p, t)).toBeDefined();

    // a wrong password in the file, the right one in KGOV_SASL_PASSWORD: the variable wins
    const wins = await p.run(["plan", "--env", "dev"], {
      env: { PA_TEST_PASSWORD: "wrong-password-in-file", KGOV_SASL_PASSWORD: admin.password },
    });
    expect(wins.exitCode, wins.stderr).toBe(0);

    // and a wrong one alone fails authentication without printing it
    const wrong = await p.run(["plan", "--env", "dev", "-o", "json"], {
      env: { PA_TEST_PASSWORD: "wrong-password-in-file" },
    });
    expect(wrong.exitCode).toBe(1);
    expect(wrong.stdout).toContain("kafka/authentication-failed");
    expect(wrong.stdout + wrong.stderr).not.toContain("wrong-password-in-file");
  });
});
