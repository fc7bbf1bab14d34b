// Import: `kgov import` of a large live estate — 10,000 topics, 50,000 ACL bindings, 1,000 subjects — on a real
// Kafka 4.x broker and a real Apicurio Registry, as a ratio to `kgov plan` over the files it wrote ("No changes."),
// measured in the same run. Target: import ≤ 1.5 × plan.
//
// The estate is seeded by `kgov apply` (topics, 2,000 services of 5 produced + 5 consumed topics = 40,000 bindings,
// 10,000 raw bindings) and raw POSTs to the registry (1,000 subjects). Self-contained: starts its own broker and
// registry under .bench-run/import and stops them at the end.
// Usage on its own: node bench/import.mjs [--keep]
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { cleanEnv, machineDescription, measureOnce, median, startKafkaAndRegistry } from "./lib.mjs";

const REPO = fileURLToPath(new URL("..", import.meta.url));
const KGOV = join(REPO, "bin", "kgov.js");
const TOPICS = 10_000;
const DOMAINS = 20;
const SERVICES = 2_000;
const RAW_BINDINGS = 10_000;
const SUBJECTS = 1_000;
const RUNS = 3;
const TARGET_RATIO = 1.5;
const CT = "application/vnd.schemaregistry.v1+json";

const pad = (n, width) => String(n).padStart(width, "0");
const topicName = (i) => `bench.d${pad(i % DOMAINS, 2)}.t${pad(i, 5)}`;
const fmtMs = (ms) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`);

function startServers() {
  const servers = startKafkaAndRegistry("import", {
    kafkaPortBase: 19560,
    registryPort: 19581,
    registryMgmtPort: 19591,
  });
  const env = { ...cleanEnv(), BENCH_KAFKA_PASSWORD: servers.kafka["user.admin"], KGOV_REQUEST_TIMEOUT_MS: "120000" };
  return { ...servers, env };
}

/** environments.yaml: the `bench` environment only, shared by the seed, the import and the plan. */
function environmentYaml(servers) {
  return `version: 1

environments:
  bench:
    kafka:
      bootstrapServers: ${servers.kafka.bootstrap}
      securityProtocol: SASL_PLAINTEXT
      sasl:
        mechanism: SCRAM-SHA-256
        username: admin
        password: "\${env:BENCH_KAFKA_PASSWORD}"
    registry:
      url: ${servers.registry.url}
