// Shared by the plan/apply real tests: a temporary project folder with a kgov.yaml, the CLI run in-process with the
// admin SCRAM user's connection in KGOV_* variables, and small helpers to read the cluster as a test sees it.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Admin } from "@platformatic/kafka";
import { expect } from "vitest";
import { runCli, type CliRun, type RunOptions } from "../../helpers/cli.js";
import { clientOptions, type KafkaTarget, type KafkaUser } from "../../helpers/servers.js";

export interface TopicSpec {
  partitions?: number;
  replicationFactor?: number;
  config?: Record<string, string | number>;
}

/** A kgov.yaml whose scope is the test's own prefix, so tests never see (or delete) each other's topics. */
export function desiredYaml(prefix: string, topics: Record<string, TopicSpec>): string {
  const lines = ["version: 1", "settings:", "  scope:", `    topicPrefixes: [${JSON.stringify(prefix)}]`, "topics:"];
  const names = Object.keys(topics);
  if (names.length === 0) lines[lines.length - 1] = "topics: {}";
  for (const name of names) {
    const t = topics[name] ?? {};
    lines.push(`  ${JSON.stringify(name)}:`);
    if (t.partitions !== undefined) lines.push(`    partitions: ${t.partitions}`);
    if (t.replicationFactor !== undefined) lines.push(`    replicationFactor: ${t.replicationFactor}`);
    const config = Object.entries(t.config ?? {});
    if (config.length > 0) {
      lines.push("    config:");
      for (const [k, v] of config) lines.push(`      ${k}: ${JSON.stringify(String(v))}`);
    }
    if (t.partitions === undefined && t.replicationFactor === undefined && config.length === 0) {
      lines[lines.length - 1] += " {}";
    }
  }
  return `${lines.join("\n")}\n`;
}

export class Project {
  private constructor(
    readonly dir: string,
    readonly kafka: KafkaTarget,
    readonly prefix: string,
  ) {}

  static async create(kafka: KafkaTarget, prefix: string): Promise<Project> {
    return new Project(await mkdtemp(join(tmpdir(), "kgov-plan-apply-")), kafka, prefix);
  }

  async write(topics: Record<string, TopicSpec>, file = "kgov.yaml"): Promise<void> {
    await writeFile(join(this.dir, file), desiredYaml(this.prefix, topics));
  }

  async writeRaw(text: string, file = "kgov.yaml"): Promise<void> {
    await writeFile(join(this.dir, file), text);
  }

  /** KGOV_* variables for one of the users (admin by default). */
  env(user: KafkaUser = "admin"): Record<string, string> {
    return {
      KGOV_BOOTSTRAP_SERVERS: this.kafka.bootstrapServers,
      KGOV_SASL_MECHANISM: "SCRAM-SHA-256",
      KGOV_SASL_USERNAME: this.kafka.users[user].username,
      KGOV_SASL_PASSWORD: this.kafka.users[user].password,
    };
  }

  async run(argv: readonly string[], options: RunOptions & { user?: KafkaUser } = {}): Promise<CliRun> {
    const { user, ...rest } = options;
    const result = await runCli(argv, { cwd: this.dir, env: this.env(user), ...rest });
    // No output of plan or apply may ever contain a password, whatever happened.
    for (const { password } of Object.values(this.kafka.users)) {
      expect(result.stdout).not.toContain(password);
      expect(result.stderr).not.toContain(password);
    }
    return result;
  }

  /** apply --auto-approve, expected to succeed, then plan expected to be "No changes." (convergence). */
  async applyAndConverge(extra: readonly string[] = []): Promise<CliRun> {
    const applied = await this.run(["apply", "--auto-approve", ...extra]);
    expect(applied.exitCode, applied.stdout + applied.stderr).toBe(0);
    await this.expectNoChanges(extra.filter((a) => a === "--allow-delete"));
    return applied;
  }

  /**
   * Plans until the plan is empty three times in a row: each broker's metadata cache catches up with the controller
   * a moment after apply returns, and consecutive runs may read different brokers.
   */
  async expectNoChanges(extra: readonly string[] = []): Promise<void> {
    let last: CliRun | undefined;
    let clean = 0;
    await expect
      .poll(
        async () => {
          last = await this.run(["plan", "--detailed-exitcode", ...extra]);
          // while a reassignment runs the plan leaves replication alone (a warning): that is not converged yet
          const ok = last.exitCode === 0 && !last.stderr.includes("plan/reassignment-in-progress");
          clean = ok ? clean + 1 : 0;
          return clean >= 3 ? 0 : -1;
        },
        { timeout: 20_000, interval: 500 },
      )
      .toBe(0);
    expect(last?.stdout).toContain("No changes.");
  }

  async dispose(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** An admin client for arranging the cluster behind kgov's back. */
export function adminFor(kafka: KafkaTarget): Admin {
  return new Admin(clientOptions(kafka));
}

export interface TopicView {
  partitions: number;
  replicas: number[][];
  config: Record<string, string>;
}

/** Polls describeTopic until every partition has `rf` replicas: brokers' metadata caches lag the controller a little. */
export async function expectReplicationFactor(project: Project, topic: string, rf: number): Promise<void> {
  await expect
    .poll(async () => (await describeTopic(project, topic))?.replicas.every((r) => r.length === rf) ?? false, {
      timeout: 30_000,
      interval: 500,
    })
    .toBe(true);
}

/** The topic as kgov's own port observes it (replicas per partition, overrides only). */
export async function describeTopic(project: Project, topic: string): Promise<TopicView | undefined> {
  const { createKafkaCluster } = await import("../../../src/adapters/kafka/cluster.js");
  const { layerFromEnvironment, resolveConnection } = await import("../../../src/core/connection/index.js");
  const settings = resolveConnection([layerFromEnvironment(project.env()).layer]).settings;
  if (!settings) throw new Error("no settings");
  const port = createKafkaCluster(settings, { cwd: project.dir });
  try {
    const observed = (await port.observeTopics()).topics.get(topic);
    if (!observed) return undefined;
    const config: Record<string, string> = {};
    for (const [k, e] of Object.entries(observed.config))
      if (e.source === "topic" && e.value !== null) config[k] = e.value;
    return {
      partitions: observed.partitions.length,
      replicas: [...observed.partitions].sort((a, b) => a.id - b.id).map((p) => [...p.replicas]),
      config,
    };
  } finally {
    await port.close();
  }
}
