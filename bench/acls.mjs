// ACLs: kgov against a real single-node Apache Kafka 4.x broker (SASL/SCRAM, StandardAuthorizer, scripts/infra.sh),
// each measurement compared with a raw-client baseline in the same run on the same broker.
//
//   plan   `kgov plan --env bench` over 50,000 existing ACL bindings declared as raw `acls:` entries ("No changes.")
//          vs one DescribeAcls (ANY filter) sent by a fresh node process on the same client (@platformatic/kafka).
//          Targets: ratio ≤ 1.3, kgov peak RSS ≤ 300 MB.
//   apply  `kgov apply --auto-approve --env bench` creating 10,000 new bindings vs one batched CreateAcls of 10,000
//          bindings from a fresh node process. Target ratio ≤ 1.5.
//
// Self-contained: starts its own broker under .bench-run/acls (ports 19361-19363), generates the desired state into a
// temporary folder and stops the broker at the end. Connection for kgov: the `bench` environment in kgov.yaml
// (password via ${env:BENCH_KAFKA_PASSWORD}); no KGOV_* connection variable is set.
//
// Usage on its own: node bench/acls.mjs [--keep]
// Internal: node bench/acls.mjs raw <op> [arg]   the raw-client baseline (see rawMain).
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { machineDescription, measureOnce, median, runRawClient } from "./lib.mjs";

const REPO = fileURLToPath(new URL("..", import.meta.url));
const KGOV = join(REPO, "bin", "kgov.js");
const SELF = fileURLToPath(import.meta.url);
const BENCH_RUN = join(REPO, ".bench-run");

const PLAN = { bindings: 50_000, principals: 500, files: 10, runs: 3, targetRatio: 1.3, targetRssMb: 300 };
const APPLY = { bindings: 10_000, principals: 100, runs: 3, targetRatio: 1.5 };
/** A KRaft controller refuses a user operation writing more than 10,000 metadata records (one per ACL). */
const CHUNK = 10_000;
// Wire codes (Kafka's AclResourceType / PatternType / AclOperation / AclPermissionType).
const TOPIC = 2;
const LITERAL = 3;
const READ = 3;
const ALLOW = 3;
const ANY = 1;

const pad = (n, width) => String(n).padStart(width, "0");
const fmtMs = (ms) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`);

// ------------------------------------------------------------------------------------------------ broker

function cleanEnv() {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("KGOV_")));
  return { ...env, NO_COLOR: "1" };
}

let current;
function stopBroker() {
  if (!current) return;
  const { infraEnv } = current;
  current = undefined;
  spawnSync("bash", [join(REPO, "scripts", "infra.sh"), "stop", "all"], { env: infraEnv, stdio: "ignore" });
}
process.on("exit", () => {
  if (!keepAtExit) stopBroker();
});
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    stopBroker();
    process.exit(signal === "SIGINT" ? 130 : 143);
  });
}
let keepAtExit = false;

function startBroker() {
  const infraEnv = { ...cleanEnv(), KGOV_INFRA_DIR: join(BENCH_RUN, "acls"), KGOV_KAFKA4_PORT_BASE: "19360" };
  const infra = (...args) => {
    const r = spawnSync("bash", [join(REPO, "scripts", "infra.sh"), ...args], { env: infraEnv, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`scripts/infra.sh ${args.join(" ")} failed (exit ${r.status}):\n${r.stderr}`);
  };
  infra("fetch");
  current = { infraEnv };
  infra("start", "single", "--kafka", "4");
  const info = Object.fromEntries(
    readFileSync(join(infraEnv.KGOV_INFRA_DIR, "kafka4-single", "info"), "utf8")
      .trim()
      .split("\n")
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );
  return {
    version: info.version,
    bootstrap: info.bootstrap,
    /** kgov's environment: only the password variable its kgov.yaml names (and a generous request timeout). */
    kgovEnv: { ...cleanEnv(), BENCH_KAFKA_PASSWORD: info["user.admin"], KGOV_REQUEST_TIMEOUT_MS: "120000" },
    /** The raw client's environment. */
    rawEnv: {
      ...cleanEnv(),
      BENCH_BOOTSTRAP: info.bootstrap,
      BENCH_KAFKA_PASSWORD: info["user.admin"],
    },
  };
}

/** Runs the raw client (`node bench/acls.mjs raw <op> [arg]`) and returns its JSON answer. */
function raw(broker, op, arg) {
  const r = spawnSync(process.execPath, [SELF, "raw", op, ...(arg === undefined ? [] : [arg])], {
    env: broker.rawEnv,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`raw ${op} failed (exit ${r.status}):\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

