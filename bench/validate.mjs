// Validate: `kgov validate -f <dir>` on a large generated estate (5,000 topics, 20,000 ACL entries, 200 services,
// 1,000 schema files in 20 YAML files). Targets: median wall ≤ 1.5 s and peak RSS ≤ 250 MB. The estate is generated
// deterministically (from indices, no randomness) into a temporary folder and must validate with 0 errors: a
// benchmark of a failing run would measure the wrong thing.
// Usage on its own: node bench/validate.mjs [--keep]   (--keep leaves the estate in place and prints its path)
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { measureOnce, median } from "./lib.mjs";

const kgov = fileURLToPath(new URL("../bin/kgov.js", import.meta.url));

export const ESTATE = { topics: 5000, acls: 20000, services: 200, schemas: 1000, teams: 16, aclFiles: 2 };
const RUNS = 5;
const TARGET_MS = 1500;
const TARGET_RSS_MB = 250;

const pad = (n, width) => String(n).padStart(width, "0");
const team = (t) => `team${pad(t, 2)}`;
/** Topic i belongs to team i % teams, so every team file holds the same share. */
const topicName = (i) => `bench.${team(i % ESTATE.teams)}.event-${pad(i, 4)}.v1`;
/** One schema file per fifth topic: mostly .avsc, then .avdl, .json and .proto (50 each). */
function schemaFileOf(i) {
  if (i % 5 !== 0) return undefined;
  const k = i / 5;
  const ext = k < 850 ? "avsc" : k < 900 ? "avdl" : k < 950 ? "json" : "proto";
  return { k, ext, name: `event-${pad(i, 4)}.${ext}` };
}

function avsc(k) {
  return `${JSON.stringify(
    {
      type: "record",
      name: `Event${k}`,
      namespace: `com.example.bench.${team(k % ESTATE.teams)}`,
      doc: `Generated event ${k}.`,
      fields: [
        { name: "id", type: "string" },
        { name: "occurredAt", type: { type: "long", logicalType: "timestamp-millis" } },
        { name: "amount", type: { type: "bytes", logicalType: "decimal", precision: 12, scale: 2 } },
        {
          name: "status",
          type: { type: "enum", name: `Status${k}`, symbols: ["NEW", "DONE", "FAILED"], default: "NEW" },
          default: "NEW",
        },
        {
          name: "customer",
          type: {
            type: "record",
            name: `Customer${k}`,
            fields: [
              { name: "id", type: "string" },
              { name: "email", type: ["null", "string"], default: null },
            ],
          },
        },
        { name: "tags", type: { type: "array", items: "string" }, default: [] },
        { name: "attributes", type: { type: "map", values: "string" }, default: {} },
        { name: "note", type: ["null", "string"], default: null },
      ],
    },
    null,
    2,
  )}\n`;
}

function avdl(k) {
  return `@namespace("com.example.bench.${team(k % ESTATE.teams)}")
protocol Event${k}Protocol {
  enum Status${k} {
    NEW, DONE, FAILED
  } = NEW;

  record Customer${k} {
    string id;
    union { null, string } email = null;
  }

  record Event${k} {
    string id;
    timestamp_ms occurredAt;
    @logicalType("decimal") @precision(12) @scale(2) bytes amount;
    Status${k} status;
    Customer${k} customer;
    array<string> tags;
    union { null, string } note = null;
  }
}
`;
}

function jsonSchema(k) {
  return `${JSON.stringify(
    {
      $schema: "http://json-schema.org/draft-07/schema#",
      title: `Event${k}`,
      type: "object",
      properties: {
        id: { type: "string", pattern: "^evt-[0-9]+$" },
        amount: { type: "number", minimum: 0 },
        status: { enum: ["NEW", "DONE", "FAILED"] },
        occurredAt: { type: "string", format: "date-time" },
        customer: { $ref: "#/definitions/Customer" },
      },
      required: ["id", "amount"],
      additionalProperties: false,
      definitions: { Customer: { type: "object", properties: { id: { type: "string" } } } },
    },
    null,
    2,
  )}\n`;
}

