// Subjects: `kgov plan` against a real Apicurio Registry (Confluent API) holding 1,000 subjects of 10 versions each,
// compared with a raw script sending the minimum requests with the same concurrency, in the same run.
//
//   no-change  `kgov plan --env bench` over 1,000 desired subjects that match their latest versions ("No changes."),
//              vs a fresh node process sending GET /subjects/{s}/versions/latest for each subject, 16 at a time
//              (kgov's default concurrency). Target: ratio ≤ 1.3.
//   two-changed the same with 2 subjects changed (a compatible new field): kgov also reads those subjects' history,
//              level and mode and asks the registry's compatibility check. Target: well under a second; the
//              Jikkou anchor is 44 s for 2 changed subjects in a 750-subject registry.
//   two-of-1000 files declaring only the 2 changed subjects, in the same 1,000-subject registry (the Jikkou anchor's
//              case: it reads the whole registry to diff 2). kgov reads only what it manages. Target: well under 1 s.
//
// Self-contained: starts its own Kafka (kgov plan reads the cluster too; the files declare no topic) and Apicurio
// under .bench-run/registry, seeds the registry with the raw client and stops everything at the end.
// Usage on its own: node bench/registry.mjs [--keep]      Internal: node bench/registry.mjs raw <op> <file>
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { cleanEnv, machineDescription, measureOnce, median, startKafkaAndRegistry } from "./lib.mjs";

const REPO = fileURLToPath(new URL("..", import.meta.url));
const KGOV = join(REPO, "bin", "kgov.js");
const SELF = fileURLToPath(import.meta.url);
const SUBJECTS = 1000;
const VERSIONS = 10;
const CONCURRENCY = 16;
const RUNS = 3;
const TARGET_RATIO = 1.3;
const TWO_CHANGED_TARGET_MS = 1000;
const CT = "application/vnd.schemaregistry.v1+json";

const pad = (n) => String(n).padStart(4, "0");
const subjectName = (i) => `bench.s${pad(i)}-value`;
/** Version k (1-based) of subject i: a record with k - 1 optional fields, so every version is BACKWARD-compatible. */
const schemaOf = (i, k) =>
  JSON.stringify({
    type: "record",
    name: `S${pad(i)}`,
    namespace: "bench",
    fields: [
      { name: "id", type: "string" },
      ...Array.from({ length: k - 1 }, (_, f) => ({ name: `f${f + 1}`, type: "string", default: "" })),
    ],
  });
const fmtMs = (ms) => `${ms.toFixed(0)} ms`;

function startServers() {
  const servers = startKafkaAndRegistry("registry", {
    kafkaPortBase: 19460,
    registryPort: 19481,
    registryMgmtPort: 19491,
  });
  return { ...servers, kgovEnv: { ...cleanEnv(), BENCH_KAFKA_PASSWORD: servers.kafka["user.admin"] } };
}

/** Files declaring every subject (or, with `onlyChanged`, just the changed ones); the changed ones gain a version. */
function writeEstate(dir, servers, changed, { onlyChanged = false } = {}) {
  mkdirSync(join(dir, "schemas"), { recursive: true });
  const entries = [];
  for (let i = 0; i < SUBJECTS; i++) {
    if (onlyChanged && !changed.includes(i)) continue;
    const version = changed.includes(i) ? VERSIONS + 1 : VERSIONS;
    writeFileSync(
      join(dir, "schemas", `s${pad(i)}.avsc`),
      `${JSON.stringify(JSON.parse(schemaOf(i, version)), null, 2)}\n`,
    );
    entries.push(`  ${subjectName(i)}: { file: schemas/s${pad(i)}.avsc }`);
  }
  writeFileSync(
    join(dir, "kgov.yaml"),
    `version: 1

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

schemas:
${entries.join("\n")}
`,
  );
}

