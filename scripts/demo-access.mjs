#!/usr/bin/env node
// The demo's access checks (scripts/demo.sh): acts as a Kafka user with the client library kgov uses
// (@platformatic/kafka) and says whether the broker refused or allowed it. Exits non-zero when the outcome is not
// the one given with --expect, so the demo fails if kgov's ACLs do not do what the plan said.
//
//   node scripts/demo-access.mjs add-user <name>                      SCRAM-SHA-256 credential "<name>-secret"
//   node scripts/demo-access.mjs produce --user U --topic T --value V --expect allowed|refused
//   node scripts/demo-access.mjs consume --user U --topic T --group G --expect allowed|refused [--value V]
//
// Users authenticate with SCRAM-SHA-256 and password "<name>-secret" (as in scripts/infra.sh); add-user runs as the
// super user admin (password $KGOV_DEV_PASSWORD). The broker is $KGOV_DEMO_BOOTSTRAP (default 127.0.0.1:19092).
import { pbkdf2Sync, randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import {
  alterUserScramCredentialsV0,
  Connection,
  Consumer,
  Producer,
  stringDeserializers,
  stringSerializers,
} from "@platformatic/kafka";

const bootstrap = process.env.KGOV_DEMO_BOOTSTRAP ?? "127.0.0.1:19092";
const [host, port] = [bootstrap.split(":")[0], Number(bootstrap.split(":")[1])];
const TIMEOUT_MS = 30_000;
const ACL_PROPAGATION_MS = 5_000;

const { positionals, values: opts } = parseArgs({
  allowPositionals: true,
  options: {
    user: { type: "string" },
    topic: { type: "string" },
    group: { type: "string" },
    value: { type: "string" },
    expect: { type: "string" },
  },
});
const [command, name] = positionals;

const sasl = (user, password = `${user}-secret`) => ({ mechanism: "SCRAM-SHA-256", username: user, password });
const common = (user) => ({
  clientId: `kgov-demo-${user}`,
  bootstrapBrokers: [bootstrap],
  sasl: sasl(user),
  // Retriable errors (the group coordinator is not available while __consumer_offsets is created on first use) are
  // retried; authorization errors never are, so a refusal is immediate.
  retries: 20,
  retryDelay: 500,
  connectTimeout: 10_000,
  requestTimeout: 10_000,
});

/** Every Kafka error code (e.g. TOPIC_AUTHORIZATION_FAILED) anywhere in a library error, its causes and children. */
function kafkaErrorIds(error, seen = new Set(), ids = new Set()) {
  if (!error || typeof error !== "object" || seen.has(error)) return ids;
  seen.add(error);
  if (typeof error.apiId === "string") ids.add(error.apiId);
  for (const m of String(error.message ?? "").matchAll(/\b[A-Z_]+_AUTHORIZATION_FAILED\b/g)) ids.add(m[0]);
  const children = error.errors instanceof Map ? [...error.errors.values()] : Object.values(error.errors ?? {});
  for (const child of [error.cause, ...children]) kafkaErrorIds(child, seen, ids);
  return ids;
}

function withTimeout(promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(
      () => reject(Object.assign(new Error(`${what}: no answer within ${TIMEOUT_MS / 1000}s`), { timedOut: true })),
      TIMEOUT_MS,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Runs an attempt and compares its outcome with --expect; prints one line and sets the exit code. An attempt expected
 * to be allowed is retried for a few seconds while it is refused: a broker applies new ACLs from the metadata log
 * shortly after CreateAcls has answered.
 */
async function attempt(what, run) {
  const expected = opts.expect;
  if (expected !== "allowed" && expected !== "refused") throw new Error("--expect allowed|refused is required");
  const deadline = Date.now() + ACL_PROPAGATION_MS;
  let detail;
  let outcome;
  for (;;) {
    try {
      detail = await withTimeout(run(), what);
      outcome = "allowed";
    } catch (error) {
      if (error?.timedOut && expected === "refused") {
        console.error(`✗ ${what}: not refused within ${TIMEOUT_MS / 1000}s, but it should have been`);
        process.exitCode = 1;
        return;
      }
      const ids = [...kafkaErrorIds(error)].filter((id) => id.endsWith("_AUTHORIZATION_FAILED"));
      if (ids.length === 0) {
        console.error(`✗ ${what}: failed for another reason than authorization:`, error);
        process.exitCode = 1;
        return;
      }
      outcome = "refused";
      detail = ids.join(", ");
    }
    if (outcome === expected || expected === "refused" || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  if (outcome === expected) {
    console.log(`✓ ${what}: ${outcome} as expected (${detail})`);
  } else {
    console.error(`✗ ${what}: ${outcome} (${detail}), but it should have been ${expected}`);
    process.exitCode = 1;
  }
}

async function addUser(user) {
  const connection = new Connection("kgov-demo-admin", { sasl: sasl("admin", process.env.KGOV_DEV_PASSWORD) });
  await connection.connect(host, port);
  try {
    const password = Buffer.from(`${user}-secret`, "utf8");
    const iterations = 4096;
    // The request carries Hi(password, salt, i) (RFC 5802); the broker derives the stored and server keys.
    const salt = randomBytes(32);
    // SCRAM-SHA-256 is mechanism 1. A request may alter each user's credential once, so one mechanism is created.
    const upsertions = [
      {
        name: user,
        mechanism: 1,
        iterations,
        salt,
        saltedPassword: pbkdf2Sync(password, salt, iterations, 32, "sha256"),
      },
    ];
    const response = await alterUserScramCredentialsV0.api.async(connection, [], upsertions);
    const failed = response.results.filter((r) => r.errorCode !== 0);
    if (failed.length > 0) throw new Error(`AlterUserScramCredentials: ${JSON.stringify(failed)}`);
    console.log(`✓ SCRAM-SHA-256 credential for User:${user} created as admin`);
  } finally {
    await connection.close();
  }
}

async function produce() {
  const producer = new Producer({ ...common(opts.user), serializers: stringSerializers, autocreateTopics: false });
  try {
    const result = await producer.send({ messages: [{ topic: opts.topic, key: "demo", value: opts.value }] });
    const offsets = (result.offsets ?? []).map((o) => `partition ${o.partition} offset ${o.offset}`).join(", ");
    return `wrote ${JSON.stringify(opts.value)}${offsets ? ` at ${offsets}` : ""}`;
  } finally {
    await producer.close().catch(() => {});
  }
}

async function consume() {
  const consumer = new Consumer({
    ...common(opts.user),
    groupId: opts.group,
    deserializers: stringDeserializers,
    autocreateTopics: false,
  });
  let stream;
  try {
    stream = await consumer.consume({
      topics: [opts.topic],
      mode: "committed",
      fallbackMode: "earliest",
      autocommit: false,
      sessionTimeout: 10_000,
      heartbeatInterval: 500,
    });
    const errored = new Promise((_, reject) => stream.once("error", reject));
    const read = (async () => {
      for await (const message of stream) {
        if (opts.value === undefined || message.value === opts.value) {
          await message.commit();
          return `read ${JSON.stringify(message.value)} from partition ${message.partition} offset ${message.offset}, committed as group ${opts.group}`;
        }
      }
      throw new Error("the stream ended before the record arrived");
    })();
    return await Promise.race([read, errored]);
  } finally {
    await stream?.close().catch(() => {});
    await consumer.close(true).catch(() => {});
  }
}

try {
  switch (command) {
    case "add-user":
      if (!name) throw new Error("add-user <name>");
      await addUser(name);
      break;
    case "produce":
      await attempt(`User:${opts.user} produces to ${opts.topic}`, produce);
      break;
    case "consume":
      await attempt(`User:${opts.user} consumes ${opts.topic} as group ${opts.group}`, consume);
      break;
    default:
      throw new Error("usage: demo-access.mjs add-user <name> | produce ... | consume ... (see the header)");
  }
} catch (error) {
  console.error(`✗ demo-access.mjs ${command ?? ""}:`, error);
  process.exitCode = 1;
}
// Library sockets or timers must not keep the demo waiting.
setTimeout(() => process.exit(), 100).unref();
