/**
 * `kgov cluster check` run in-process, for everything that needs no broker: configuration problems, an unreachable
 * address, output formats, and the promise that secrets never reach stdout or stderr. The broker cases are in
 * test/real/connection/.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli } from "../../helpers/cli.js";

const SECRET = "cli-Secret-0xC0FFEE";
const dir = mkdtempSync(join(tmpdir(), "kgov-conn-"));
const write = (name: string, text: string): string => {
  writeFileSync(join(dir, name), text);
  return name;
};

function expectNoSecret(run: { stdout: string; stderr: string }): void {
  expect(run.stdout).not.toContain(SECRET);
  expect(run.stderr).not.toContain(SECRET);
}

describe("kgov cluster check without a broker", () => {
  it("reports missing bootstrap servers and exits 1", async () => {
    const run = await runCli(["cluster", "check"]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain("error[connection/invalid-config]: No Kafka bootstrap servers are configured");
    expect(run.stdout).toBe("✗ Could not check the Kafka cluster\n");
  });

  it("writes one JSON document with ok=false and the diagnostics", async () => {
    const run = await runCli(["--output", "json", "cluster", "check"]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe("");
    const doc = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(doc).toMatchObject({ formatVersion: 1, ok: false, errorCount: 1, connection: null, cluster: null });
  });

  it("refuses output formats it does not support", async () => {
    const run = await runCli(["--output", "markdown", "cluster", "check", "--bootstrap-server", "x:1"]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain("does not support --output markdown");
  });

  it("reports an unreachable broker as kafka/unreachable quickly, without the password", async () => {
    const started = Date.now();
    const run = await runCli(
      [
        "cluster",
        "check",
        "--bootstrap-server",
        "127.0.0.1:1",
        "--sasl-mechanism",
        "PLAIN",
        "--sasl-username",
        "u",
        "--sasl-password",
        SECRET,
      ],
      { cwd: dir },
    );
    expect(Date.now() - started).toBeLessThan(8000);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(
      "error[kafka/unreachable]: Cannot reach Kafka at 127.0.0.1:1: the connection was refused: nothing listens on that port",
    );
    expect(run.stdout).toBe("✗ Could not check the Kafka cluster (127.0.0.1:1 via SASL_PLAINTEXT, PLAIN as u)\n");
    expectNoSecret(run);
  });

  it("includes the redacted connection in JSON when connecting fails", async () => {
    const run = await runCli(["-o", "json", "cluster", "check", "--bootstrap-server", "127.0.0.1:1"], {
      cwd: dir,
      env: { KGOV_SASL_MECHANISM: "SCRAM-SHA-512", KGOV_SASL_USERNAME: "svc", KGOV_SASL_PASSWORD: SECRET },
    });
    expect(run.exitCode).toBe(1);
    const doc = JSON.parse(run.stdout) as {
      ok: boolean;
      connection: { sasl: unknown };
      diagnostics: { code: string }[];
    };
    expect(doc.ok).toBe(false);
    expect(doc.connection.sasl).toEqual({ mechanism: "SCRAM-SHA-512", username: "svc", password: "<redacted>" });
    expect(doc.diagnostics.map((d) => d.code)).toEqual(["kafka/unreachable"]);
    expectNoSecret(run);
  });

  it("reads --command-config, and KGOV_COMMAND_CONFIG when the flag is absent", async () => {
    const file = write(
      "jks.properties",
      [
        "bootstrap.servers=127.0.0.1:1",
        "security.protocol=SASL_SSL",
        "sasl.mechanism=SCRAM-SHA-256",
        `sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="svc" password="${SECRET}";`,
        "ssl.truststore.type=JKS",
        "ssl.truststore.location=truststore.jks",
        `ssl.truststore.password=${SECRET}`,
      ].join("\n"),
    );
    for (const run of [
      await runCli(["cluster", "check", "--command-config", file], { cwd: dir }),
      await runCli(["cluster", "check"], { cwd: dir, env: { KGOV_COMMAND_CONFIG: file } }),
    ]) {
      expect(run.exitCode).toBe(1);
      expect(run.stderr).toContain(
        "error[connection/unsupported]: ssl.truststore.type=JKS (in jks.properties:5): kgov reads PEM trust stores only",
      );
      expectNoSecret(run);
    }
  });

  it("reports an unreadable properties file", async () => {
    const run = await runCli(["cluster", "check", "--command-config", "nope.properties"], { cwd: dir });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(
      "error[connection/properties-file]: Cannot read the client properties file nope.properties (ENOENT)",
    );
  });

  it("never prints a secret from a broken properties file, in any output format", async () => {
    const file = write(
      "broken.properties",
      [
        "bootstrap.servers=127.0.0.1:1",
        `sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="${SECRET};`,
        `ssl.key.password=${SECRET}\\u00zz`,
        `ssl.keystore.password=${SECRET}`,
      ].join("\n"),
    );
    for (const output of ["text", "json", "github-actions"]) {
      const run = await runCli(["-o", output, "cluster", "check", "--command-config", file], { cwd: dir });
      expect(run.exitCode).toBe(1);
      expect(`${run.stdout}${run.stderr}`).toMatch(/connection\/properties-file/);
      expectNoSecret(run);
    }
  });

  it("documents the connection flags and variables in --help", async () => {
    const run = await runCli(["cluster", "check", "--help"]);
    expect(run.exitCode).toBe(0);
    for (const flag of [
      "--bootstrap-server",
      "--command-config",
      "--sasl-password",
      "--tls-ca",
      "--connect-timeout",
      "KGOV_SASL_PASSWORD",
    ]) {
      expect(run.stdout).toContain(flag);
    }
    expect(run.stdout).toMatch(/discouraged/);
  });
});

describe("the Kafka client is loaded lazily", () => {
  const src = fileURLToPath(new URL("../../../src/", import.meta.url));
  const files = (d: string): string[] =>
    readdirSync(d).flatMap((name) => {
      const path = join(d, name);
      return statSync(path).isDirectory() ? files(path) : path.endsWith(".ts") ? [path] : [];
    });

  it("only src/adapters/kafka mentions @platformatic/kafka, and only as types or a dynamic import", () => {
    for (const file of files(src)) {
      const text = readFileSync(file, "utf8");
      const rel = relative(src, file);
      const statics = [...text.matchAll(/^import\s+(?!type\b)[^;]*from\s+["']@platformatic\/kafka["']/gm)];
      expect(statics, `${rel} imports @platformatic/kafka statically`).toEqual([]);
      if (text.includes("@platformatic/kafka") && !rel.startsWith("adapters/kafka/")) {
        throw new Error(`${rel} mentions @platformatic/kafka outside the adapter`);
      }
    }
  });

  it("the CLI reaches the Kafka adapter's client code only through dynamic import()", () => {
    for (const file of files(join(src, "cli"))) {
      const text = readFileSync(file, "utf8");
      expect(text, relative(src, file)).not.toMatch(
        /^import[^;]*from\s+["'][./]*adapters\/kafka\/(cluster|index)\.js["']/m,
      );
    }
  });
});