function raw(op, url, arg) {
  const r = spawnSync(process.execPath, [SELF, "raw", op, url, ...(arg === undefined ? [] : [arg])], {
    encoding: "utf8",
    env: cleanEnv(),
  });
  if (r.status !== 0) throw new Error(`raw ${op} failed (exit ${r.status}):\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

function timeRaw(url) {
  const start = process.hrtime.bigint();
  const answer = raw("latest", url);
  if (answer.found !== SUBJECTS) throw new Error(`raw latest found ${answer.found} subjects`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** One `kgov plan --output json` run: wall time, peak RSS, the plan (for its request count and actions). */
function timePlan(dir, env, expectedExit) {
  const out = join(dir, "plan.json");
  const r = measureOnce(
    process.execPath,
    [KGOV, "plan", "-f", dir, "--env", "bench", "--detailed-exitcode", "--out", out],
    { env },
  );
  if (r.status !== expectedExit)
    throw new Error(`kgov plan exited ${r.status}, expected ${expectedExit}:\n${r.stderr.slice(-3000)}`);
  return { ...r, plan: JSON.parse(readFileSync(out, "utf8")) };
}

export async function benchRegistry({ keep = false } = {}) {
  const servers = startServers();
  const dir = mkdtempSync(join(os.tmpdir(), "kgov-bench-registry-"));
  try {
    const seedStart = Date.now();
    const seeded = raw("seed", servers.registry.url);
    if (seeded.registered !== SUBJECTS * VERSIONS) throw new Error(`seeded ${seeded.registered} versions`);
    const seedMs = Date.now() - seedStart;
    const same = join(dir, "same");
    const two = join(dir, "two");
    writeEstate(same, servers, []);
    writeEstate(two, servers, [7, 777]);
    const twoOnly = join(dir, "two-only");
    writeEstate(twoOnly, servers, [7, 777], { onlyChanged: true });
    timePlan(same, servers.kgovEnv, 0); // warm-up
    timeRaw(servers.registry.url);
    const m = { raw: [], plan: [], rss: [], two: [], twoOnly: [], requests: 0, twoRequests: 0, twoOnlyRequests: 0 };
    for (let i = 0; i < RUNS; i++) {
      m.raw.push(timeRaw(servers.registry.url));
      const plan = timePlan(same, servers.kgovEnv, 0);
      m.plan.push(plan.ms);
      m.rss.push(plan.rssMb);
      m.requests = plan.plan.registry.requests;
      const changed = timePlan(two, servers.kgovEnv, 2);
      m.two.push(changed.ms);
      m.twoRequests = changed.plan.registry.requests;
      const only = timePlan(twoOnly, servers.kgovEnv, 2);
      m.twoOnly.push(only.ms);
      m.twoOnlyRequests = only.plan.registry.requests;
      for (const p of [changed.plan, only.plan]) {
        const registers = p.actions.filter((a) => a.type === "subject.register").length;
        if (registers !== 2) throw new Error(`a two-changed plan registers ${registers} subjects`);
      }
    }
    const rawMs = median(m.raw);
    const planMs = median(m.plan);
    const twoMs = median(m.two);
    const twoOnlyMs = median(m.twoOnly);
    const ratio = planMs / rawMs;
    const pass = ratio <= TARGET_RATIO && twoMs < TWO_CHANGED_TARGET_MS && twoOnlyMs < TWO_CHANGED_TARGET_MS;
    const yes = (ok) => (ok ? "met" : "NOT met");
    return {
      title: `Subjects: \`kgov plan\` over ${SUBJECTS.toLocaleString("en")} subjects (${VERSIONS} versions each) on a real Apicurio Registry, vs a raw script`,
      target:
        `ratio ≤ ${TARGET_RATIO} (${yes(ratio <= TARGET_RATIO)}); 2 changed subjects well under 1 s: ` +
        `among 1,000 managed ${yes(twoMs < TWO_CHANGED_TARGET_MS)}, as the only 2 managed ${yes(twoOnlyMs < TWO_CHANGED_TARGET_MS)}`,
      pass,
      columns: ["command", `median wall of ${RUNS}`, "ratio", "HTTP requests", "peak RSS", "target"],
      rows: [
        [
          `raw script: GET /subjects/{s}/versions/latest × ${SUBJECTS}, ${CONCURRENCY} at a time`,
          fmtMs(rawMs),
          "1.00",
          String(SUBJECTS),
          "",
          "",
        ],
        [
          "kgov plan --env bench (No changes.)",
          fmtMs(planMs),
          ratio.toFixed(2),
          String(m.requests),
          `${Math.max(...m.rss).toFixed(0)} MB`,
          `≤ ${TARGET_RATIO}: ${yes(ratio <= TARGET_RATIO)}`,
        ],
        [
          "kgov plan --env bench, 2 subjects changed",
          fmtMs(twoMs),
          (twoMs / rawMs).toFixed(2),
          String(m.twoRequests),
          "",
          `< 1 s: ${yes(twoMs < TWO_CHANGED_TARGET_MS)}`,
        ],
        [
          `kgov plan --env bench, files declaring only the 2 changed subjects (registry still holds ${SUBJECTS})`,
          fmtMs(twoOnlyMs),
          (twoOnlyMs / rawMs).toFixed(2),
          String(m.twoOnlyRequests),
          "",
          `< 1 s: ${yes(twoOnlyMs < TWO_CHANGED_TARGET_MS)}`,
        ],
      ],
      notes:
        `Apicurio Registry ${servers.registry.version} (ccompat API, in-memory H2, scripts/infra.sh) and Apache Kafka ` +
        `${servers.kafka.version} (kgov plan reads the cluster too; the files declare no topic), on ${machineDescription()}. ` +
        `The registry was seeded by the raw script with ${SUBJECTS} subjects × ${VERSIONS} BACKWARD-compatible versions ` +
        `(${(seedMs / 1000).toFixed(1)} s); the files declare the ${SUBJECTS} subjects as standalone \`schemas:\` entries, ` +
        `one .avsc each, pretty-printed (so equality is decided on the canonical form, not the text). ` +
        `kgov sends one GET of the latest version per subject (no level is set in the files, so no config is read); ` +
        `for each changed subject it adds the version list, every version (kgov's own check), the level, the mode and ` +
        `the registry's compatibility check: ${m.twoRequests - m.requests} more requests for 2 subjects. ` +
        `With only the 2 changed subjects declared kgov sends ${m.twoOnlyRequests} requests in all and never lists ` +
        `the other ${SUBJECTS - 2} subjects (no \`subjectPrefixes\` scope); the wall time is the whole process ` +
        `(node start, files, Kafka read, registry), so its registry time is lower still. ` +
        `Every command is a fresh node process (kgov also loads and checks 1,000 schema files and reads Kafka). ` +
        `Medians of ${RUNS} runs, interleaved.`,
    };
  } finally {
    if (keep) {
      servers.keep();
      process.stderr.write(`kept: servers under .bench-run/registry, files in ${dir}\n`);
    } else {
      servers.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

// ------------------------------------------------------------------------------------------------ raw client

/** Runs `task(i)` for i < count with at most `limit` in flight. */
async function pool(count, limit, task) {
  let next = 0;
  const workers = Array.from({ length: limit }, async () => {
    while (next < count) await task(next++);
  });
  await Promise.all(workers);
}

async function rawMain(op, url) {
  if (op === "seed") {
    let registered = 0;
    // Versions in order per subject; subjects in parallel.
    await pool(SUBJECTS, CONCURRENCY, async (i) => {
      for (let k = 1; k <= VERSIONS; k++) {
        const r = await fetch(`${url}/subjects/${encodeURIComponent(subjectName(i))}/versions`, {
          method: "POST",
          headers: { "Content-Type": CT, Accept: CT },
          body: JSON.stringify({ schema: schemaOf(i, k) }),
        });
        if (!r.ok) throw new Error(`register ${subjectName(i)} v${k}: ${r.status} ${await r.text()}`);
        await r.arrayBuffer();
        registered++;
      }
    });
    return { registered };
  }
  if (op === "latest") {
    let found = 0;
    await pool(SUBJECTS, CONCURRENCY, async (i) => {
      const r = await fetch(`${url}/subjects/${encodeURIComponent(subjectName(i))}/versions/latest`, {
        headers: { Accept: CT },
      });
      const body = await r.json();
      if (r.ok && typeof body.schema === "string") found++;
    });
    return { found };
  }
  throw new Error(`unknown raw op ${op}`);
}

if (process.argv[1] === SELF) {
  const [first, ...rest] = process.argv.slice(2);
  if (first === "raw") {
    process.stdout.write(`${JSON.stringify(await rawMain(rest[0], rest[1]))}\n`);
  } else {
    const result = await benchRegistry({ keep: first === "--keep" });
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  }
}