function timeOnce(command, args, env) {
  const start = process.hrtime.bigint();
  const r = spawnSync(command, args, {
    env,
    stdio: ["ignore", "ignore", "pipe"],
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} exited ${r.status}:\n${r.stderr.slice(-3000)}`);
  }
  return ms;
}

// ------------------------------------------------------------------------------------------------ desired state

/** kgov.yaml (scope, the bench environment) and the bindings ([{principal, topic}]) as raw acls in `files` files. */
function writeEstate(dir, broker, bindings, files) {
  mkdirSync(join(dir, "acls"), { recursive: true });
  writeFileSync(
    join(dir, "kgov.yaml"),
    `version: 1

settings:
  scope:
    principals: ["User:bench-"]

environments:
  bench:
    kafka:
      bootstrapServers: ${broker.bootstrap}
      securityProtocol: SASL_PLAINTEXT
      sasl:
        mechanism: SCRAM-SHA-256
        username: admin
        password: "\${env:BENCH_KAFKA_PASSWORD}"
`,
  );
  const groups = Array.from({ length: files }, () => []);
  bindings.forEach((b, i) => groups[i % files].push(b));
  groups.forEach((group, g) => {
    const lines = group.map(
      (b) => `  - { principal: "${b.principal}", resource: { type: topic, name: ${b.topic} }, operations: [read] }`,
    );
    writeFileSync(join(dir, "acls", `acls-${pad(g, 2)}.yaml`), `version: 1\n\nacls:\n${lines.join("\n")}\n`);
  });
}

const planBindings = () =>
  Array.from({ length: PLAN.bindings }, (_, i) => ({
    principal: `User:bench-${i % PLAN.principals}`,
    topic: `bench.t${pad(i, 5)}`,
  }));
const applyBindings = (tag) =>
  Array.from({ length: APPLY.bindings }, (_, i) => ({
    principal: `User:bench-${tag}-${i % APPLY.principals}`,
    topic: `bench.${tag}.t${pad(i, 5)}`,
  }));
const principalsOf = (bindings) => [...new Set(bindings.map((b) => b.principal))];

// ------------------------------------------------------------------------------------------------ the benchmark

export async function benchAcls({ keep = false } = {}) {
  const broker = startBroker();
  const dir = mkdtempSync(join(os.tmpdir(), "kgov-bench-acls-"));
  try {
    // ---- plan over 50,000 bindings
    const seed = planBindings();
    writeFileSync(join(dir, "seed.json"), JSON.stringify(seed));
    writeFileSync(join(dir, "seed-principals.json"), JSON.stringify(principalsOf(seed)));
    const seedStart = Date.now();
    raw(broker, "create", join(dir, "seed.json"));
    const seedMs = Date.now() - seedStart;
    const described = raw(broker, "describe");
    if (described.bindings !== PLAN.bindings) throw new Error(`seeded ${described.bindings} bindings`);
    const planDir = join(dir, "plan");
    writeEstate(planDir, broker, seed, PLAN.files);
    const planArgs = [KGOV, "plan", "-f", planDir, "--env", "bench"];
    const check = spawnSync(process.execPath, [...planArgs, "--detailed-exitcode"], {
      env: broker.kgovEnv,
      encoding: "utf8",
      maxBuffer: 256 * 1024 * 1024,
    });
    if (check.status !== 0 || !check.stdout.includes("No changes")) {
      throw new Error(
        `kgov plan should say "No changes." and exit 0 with --detailed-exitcode, exit ${check.status}:\n` +
          `${check.stdout.slice(0, 3000)}\n${check.stderr.slice(0, 3000)}`,
      );
    }
    timeOnce(process.execPath, [SELF, "raw", "describe"], broker.rawEnv); // warm-up
    const plan = { floor: [], plan: [], rss: [], validate: [], start: [] };
    for (let i = 0; i < PLAN.runs; i++) {
      plan.floor.push(timeOnce(process.execPath, [SELF, "raw", "describe"], broker.rawEnv));
      // What kgov does that the raw script does not: read and validate the same files (no cluster), and start node.
      plan.validate.push(timeOnce(process.execPath, [KGOV, "validate", "-f", planDir], broker.kgovEnv));
      plan.start.push(timeOnce(process.execPath, ["-e", "0"], broker.kgovEnv));
      const r = measureOnce(process.execPath, planArgs, { env: broker.kgovEnv });
      if (r.status !== 0) throw new Error(`kgov plan exited ${r.status} on run ${i + 1}:\n${r.stderr}`);
      plan.plan.push(r.ms);
      plan.rss.push(r.rssMb);
    }
    raw(broker, "delete", join(dir, "seed-principals.json"));
    if (raw(broker, "describe").bindings !== 0) throw new Error("the seeded bindings were not all deleted");

    // ---- apply creating 10,000 bindings
    const apply = { raw: [], kgov: [], rss: [] };
    for (let i = 0; i < APPLY.runs; i++) {
      const kgovSet = applyBindings(`k${i}`);
      const rawSet = applyBindings(`r${i}`);
      const kgovDir = join(dir, `apply-${i}`);
      writeEstate(kgovDir, broker, kgovSet, 1);
      writeFileSync(join(dir, `raw-${i}.json`), JSON.stringify(rawSet));
      writeFileSync(join(dir, `kp-${i}.json`), JSON.stringify(principalsOf(kgovSet)));
      writeFileSync(join(dir, `rp-${i}.json`), JSON.stringify(principalsOf(rawSet)));
    }
    timeOnce(process.execPath, [KGOV, "plan", "-f", join(dir, "apply-0"), "--env", "bench"], broker.kgovEnv); // warm-up
    for (let i = 0; i < APPLY.runs; i++) {
      const steps = [
        () => {
          apply.raw.push(
            timeOnce(process.execPath, [SELF, "raw", "create", join(dir, `raw-${i}.json`)], broker.rawEnv),
          );
          raw(broker, "delete", join(dir, `rp-${i}.json`));
        },
        () => {
          const args = [KGOV, "apply", "--auto-approve", "-f", join(dir, `apply-${i}`), "--env", "bench"];
          const r = measureOnce(process.execPath, args, { env: broker.kgovEnv });
          if (r.status !== 0)
            throw new Error(`kgov apply exited ${r.status} on run ${i + 1}:\n${r.stderr.slice(-3000)}`);
          const { bindings } = raw(broker, "describe");
          if (bindings !== APPLY.bindings)
            throw new Error(`kgov apply left ${bindings} bindings, not ${APPLY.bindings}`);
          apply.kgov.push(r.ms);
          apply.rss.push(r.rssMb);
          raw(broker, "delete", join(dir, `kp-${i}.json`));
        },
      ];
      if (i % 2 === 1) steps.reverse();
      for (const step of steps) step();
    }

    const floorMs = median(plan.floor);
    const planMs = median(plan.plan);
    const planRss = Math.max(...plan.rss);
    const planRatio = planMs / floorMs;
    const validateMs = median(plan.validate);
    // kgov's own work on the files, which the raw script does not do (node's start, which both pay, taken off).
    const fileWorkMs = validateMs - median(plan.start);
    const rawMs = median(apply.raw);
    const kgovMs = median(apply.kgov);
    const applyRatio = kgovMs / rawMs;
    const planPass = planRatio <= PLAN.targetRatio && planRss <= PLAN.targetRssMb;
    const applyPass = applyRatio <= APPLY.targetRatio;
    const n = (x) => x.toLocaleString("en");
    const yes = (ok) => (ok ? "met" : "NOT met");
    return {
      title: `ACLs: \`kgov plan\` over ${n(PLAN.bindings)} bindings and \`kgov apply\` creating ${n(APPLY.bindings)}, vs raw DescribeAcls / CreateAcls`,
      target: `plan ratio ≤ ${PLAN.targetRatio} and peak RSS ≤ ${PLAN.targetRssMb} MB (${yes(planPass)}); apply ratio ≤ ${APPLY.targetRatio} (${yes(applyPass)})`,
      pass: planPass && applyPass,
      columns: ["command", `median wall of ${PLAN.runs}`, "ratio", "peak RSS", "target"],
      rows: [
        [`raw script: one DescribeAcls (ANY filter) of ${n(PLAN.bindings)} bindings`, fmtMs(floorMs), "1.00", "", ""],
        [
          "kgov plan --env bench (No changes.)",
          fmtMs(planMs),
          planRatio.toFixed(2),
          `${planRss.toFixed(0)} MB`,
          `≤ ${PLAN.targetRatio}, ≤ ${PLAN.targetRssMb} MB: ${yes(planPass)}`,
        ],
        ["kgov validate -f (the same files, no cluster)", fmtMs(validateMs), (validateMs / floorMs).toFixed(2), "", ""],
        [`raw script: one CreateAcls of ${n(APPLY.bindings)} bindings`, fmtMs(rawMs), "1.00", "", ""],
        [
          "kgov apply --auto-approve --env bench",
          fmtMs(kgovMs),
          applyRatio.toFixed(2),
          `${Math.max(...apply.rss).toFixed(0)} MB`,
          `≤ ${APPLY.targetRatio}: ${yes(applyPass)}`,
        ],
      ],
      notes:
        `Apache Kafka ${broker.version}, one combined broker+controller (scripts/infra.sh, SASL_PLAINTEXT with ` +
        `SCRAM-SHA-256, StandardAuthorizer), on ${machineDescription()}. Plan: ${n(PLAN.bindings)} bindings ` +
        `(User:bench-<i mod ${PLAN.principals}>, literal topic bench.t<i>, READ, ALLOW) seeded by the raw client in ` +
        `CreateAcls requests of ${n(CHUNK)} (${fmtMs(seedMs)}), declared as ${n(PLAN.bindings)} raw \`acls:\` entries ` +
        `in ${PLAN.files} YAML files with settings.scope.principals ["User:bench-"]; the plan is "No changes." ` +
        `(checked with --detailed-exitcode). Reading and validating the files alone (the validate row less ` +
        `node's start of ${fmtMs(median(plan.start))}) takes ${fmtMs(fileWorkMs)}, ` +
        `${((100 * fileWorkMs) / floorMs).toFixed(0)} % of the raw read: the plan overlaps it with the wait for the ` +
        `broker's answer, so what is left of the 30 % headroom depends on the broker's speed in the run. Apply: per run ${n(APPLY.bindings)} new bindings for ` +
        `${APPLY.principals} fresh principals in one YAML file; the raw script sends them in one CreateAcls; the ` +
        `bindings are deleted with the raw client between runs (and the cluster holds no other binding), kgov's ` +
        `result is checked with a DescribeAcls. Every command is a fresh node process: process start, SASL ` +
        `authentication and (raw) loading of @platformatic/kafka included; kgov also loads and validates the files, ` +
        `reads the cluster (Metadata, DescribeConfigs, DescribeAcls), diffs and reports. Connection for kgov: ` +
        `\`--env bench\` from kgov.yaml, password through \${env:BENCH_KAFKA_PASSWORD}. Medians of ` +
        `${PLAN.runs} runs, interleaved (apply alternates which goes first); peak RSS is the largest of the kgov ` +
        `runs (GNU time %M).`,
    };
  } finally {
    if (keep) {
      keepAtExit = true;
      process.stderr.write(`kept: broker ${broker.bootstrap} (.bench-run/acls), files in ${dir}\n`);
    } else {
      stopBroker();
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

// ------------------------------------------------------------------------------------------------ raw client

/**
 * The baseline client: @platformatic/kafka (the library kgov uses), connected like kgov (Admin, SASL, one bootstrap
 * Metadata), then the bare requests. Prints one JSON line. Connection from BENCH_BOOTSTRAP / BENCH_KAFKA_PASSWORD.
 *   describe            one DescribeAcls v3 with the ANY filter (the plan baseline)
 *   create <file>       CreateAcls v3 for the bindings in the JSON file ([{principal, topic}]), 10,000 per request
 *   delete <file>       DeleteAcls v3 with one filter per principal in the JSON file (["User:…"])
 */
async function rawMain(op, arg) {
  await runRawClient(
    {
      bootstrap: process.env.BENCH_BOOTSTRAP,
      sasl: { mechanism: "SCRAM-SHA-256", username: "admin", password: process.env.BENCH_KAFKA_PASSWORD },
    },
    async ({ lib, connection, answer }) => {
      if (op === "describe") {
        const response = await answer(
          lib.describeAclsV3.api.async(connection, {
            resourceType: ANY,
            resourceName: null,
            resourcePatternType: ANY,
            principal: null,
            host: null,
            operation: ANY,
            permissionType: ANY,
          }),
        );
        if (response.errorCode !== 0) throw new Error(`DescribeAcls: ${JSON.stringify(response)}`);
        return { bindings: response.resources.reduce((sum, r) => sum + r.acls.length, 0) };
      } else if (op === "create") {
        const bindings = JSON.parse(readFileSync(arg, "utf8"));
        for (let from = 0; from < bindings.length; from += CHUNK) {
          const chunk = bindings.slice(from, from + CHUNK).map((b) => ({
            resourceType: TOPIC,
            resourceName: b.topic,
            resourcePatternType: LITERAL,
            principal: b.principal,
            host: "*",
            operation: READ,
            permissionType: ALLOW,
          }));
          const response = await answer(lib.createAclsV3.api.async(connection, chunk));
          const failed = response.results.filter((r) => r.errorCode !== 0);
          if (failed.length > 0 || response.results.length !== chunk.length) {
            throw new Error(
              `CreateAcls: ${failed.length} of ${chunk.length} failed, e.g. ${JSON.stringify(failed[0])}`,
            );
          }
        }
        return { created: bindings.length };
      } else if (op === "delete") {
        const principals = JSON.parse(readFileSync(arg, "utf8"));
        let deleted = 0;
        // At most 10,000 records per controller operation: 50 principals of up to 100 bindings each.
        for (let from = 0; from < principals.length; from += 50) {
          const filters = principals.slice(from, from + 50).map((principal) => ({
            resourceType: ANY,
            resourceName: null,
            resourcePatternType: ANY,
            principal,
            host: null,
            operation: ANY,
            permissionType: ANY,
          }));
          const response = await answer(lib.deleteAclsV3.api.async(connection, filters));
          const failed = response.filterResults.find((r) => r.errorCode !== 0);
          if (failed) throw new Error(`DeleteAcls: ${JSON.stringify(failed)}`);
          deleted += response.filterResults.reduce((sum, r) => sum + r.matchingAcls.length, 0);
        }
        return { deleted };
      } else {
        throw new Error(`unknown raw op ${op}`);
      }
    },
  );
}

// ------------------------------------------------------------------------------------------------ main

if (process.argv[1] === SELF) {
  const [first, ...rest] = process.argv.slice(2);
  if (first === "raw") {
    await rawMain(rest[0], rest[1]);
  } else {
    const r = await benchAcls({ keep: process.argv.includes("--keep") });
    process.stdout.write(
      `${r.title}: ${r.pass ? "met" : "NOT met"}\n${r.rows.map((row) => row.join(" | ")).join("\n")}\n${r.notes}\n`,
    );
    process.exitCode = r.pass ? 0 : 1;
  }
}
