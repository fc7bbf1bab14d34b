// Shared helpers for kgov's benchmarks: timing child processes and describing the machine.
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Times several commands with their runs interleaved (A B A B …) so drift in machine load hits each alike.
 * Returns one { medianMs, minMs, runs } per command, in the order given.
 */
export function timeInterleaved(commands, { runs = 21, env = process.env, cwd } = {}) {
  const times = commands.map(() => []);
  for (const [command, args] of commands) spawnSync(command, args, { env, cwd, stdio: "ignore" });
  for (let i = 0; i < runs; i++) {
    commands.forEach(([command, args], k) => {
      const start = process.hrtime.bigint();
      const result = spawnSync(command, args, { env, cwd, stdio: "ignore" });
      if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} exited ${result.status}`);
      times[k].push(Number(process.hrtime.bigint() - start) / 1e6);
    });
  }
  return times.map((t) => ({ medianMs: median(t), minMs: Math.min(...t), runs }));
}

/**
 * Wall time and peak RSS (MB, GNU time's %M written to a file, so the command's own stderr stays its own) of one run.
 * stdout is discarded: a long report (kgov apply of 10,000 bindings) would overflow spawnSync's buffer and kill it.
 */
export function measureOnce(command, args, { env = process.env, cwd } = {}) {
  const rssFile = join(os.tmpdir(), `kgov-bench-rss-${process.pid}`);
  const start = process.hrtime.bigint();
  const result = spawnSync("/usr/bin/time", ["-f", "%M", "-o", rssFile, command, ...args], {
    env,
    cwd,
    stdio: ["ignore", "ignore", "pipe"],
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const rssKb = Number(readFileSync(rssFile, "utf8").trim().split("\n").pop());
  rmSync(rssFile, { force: true });
  return { ms, rssMb: Number.isFinite(rssKb) ? rssKb / 1024 : undefined, status: result.status, stderr: result.stderr };
}

export function machineDescription() {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model ?? "unknown CPU"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
}

/**
 * A raw-client baseline: @platformatic/kafka (the library kgov uses, loaded only here) connected like kgov (Admin,
 * SASL, one bootstrap Metadata), then `run({ lib, connection, answer, moreConnections })` on the controller's
 * connection; its result is printed as one JSON line. `answer(request)` resolves to the parsed response even when the
 * library rejects it for per-item errors; `moreConnections(n)` opens n more connections to the same broker (a
 * connection pool each, with the same SASL options), closed with the client.
 */
export async function runRawClient({ bootstrap, sasl }, run) {
  const lib = await import("@platformatic/kafka");
  const [host, port] = bootstrap.split(":");
  const admin = new lib.Admin({
    clientId: "kgov-bench-raw",
    bootstrapBrokers: [{ host, port: Number(port) }],
    sasl,
    requestTimeout: 120_000,
    retries: 1,
  });
  const answer = async (request) => {
    try {
      return await request;
    } catch (error) {
      if (error?.code === "PLT_KFK_RESPONSE" && error.response) return error.response;
      throw error;
    }
  };
  const pools = [];
  try {
    const metadata = await admin.metadata({ topics: [] });
    const broker = metadata.brokers.get(metadata.controllerId);
    const connection = (await admin.connectToBrokers([metadata.controllerId])).get(metadata.controllerId);
    const moreConnections = (n) =>
      Promise.all(
        Array.from({ length: n }, () => {
          const pool = new lib.ConnectionPool("kgov-bench-raw", { sasl, requestTimeout: 120_000 });
          pools.push(pool);
          return pool.get({ host: broker.host, port: broker.port });
        }),
      );
    process.stdout.write(`${JSON.stringify(await run({ lib, connection, answer, moreConnections }))}\n`);
  } finally {
    await Promise.all([admin.close(), ...pools.map((p) => p.close())]);
  }
}

const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));

/** The environment without KGOV_* variables (kgov must take its connection from the files) and without colour. */
export function cleanEnv() {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("KGOV_")));
  return { ...env, NO_COLOR: "1" };
}

/**
 * Starts a single Kafka 4.x broker and an Apicurio Registry with scripts/infra.sh under .bench-run/<name>, on the
 * given ports, and stops them when the process exits unless `keep()` was called. Returns their info files' fields.
 */
export function startKafkaAndRegistry(name, { kafkaPortBase, registryPort, registryMgmtPort }) {
  const infraEnv = {
    ...cleanEnv(),
    KGOV_INFRA_DIR: join(REPO_ROOT, ".bench-run", name),
    KGOV_KAFKA4_PORT_BASE: String(kafkaPortBase),
    KGOV_REGISTRY_PORT: String(registryPort),
    KGOV_REGISTRY_MGMT_PORT: String(registryMgmtPort),
  };
  const infra = (...args) => {
    const r = spawnSync("bash", [join(REPO_ROOT, "scripts", "infra.sh"), ...args], { env: infraEnv, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`scripts/infra.sh ${args.join(" ")} failed (exit ${r.status}):\n${r.stderr}`);
  };
  let running = true;
  let kept = false;
  const stop = () => {
    if (!running || kept) return;
    running = false;
    spawnSync("bash", [join(REPO_ROOT, "scripts", "infra.sh"), "stop", "all"], { env: infraEnv, stdio: "ignore" });
  };
  process.on("exit", stop);
  infra("fetch");
  infra("start", "single", "--kafka", "4");
  infra("start", "registry");
  const read = (kind) =>
    Object.fromEntries(
      readFileSync(join(infraEnv.KGOV_INFRA_DIR, kind, "info"), "utf8")
        .trim()
        .split("\n")
        .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
    );
  return { kafka: read("kafka4-single"), registry: read("registry"), stop, keep: () => (kept = true) };
}
