/**
 * Without --env, plan and apply start reading the cluster while the files load. What the user sees must not change:
 * desired-state errors come first (exit 3, no connection error), and a connection problem is reported only for
 * valid files (exit 1). Port 1 on loopback refuses connections at once, so no server is needed.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../../helpers/cli.js";

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function estate(minInsyncReplicas: number): string {
  const dir = mkdtempSync(join(tmpdir(), "kgov-read-order-"));
  dirs.push(dir);
  writeFileSync(
    join(dir, "kgov.yaml"),
    [
      "version: 1",
      "settings: { scope: { topicPrefixes: [ro.] } }",
      "topics:",
      `  ro.t: { partitions: 1, replicationFactor: 1, config: { min.insync.replicas: ${minInsyncReplicas} } }`,
      "",
    ].join("\n"),
  );
  return dir;
}

const unreachable = { KGOV_BOOTSTRAP_SERVERS: "127.0.0.1:1" };

describe.each([["plan"], ["apply", "--auto-approve"]])("kgov %s with the connection in KGOV_* variables", (...args) => {
  it("reports desired-state errors, not the unreachable cluster, when the files are invalid", async () => {
    const run = await runCli(args, { cwd: estate(2), env: unreachable });
    expect(run.exitCode).toBe(3);
    expect(run.stderr).toContain("topic/min-isr-above-rf");
    expect(run.stderr).not.toContain("kafka/");
  });

  it("has started reading the cluster by the time the files turn out invalid, unless --env may change the connection", async () => {
    const overlapped = await runCli(args, { cwd: estate(2), env: unreachable, tty: true });
    expect(overlapped.exitCode).toBe(3);
    expect(overlapped.stderr).toContain("Reading the cluster…");
    const inTurn = await runCli([...args, "--env", "dev"], { cwd: estate(2), env: unreachable, tty: true });
    expect(inTurn.exitCode).toBe(3);
    expect(inTurn.stderr).not.toContain("Reading the cluster…");
  });

  it("reports the unreachable cluster when the files are valid", async () => {
    const run = await runCli([...args, "-o", "json"], { cwd: estate(1), env: unreachable });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain("kafka/unreachable");
  });
});