`;
}

function writeSeed(dir, servers) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "environments.yaml"), environmentYaml(servers));
  writeFileSync(
    join(dir, "kgov.yaml"),
    "version: 1\n\nsettings:\n  defaults:\n    topic: { partitions: 1, replicationFactor: 1 }\n",
  );
  const byDomain = Array.from({ length: DOMAINS }, () => []);
  for (let i = 0; i < TOPICS; i++) {
    byDomain[i % DOMAINS].push(
      `  ${topicName(i)}:${i % 3 === 0 ? ` { config: { retention.ms: ${86_400_000 + i} } }` : " {}"}`,
    );
  }
  byDomain.forEach((lines, d) =>
    writeFileSync(join(dir, `topics-${pad(d, 2)}.yaml`), `version: 1\ntopics:\n${lines.join("\n")}\n`),
  );
  const services = [];
  for (let k = 0; k < SERVICES; k++) {
    const produces = Array.from({ length: 5 }, (_, j) => topicName(5 * k + j));
    const consumes = Array.from({ length: 5 }, (_, j) => topicName((5 * k + j + TOPICS / 2) % TOPICS));
    services.push(
      `  svc-${pad(k, 4)}:\n    principal: User:bench-svc-${pad(k, 4)}\n    produces: [${produces.join(", ")}]\n    consumes: [${consumes.join(", ")}]`,
    );
  }
  writeFileSync(join(dir, "services.yaml"), `version: 1\nservices:\n${services.join("\n")}\n`);
  const acls = Array.from(
    { length: RAW_BINDINGS },
    (_, i) =>
      `  - { principal: "User:bench-ops-${pad(i % 1000, 3)}", resource: { type: topic, name: ${topicName(i)} }, operations: [describe-configs] }`,
  );
  writeFileSync(join(dir, "acls.yaml"), `version: 1\nacls:\n${acls.join("\n")}\n`);
}

async function seedRegistry(url) {
  let next = 0;
  const worker = async () => {
    while (next < SUBJECTS) {
      const i = next++;
      const schema = JSON.stringify({
        type: "record",
        name: `T${pad(i, 5)}`,
        namespace: "bench",
        fields: [{ name: "id", type: "string" }],
      });
      const r = await fetch(`${url}/subjects/${encodeURIComponent(`${topicName(i)}-value`)}/versions`, {
        method: "POST",
        headers: { "Content-Type": CT, Accept: CT },
        body: JSON.stringify({ schema }),
      });
      if (!r.ok) throw new Error(`register ${topicName(i)}-value: ${r.status} ${await r.text()}`);
      await r.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}

function kgov(args, env, expectedExit = 0) {
  const r = measureOnce(process.execPath, [KGOV, ...args], { env });
  if (r.status !== expectedExit)
    throw new Error(`kgov ${args.join(" ")} exited ${r.status}:\n${r.stderr.slice(-3000)}`);
  return r;
}

export async function benchImport({ keep = false } = {}) {
  const servers = startServers();
  const dir = mkdtempSync(join(os.tmpdir(), "kgov-bench-import-"));
  try {
    const seed = join(dir, "seed");
    writeSeed(seed, servers);
    const seedStart = Date.now();
    kgov(["apply", "-f", seed, "--env", "bench", "--auto-approve"], servers.env);
    await seedRegistry(servers.registry.url);
    // The broker's metadata image lags the controller after 10,000 topics and 50,000 bindings: wait until a plan
    // of the seed sees all of it.
    for (let tries = 0; ; tries++) {
      const settled = measureOnce(
        process.execPath,
        [KGOV, "plan", "-f", seed, "--env", "bench", "--detailed-exitcode"],
        {
          env: servers.env,
        },
      );
      if (settled.status === 0) break;
      if (tries === 30) throw new Error(`the seeded estate did not settle:\n${settled.stderr.slice(-2000)}`);
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
    const seedMs = Date.now() - seedStart;

    const out = join(dir, "imported");
    const envFile = join(seed, "environments.yaml");
    const importArgs = ["import", "-f", envFile, "--env", "bench", "--out", out, "--force"];
    const planArgs = ["plan", "-f", out, "-f", envFile, "--env", "bench", "--detailed-exitcode"];
    kgov(importArgs, servers.env); // warm-up, and the files the plans read
    const imported = JSON.parse(
      spawnSync(process.execPath, [KGOV, ...importArgs, "--output", "json"], {
        env: servers.env,
        encoding: "utf8",
        maxBuffer: 1 << 26,
      }).stdout,
    ).summary;
    const expected = {
      topics: TOPICS,
      services: SERVICES,
      rawAcls: RAW_BINDINGS,
      bindings: 50_000,
      subjects: SUBJECTS,
    };
    for (const [key, value] of Object.entries(expected)) {
      if (imported[key] !== value) throw new Error(`the import found ${imported[key]} ${key}, expected ${value}`);
    }
    kgov(planArgs, servers.env);
    const m = { import: [], plan: [], importRss: [], planRss: [] };
    for (let i = 0; i < RUNS; i++) {
      const a = kgov(importArgs, servers.env);
      m.import.push(a.ms);
      m.importRss.push(a.rssMb);
      const p = kgov(planArgs, servers.env); // exit 0 with --detailed-exitcode: "No changes."
      m.plan.push(p.ms);
      m.planRss.push(p.rssMb);
    }
    const importMs = median(m.import);
    const planMs = median(m.plan);
    const ratio = importMs / planMs;
    return {
      title: `Import: \`kgov import\` of ${TOPICS.toLocaleString("en")} topics, 50,000 bindings and ${SUBJECTS.toLocaleString("en")} subjects vs \`kgov plan\` over the imported files`,
      target: `import ≤ ${TARGET_RATIO} × plan`,
      pass: ratio <= TARGET_RATIO,
      columns: ["command", `median wall of ${RUNS}`, "ratio", "peak RSS"],
      rows: [
        [
          "kgov plan over the imported files (No changes.)",
          fmtMs(planMs),
          "1.00",
          `${Math.max(...m.planRss).toFixed(0)} MB`,
        ],
        [
          "kgov import --force (reads, folds, writes)",
          fmtMs(importMs),
          ratio.toFixed(2),
          `${Math.max(...m.importRss).toFixed(0)} MB`,
        ],
      ],
      notes:
        `Apache Kafka ${servers.kafka.version} (single broker, SASL/SCRAM, StandardAuthorizer) and Apicurio Registry ` +
        `${servers.registry.version} (ccompat API), scripts/infra.sh, on ${machineDescription()}. Seeded in ` +
        `${(seedMs / 1000).toFixed(0)} s by \`kgov apply\` (${TOPICS} topics in ${DOMAINS} domains, a third with ` +
        `retention.ms; ${SERVICES} services producing and consuming 5 topics each; ${RAW_BINDINGS} raw DESCRIBE_CONFIGS ` +
        `bindings) and ${SUBJECTS} registry POSTs. The import found ${imported.topics} topics, ${imported.services} ` +
        `services, ${imported.rawAcls} raw ACL entries (${imported.bindings} bindings) and ${imported.subjects} subjects. ` +
        `Both commands read the cluster in the same fixed round trips; import also GETs each subject's own level ` +
        `(${SUBJECTS} more requests than the plan, which reads levels only where the files set one), folds the bindings ` +
        `into services and writes the files. Every command is a fresh node process; medians of ${RUNS} runs, interleaved.`,
    };
  } finally {
    if (keep) {
      servers.keep();
      process.stderr.write(`kept: servers under .bench-run/import, files in ${dir}\n`);
    } else {
      servers.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await benchImport({ keep: process.argv[2] === "--keep" });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