function proto(k) {
  return `syntax = "proto3";

package com.example.bench.${team(k % ESTATE.teams)};

import "google/protobuf/timestamp.proto";

// Generated event ${k}.
message Event${k} {
  string id = 1;
  google.protobuf.Timestamp occurred_at = 2;
  Money amount = 3;
  Status status = 4;
  map<string, string> attributes = 5;
  optional string note = 6;

  message Money {
    int64 units = 1;
    int32 nanos = 2;
  }

  enum Status {
    STATUS_UNSPECIFIED = 0;
    NEW = 1;
    DONE = 2;
  }
}
`;
}

const SCHEMA_TEXT = { avsc, avdl, json: jsonSchema, proto };

const SETTINGS = `version: 1

settings:
  scope:
    topicPrefixes: [bench.]
    principals: ["User:svc-"]
    subjectPrefixes: [bench.]
  defaults:
    topic:
      partitions: 6
      replicationFactor: 3
      config:
        min.insync.replicas: "2"
        retention.ms: 604800000
  policies:
    topicName: '^bench\\.team[0-9]{2}\\.[a-z]+-[0-9]{4}\\.v[1-9][0-9]*$'
    partitions: { min: 1, max: 48 }
    replicationFactor: { min: 1, max: 5 }
    singleWriter: true

environments:
  dev:
    kafka:
      bootstrapServers: localhost:9092
    registry:
      url: http://localhost:8081
    overrides:
      topics:
        "*": { replicationFactor: 1, config: { min.insync.replicas: "1" } }
${Array.from({ length: ESTATE.teams }, (_, t) => `        "bench.${team(t)}.*": { config: { retention.ms: ${86400000 * (t + 1)} } }`).join("\n")}
${Array.from({ length: 50 }, (_, j) => `        ${topicName(j * 100)}: { partitions: 12 }`).join("\n")}
  prod:
    kafka:
      bootstrapServers: broker-1.example.com:9093,broker-2.example.com:9093
      securityProtocol: SASL_SSL
    overrides:
      topics:
${Array.from({ length: 100 }, (_, j) => `        ${topicName(j * 50 + 7)}: { config: { retention.ms: 2592000000 } }`).join("\n")}
`;

function topicYaml(i) {
  const lines = [`  ${topicName(i)}:`, `    description: Generated topic ${i}.`];
  if (i % 3 === 0) lines.push(`    partitions: ${[3, 6, 12, 24][i % 4]}`);
  lines.push("    config:");
  if (i % 7 === 0) {
    lines.push("      cleanup.policy: compact", "      min.cleanable.dirty.ratio: 0.1", "      retention.ms: -1");
  } else {
    lines.push("      cleanup.policy: delete", `      retention.ms: ${(1 + (i % 30)) * 86400000}`);
  }
  lines.push(`      segment.bytes: ${(64 + (i % 4) * 64) * 1048576}`, "      compression.type: zstd");
  if (i % 11 === 0) lines.push("      max.message.bytes: 2097152");
  const schema = schemaFileOf(i);
  if (schema) {
    lines.push(
      "    schemas:",
      `      value: { file: ../schemas/${schema.name}${schema.ext === "avsc" || schema.ext === "avdl" ? ", compatibility: BACKWARD" : ""} }`,
    );
  }
  return lines.join("\n");
}

/** Service s produces topics s, s + 200, …: 25 each, one writer per topic. It consumes ten topics of others. */
function serviceYaml(s) {
  const produces = [];
  for (let i = s; i < ESTATE.topics; i += ESTATE.services) produces.push(topicName(i));
  const consumes = Array.from({ length: 10 }, (_, j) => topicName((s + 1 + j * 37) % ESTATE.services));
  return [
    `  service-${pad(s, 3)}:`,
    `    principal: User:svc-${pad(s, 3)}`,
    `    description: Generated service ${s}.`,
    `    produces: [${produces.join(", ")}]`,
    `    consumes: [${consumes.join(", ")}]`,
    `    groups: [bench.service-${pad(s, 3)}, bench.service-${pad(s, 3)}.replay]`,
    ...(s % 4 === 0 ? [`    transactionalIds: [bench.service-${pad(s, 3)}]`] : []),
  ].join("\n");
}

