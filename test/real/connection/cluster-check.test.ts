/**
 * `kgov cluster check` and the Kafka adapter against a real broker (SASL_PLAINTEXT listener with PLAIN, SCRAM-SHA-256
 * and SCRAM-SHA-512; StandardAuthorizer; admin is super user, alice has no ACLs). kgov runs in-process through main()
 * with captured output, so every assertion also checks that no password reaches stdout or stderr.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PlatformaticKafkaCluster } from "../../../src/adapters/kafka/cluster.js";
import { layerFromFlags, resolveConnection, type ConnectionSettings } from "../../../src/core/connection/index.js";
import { KafkaPortError } from "../../../src/ports/kafka.js";
import { runCli, type CliRun } from "../../helpers/cli.js";
import { useKafka, type KafkaTarget } from "../../helpers/servers.js";

let kafka: KafkaTarget;
const dir = mkdtempSync(join(tmpdir(), "kgov-real-conn-"));
const outputs: CliRun[] = [];
const WRONG_PASSWORD = `wrong-${Date.now().toString(36)}-pw`;

beforeAll(async () => {
  kafka = await useKafka(1);
});

afterAll(() => {
  // Whatever happened above, no run printed a password.
  const passwords = Object.values(kafka?.users ?? {}).map((u) => u.password);
  for (const run of outputs) {
    for (const password of [...passwords, WRONG_PASSWORD]) {
      expect(run.stdout).not.toContain(password);
      expect(run.stderr).not.toContain(password);
    }
  }
});

async function kgov(argv: string[], env: Record<string, string> = {}): Promise<CliRun> {
  const run = await runCli(argv, { env, cwd: dir });
  outputs.push(run);
  return run;
}

function asUser(user: "admin" | "alice" | "bob", mechanism: string, password?: string) {
  return {
    argv: [
      "cluster",
      "check",
      "--bootstrap-server",
      kafka.bootstrapServers,
      "--sasl-mechanism",
      mechanism,
      "--sasl-username",
      user,
    ],
    env: { KGOV_SASL_PASSWORD: password ?? kafka.users[user].password },
  };
}

/** A port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === "string") throw new Error("no port");
  return address.port;
}

function settings(flags: Parameters<typeof layerFromFlags>[0]): ConnectionSettings {
  const resolved = resolveConnection([layerFromFlags({ bootstrapServer: kafka.bootstrapServers, ...flags }).layer]);
  if (!resolved.settings) throw new Error(JSON.stringify(resolved.diagnostics));
  return resolved.settings;
}

describe("kgov cluster check against a real broker", () => {
  it.each(["SCRAM-SHA-256", "SCRAM-SHA-512", "PLAIN"])(
    "connects as admin over %s and prints the cluster",
    async (mechanism) => {
      const { argv, env } = asUser("admin", mechanism);
      const run = await kgov(argv, env);
      expect(run.stderr).toBe("");
      expect(run.exitCode).toBe(0);
      const [host, port] = kafka.bootstrapServers.split(",")[0]?.split(":") ?? [];
      expect(run.stdout).toMatch(/^✓ Connected to Kafka cluster \S+ in \d+ ms\n/);
      expect(run.stdout).toContain(
        `  connection   ${kafka.bootstrapServers} via SASL_PLAINTEXT, ${mechanism} as admin\n`,
      );
      expect(run.stdout).toMatch(new RegExp(`^ {4}\\d+ +${host}:${port} +-$`, "m"));
      expect(run.stdout).toMatch(/permissions {2}.*DESCRIBE.*on the cluster \(User:admin\)/);
    },
  );

  it("prints a JSON document with cluster id, controller, brokers and the redacted connection", async () => {
    const { argv, env } = asUser("admin", "SCRAM-SHA-512");
    const run = await kgov(["--output", "json", ...argv], env);
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toBe("");
    const doc = JSON.parse(run.stdout) as {
      ok: boolean;
      cluster: {
        clusterId: string;
        controllerId: number;
        brokers: { id: number; host: string; port: number; rack: null }[];
        authorizedOperations: string[];
      };
      connection: { sasl: { password: string } };
    };
    expect(doc.ok).toBe(true);
    expect(doc.cluster.clusterId).toMatch(/^[\w-]{22}$/);
    expect(doc.cluster.brokers).toHaveLength(1);
    expect(`${doc.cluster.brokers[0]?.host}:${doc.cluster.brokers[0]?.port}`).toBe(kafka.bootstrapServers);
    expect(doc.cluster.brokers.map((b) => b.id)).toContain(doc.cluster.controllerId);
    expect(doc.cluster.authorizedOperations).toEqual(
      expect.arrayContaining(["ALTER", "CREATE", "DESCRIBE", "DESCRIBE_CONFIGS"]),
    );
    expect(doc.connection.sasl.password).toBe("<redacted>");
  });

  it("connects with a Java client properties file (sasl.jaas.config)", async () => {
    writeFileSync(
      join(dir, "admin.properties"),
      [
        `bootstrap.servers=${kafka.bootstrapServers}`,
        "security.protocol=SASL_PLAINTEXT",
        "sasl.mechanism=SCRAM-SHA-512",
        "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required \\",
        `    username="admin" password="${kafka.users.admin.password}";`,
      ].join("\n"),
    );
    const run = await kgov(["cluster", "check", "--command-config", "admin.properties"]);
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("via SASL_PLAINTEXT, SCRAM-SHA-512 as admin");
  });

  it("connects as alice, who has no ACLs, and shows she has no cluster permissions", async () => {
    const { argv, env } = asUser("alice", "SCRAM-SHA-256");
    const run = await kgov(argv, env);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("permissions  none on the cluster (User:alice)");
  });

  it("reports a port nothing listens on as kafka/unreachable within the connect timeout", async () => {
    const port = await closedPort();
    const started = Date.now();
    const run = await kgov([
      "cluster",
      "check",
      "--bootstrap-server",
      `127.0.0.1:${port}`,
      "--connect-timeout",
      "3000",
    ]);
    expect(Date.now() - started).toBeLessThan(3000 + 2000);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(
      `error[kafka/unreachable]: Cannot reach Kafka at 127.0.0.1:${port}: the connection was refused`,
    );
  });

  it.each(["SCRAM-SHA-256", "PLAIN"])(
    "reports a wrong password over %s as kafka/authentication-failed",
    async (mechanism) => {
      const { argv, env } = asUser("admin", mechanism, WRONG_PASSWORD);
      const run = await kgov(argv, env);
      expect(run.exitCode).toBe(1);
      expect(run.stderr).toContain(
        `error[kafka/authentication-failed]: The broker rejected the credentials of ${mechanism} user "admin"`,
      );
      expect(run.stderr).toMatch(/The broker said: "Authentication failed/);
      const json = await kgov(["-o", "json", ...argv], env);
      expect((JSON.parse(json.stdout) as { diagnostics: { code: string }[] }).diagnostics.map((d) => d.code)).toEqual([
        "kafka/authentication-failed",
      ]);
    },
  );

  it("reports an unknown user as kafka/authentication-failed", async () => {
    const run = await kgov(
      [
        "cluster",
        "check",
        "--bootstrap-server",
        kafka.bootstrapServers,
        "--sasl-mechanism",
        "SCRAM-SHA-512",
        "--sasl-username",
        "nobody",
      ],
      { KGOV_SASL_PASSWORD: WRONG_PASSWORD },
    );
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain("error[kafka/authentication-failed]");
  });

  it("explains a PLAINTEXT client hung up on by the SASL listener", async () => {
    const run = await kgov(["cluster", "check", "--bootstrap-server", kafka.bootstrapServers]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(
      `closed the connection before kgov could connect to the cluster (connected with PLAINTEXT)`,
    );
    expect(run.stderr).toContain("--security-protocol SASL_PLAINTEXT");
  });

  it("reports TLS against the plaintext listener as kafka/tls-failed", async () => {
    const { argv, env } = asUser("admin", "SCRAM-SHA-256");
    const run = await kgov([...argv, "--security-protocol", "SASL_SSL"], env);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain("error[kafka/tls-failed]");
    expect(run.stderr).toContain("the listener does not seem to speak TLS");
  });
});

describe("Kafka adapter: authorization failures", () => {
  /** Reading a broker's configuration needs DESCRIBE_CONFIGS on the cluster: admin has it (super user), alice not. */
  async function describeBrokerConfig(user: "admin" | "alice") {
    const cluster = new PlatformaticKafkaCluster(
      settings({ saslMechanism: "SCRAM-SHA-256", saslUsername: user, saslPassword: kafka.users[user].password }),
      { cwd: dir },
    );
    try {
      const info = await cluster.describeCluster();
      const brokerId = String(info.brokers[0]?.id);
      return await cluster.run(
        { operation: "read the broker configuration", requiredPermission: "DESCRIBE_CONFIGS on the cluster" },
        (admin, lib) =>
          admin.describeConfigs({
            resources: [{ resourceType: lib.ConfigResourceTypes.BROKER, resourceName: brokerId }],
          }),
      );
    } finally {
      await cluster.close();
    }
  }

  it("works for admin", async () => {
    const configs = await describeBrokerConfig("admin");
    expect(configs[0]?.configs.length).toBeGreaterThan(10);
  });

  it("is kafka/authorization-failed for alice, naming the principal and the missing permission", async () => {
    const error = await describeBrokerConfig("alice").then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(KafkaPortError);
    const diagnostic = (error as KafkaPortError).diagnostic;
    expect(diagnostic).toMatchObject({
      code: "kafka/authorization-failed",
      message: "User:alice is not allowed to read the broker configuration: it lacks DESCRIBE_CONFIGS on the cluster",
    });
    expect(diagnostic.why).toContain("CLUSTER_AUTHORIZATION_FAILED");
    expect(diagnostic.fix).toContain("--allow-principal User:alice --operation DescribeConfigs --cluster");
    expect(JSON.stringify(diagnostic)).not.toContain(kafka.users.alice.password);
  });

  it("creating a topic without ACLs is kafka/authorization-failed on a topic", async () => {
    const cluster = new PlatformaticKafkaCluster(
      settings({ saslMechanism: "SCRAM-SHA-512", saslUsername: "bob", saslPassword: kafka.users.bob.password }),
      { cwd: dir },
    );
    try {
      const error = await cluster
        .run({ operation: "create a topic" }, (admin) =>
          admin.createTopics({ topics: [`kgov-conn-denied-${Date.now()}`], partitions: 1, replicas: 1 }),
        )
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect((error as KafkaPortError).diagnostic).toMatchObject({
        code: "kafka/authorization-failed",
        message: "User:bob is not allowed to create a topic: it lacks a permission on a topic",
      });
    } finally {
      await cluster.close();
    }
  });
});