/** ACL entry n: each one unique, mostly literal topic ACLs, some groups, prefixes, transactional ids and denies. */
function aclYaml(n) {
  const principal = `User:svc-reader-${pad(n % 200, 3)}`;
  const topic = topicName(Math.floor(n / 4) % ESTATE.topics);
  switch (n % 10) {
    case 0:
      return `  - principal: ${principal}\n    resource: { type: group, name: bench.reader-${n}., pattern: prefixed }\n    operations: [read, describe]`;
    case 1:
      return `  - principal: ${principal}\n    resource: { type: topic, name: ${topic}, pattern: prefixed }\n    operations: [describe]\n    permission: deny`;
    case 2:
      return `  - principal: ${principal}\n    resource: { type: transactional-id, name: bench.tx-${n} }\n    operations: [describe, write]`;
    case 3:
      return `  - principal: ${principal}\n    resource: { type: topic, name: ${topic} }\n    operations: [read, describe]\n    host: 10.0.${n % 256}.1`;
    default:
      return `  - principal: ${principal}\n    resource: { type: topic, name: ${topic} }\n    operations: [read, describe, describe-configs]`;
  }
}

/** Writes the estate into `dir` (which must exist) and returns what a clean validation summary should say. */
export function generateEstate(dir) {
  mkdirSync(join(dir, "topics"), { recursive: true });
  mkdirSync(join(dir, "schemas"), { recursive: true });
  writeFileSync(join(dir, "kgov.yaml"), SETTINGS);
  for (let t = 0; t < ESTATE.teams; t++) {
    const topics = [];
    for (let i = t; i < ESTATE.topics; i += ESTATE.teams) topics.push(topicYaml(i));
    writeFileSync(join(dir, "topics", `${team(t)}.yaml`), `version: 1\n\ntopics:\n${topics.join("\n")}\n`);
  }
  const services = Array.from({ length: ESTATE.services }, (_, s) => serviceYaml(s));
  writeFileSync(join(dir, "services.yaml"), `version: 1\n\nservices:\n${services.join("\n")}\n`);
  const perFile = ESTATE.acls / ESTATE.aclFiles;
  for (let f = 0; f < ESTATE.aclFiles; f++) {
    const acls = Array.from({ length: perFile }, (_, j) => aclYaml(f * perFile + j));
    writeFileSync(join(dir, `acls-${f + 1}.yaml`), `version: 1\n\nacls:\n${acls.join("\n")}\n`);
  }
  let schemas = 0;
  for (let i = 0; i < ESTATE.topics; i++) {
    const schema = schemaFileOf(i);
    if (!schema) continue;
    writeFileSync(join(dir, "schemas", schema.name), SCHEMA_TEXT[schema.ext](schema.k));
    schemas++;
  }
  return {
    files: 1 + ESTATE.teams + 1 + ESTATE.aclFiles,
    topics: ESTATE.topics,
    services: ESTATE.services,
    acls: ESTATE.acls,
    schemas,
  };
}

/** Peak RSS in MB of one run: GNU time when present, else the child's own getrusage through a preloaded module. */
function measure(args) {
  if (existsSync("/usr/bin/time")) {
    const r = measureOnce(process.execPath, args);
    return { ms: r.ms, rssMb: r.rssMb, status: r.status };
  }
  const dir = mkdtempSync(join(os.tmpdir(), "kgov-bench-rss-"));
  const preload = join(dir, "rss.mjs");
  const out = join(dir, "rss.txt");
  writeFileSync(
    preload,
    `import { writeFileSync } from "node:fs";\nprocess.on("exit", () => writeFileSync(${JSON.stringify(out)}, String(process.resourceUsage().maxRSS)));\n`,
  );
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ["--import", preload, ...args], { stdio: "ignore" });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const rssMb = existsSync(out) ? Number(readFileSync(out, "utf8")) / 1024 : undefined;
  rmSync(dir, { recursive: true, force: true });
  return { ms, rssMb, status: r.status };
}

export async function benchValidate({ keep = false } = {}) {
  const dir = mkdtempSync(join(os.tmpdir(), "kgov-bench-validate-"));
  try {
    const expected = generateEstate(dir);
    const validateArgs = [kgov, "validate", "-f", dir];

    // The estate must be clean: 0 errors, and every file, topic, service, ACL entry and schema file counted.
    const check = spawnSync(process.execPath, [...validateArgs, "--output", "json"], {
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    let doc;
    try {
      doc = JSON.parse(check.stdout);
    } catch {
      throw new Error(`kgov validate --output json printed no JSON (exit ${check.status}):\n${check.stderr}`);
    }
    if (check.status !== 0 || doc.errorCount !== 0) {
      const first = doc.diagnostics
        .slice(0, 5)
        .map((d) => `${d.code} ${d.source?.file}:${d.source?.start.line}: ${d.message}`);
      throw new Error(`the generated estate has ${doc.errorCount} errors (exit ${check.status}):\n${first.join("\n")}`);
    }
    for (const [key, value] of Object.entries(expected)) {
      if (doc.summary[key] !== value) throw new Error(`summary.${key} is ${doc.summary[key]}, expected ${value}`);
    }

    // Runs interleaved with the start-up baselines so drift in machine load hits each alike; one warm-up each.
    const commands = {
      baseline: [process.execPath, ["-e", "0"]],
      help: [process.execPath, [kgov, "--help"]],
      validate: [process.execPath, validateArgs],
    };
    for (const [command, args] of Object.values(commands)) spawnSync(command, args, { stdio: "ignore" });
    const samples = { baseline: [], help: [], validate: [], rss: [] };
    for (let i = 0; i < RUNS; i++) {
      for (const name of ["baseline", "help"]) {
        const [command, args] = commands[name];
        const start = process.hrtime.bigint();
        spawnSync(command, args, { stdio: "ignore" });
        samples[name].push(Number(process.hrtime.bigint() - start) / 1e6);
      }
      const r = measure(validateArgs);
      if (r.status !== 0) throw new Error(`kgov validate exited ${r.status} on run ${i + 1}`);
      samples.validate.push(r.ms);
      samples.rss.push(r.rssMb);
    }
    const ms = {
      baseline: median(samples.baseline),
      help: median(samples.help),
      validate: median(samples.validate),
    };
    const rssMb = Math.max(...samples.rss);
    const pass = ms.validate <= TARGET_MS && rssMb <= TARGET_RSS_MB;
    const ratio = (x) => (x / ms.baseline).toFixed(2);
    if (keep) process.stderr.write(`estate kept in ${dir}\n`);
    return {
      title: "Validate: `kgov validate -f <estate>` on a large generated estate",
      target: `median wall ≤ ${(TARGET_MS / 1000).toFixed(1)} s and peak RSS ≤ ${TARGET_RSS_MB} MB`,
      pass,
      columns: ["command", `median wall of ${RUNS}`, "ratio to node -e 0", "peak RSS"],
      rows: [
        ["node -e 0 (baseline)", `${ms.baseline.toFixed(1)} ms`, "1.00", ""],
        ["kgov --help (start-up)", `${ms.help.toFixed(1)} ms`, ratio(ms.help), ""],
        ["kgov validate", `${ms.validate.toFixed(0)} ms`, ratio(ms.validate), `${rssMb.toFixed(0)} MB`],
      ],
      notes:
        `Estate (generated by bench/validate.mjs, deterministic): ${expected.files} YAML files, ` +
        `${expected.topics} topics (config keys on each, dev/prod overrides), ${expected.services} services, ` +
        `${expected.acls} ACL entries, ${expected.schemas} schema files (850 .avsc, 50 .avdl, 50 .json, 50 .proto); ` +
        `validated with 0 errors, ${doc.warningCount} warnings. Peak RSS is the largest of the ${RUNS} runs ` +
        `(${existsSync("/usr/bin/time") ? "GNU time %M" : "getrusage maxRSS of the kgov process"}), helper ` +
        `threads included: kgov checks schema files on this thread and ${Math.min(os.availableParallelism() - 1, 3)} ` +
        "helper thread(s) (one per further core).",
    };
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = await benchValidate({ keep: process.argv.includes("--keep") });
  process.stdout.write(
    `${r.title}: ${r.pass ? "met" : "NOT met"}\n${r.rows.map((row) => row.join(" | ")).join("\n")}\n${r.notes}\n`,
  );
  process.exitCode = r.pass ? 0 : 1;
}
