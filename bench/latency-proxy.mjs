// A latency-injecting TCP proxy for the benchmarks: every byte that crosses it, in either direction, is written on
// `delayMs` after it arrived (one-way delay; 2 ms round trip = 1 ms each way), in order, without holding a chunk behind
// another one's timer (each chunk is due at its own arrival time + delay; a burst of chunks leaves as a burst, so
// throughput is that of the sockets). A new connection's first client bytes also wait for one emulated TCP handshake
// (one round trip), as a client's connect() would on a real network.
//
// Node's own timers tick in whole milliseconds (libuv's loop clock), too coarse for a 1 ms delay: a 1 ms setTimeout
// fires anywhere between ~0 and 2 ms. So the proxy keeps its own queue of due writes, and a small worker thread sleeps
// in Atomics.wait (sub-millisecond timeouts, no CPU while waiting) until the earliest is due, then wakes the proxy's
// loop with a message. The proxy measures what it achieved (the delay each chunk actually got) in its stats.
//
// Backpressure: a chunk whose write is refused (write() false) pauses the reading side until the writing side drains;
// chunks already in the delay queue are bounded by delay × bandwidth. Half-close: an `end` travels like data (the
// other side is ended once the bytes before it were written), the other direction stays open. An error or reset on
// either side destroys both.
//
// With `kafka: true` the proxy also reads Kafka's framing (4-byte big-endian size + payload) on both directions and
// counts requests, responses and "rounds": the times the proxy as a whole went from no request outstanding (on any
// connection) to one, i.e. the sequential request waves a client waited for; rounds × RTT is the least time a client
// spends waiting on the network.
//
// API (in-process):  const proxy = await createLatencyProxy({ port, targetHost, targetPort, delayMs, kafka })
//                    proxy.port, proxy.setDelay(ms), proxy.stats(), proxy.resetStats(), await proxy.close()
// API (child process, so that a benchmark blocked in spawnSync does not stall the proxy):
//                    const proxy = await startLatencyProxy({ ...same options })   // same methods, stats() async
// CLI:  node bench/latency-proxy.mjs serve --port P --target HOST:PORT --delay MS [--kafka]
//       node bench/latency-proxy.mjs selftest [--delay MS]
import { fork } from "node:child_process";
import { randomBytes, createHash } from "node:crypto";
import net from "node:net";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";

const SELF = fileURLToPath(import.meta.url);
const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

// ------------------------------------------------------------------------------------------------ precise timer

/**
 * The ticker worker: waits until the due time main wrote into shared memory (or until main changes it), then posts
 * one "tick" and waits for main to publish the next due time. Shared: Int32 [0] generation, Float64 [1] due (ms on
 * the hrtime clock, which both threads share; Infinity = nothing due).
 */
const TICKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const ctl = new Int32Array(workerData, 0, 2);
const due = new Float64Array(workerData, 8, 1);
const now = () => Number(process.hrtime.bigint()) / 1e6;
for (;;) {
  const gen = Atomics.load(ctl, 0);
  if (Atomics.load(ctl, 1) === 1) break;
  const at = due[0];
  if (at === Infinity) { Atomics.wait(ctl, 0, gen); continue; }
  const wait = at - now();
  if (wait > 0.01) { Atomics.wait(ctl, 0, gen, wait); continue; }
  parentPort.postMessage(0);
  Atomics.wait(ctl, 0, gen); // until main has run the due writes and published the next due time
}
`;

class Scheduler {
  constructor() {
    this.shared = new SharedArrayBuffer(16);
    this.ctl = new Int32Array(this.shared, 0, 2);
    this.due = new Float64Array(this.shared, 8, 1);
    this.due[0] = Infinity;
    /** Pending writes, sorted by `at` (FIFO for a constant delay; a delay lowered mid-flight inserts in place). */
    this.queue = [];
    this.head = 0;
    /**
     * How much earlier than due the ticker wakes: the measured latency from its wake-up to the writes running on this
     * thread (a message hop and a thread switch, ~0.1-0.3 ms on a busy 2-core machine), averaged, at most 0.5 ms.
     */
    this.lead = 0;
    this.published = Infinity;
    this.worker = new Worker(TICKER_SOURCE, { eval: true, workerData: this.shared });
    this.worker.unref();
    this.worker.on("message", () => {
      if (this.published !== Infinity) {
        const hop = nowMs() - this.published;
        this.lead = Math.min(0.5, Math.max(0, 0.9 * this.lead + 0.1 * hop));
      }
      this.run();
    });
  }

  publish() {
    this.published = this.head < this.queue.length ? this.queue[this.head].at - this.lead : Infinity;
    this.due[0] = this.published;
    Atomics.add(this.ctl, 0, 1);
    Atomics.notify(this.ctl, 0);
  }

  schedule(at, fn) {
    const q = this.queue;
    const entry = { at, fn };
    if (this.head === q.length || q[q.length - 1].at <= at) q.push(entry);
    else {
      let i = q.length;
      while (i > this.head && q[i - 1].at > at) i--;
      q.splice(i, 0, entry);
    }
    if (at <= nowMs()) this.run();
    else if (q[this.head] === entry) this.publish();
  }

  run() {
    const q = this.queue;
    const now = nowMs() + Math.max(0.02, this.lead);
    while (this.head < q.length && q[this.head].at <= now) {
      const { fn } = q[this.head];
      q[this.head++] = undefined;
      fn();
    }
    if (this.head > 1024 && this.head * 2 > q.length) {
      q.splice(0, this.head);
      this.head = 0;
    }
    this.publish();
  }

  close() {
    Atomics.store(this.ctl, 1, 1);
    Atomics.add(this.ctl, 0, 1);
    Atomics.notify(this.ctl, 0);
    return this.worker.terminate();
  }
}

// ------------------------------------------------------------------------------------------------ the proxy

function emptyStats() {
  return {
    connections: 0,
    bytesUp: 0,
    bytesDown: 0,
    chunks: 0,
    /** Achieved one-way delay per chunk: sum, max, and how many were more than 0.2 ms late. */
    delaySumMs: 0,
    delayMaxMs: 0,
    lateChunks: 0,
    requests: 0,
    responses: 0,
    rounds: 0,
    /** Requests by API name. */
    apis: {},
  };
}

/**
 * Counts Kafka frames (4-byte size + payload) in a stream of chunks: onFrame(first16) at each frame's end, with the
 * payload's first two bytes as a big-endian int16 (a request's API key; -1 for a shorter frame).
 */
function frameCounter(onFrame) {
  let header = 0; // header bytes read so far of the current frame
  let size = 0;
  let left = 0; // payload bytes still to read
  let read = 0; // payload bytes read so far
  let first16 = 0;
  const end = () => onFrame(read >= 2 ? first16 : -1);
  return (chunk) => {
    let i = 0;
    while (i < chunk.length) {
      if (left > 0) {
        if (read < 2) {
          first16 = (first16 << 8) | chunk[i++];
          read++;
          if (--left === 0) end();
          continue;
        }
        const n = Math.min(left, chunk.length - i);
        left -= n;
        read += n;
        i += n;
        if (left === 0) end();
        continue;
      }
      size = (size * 256 + chunk[i++]) >>> 0;
      if (++header === 4) {
        left = size;
        header = 0;
        size = 0;
        read = 0;
        first16 = 0;
        if (left === 0) end();
      }
    }
  };
}

/** Names of the API keys the benchmarks' clients send (others are reported by number). */
const API_NAMES = {
  0: "Produce",
  1: "Fetch",
  2: "ListOffsets",
  3: "Metadata",
  9: "OffsetFetch",
  10: "FindCoordinator",
  15: "DescribeGroups",
  16: "ListGroups",
  17: "SaslHandshake",
  18: "ApiVersions",
  19: "CreateTopics",
  29: "DescribeAcls",
  32: "DescribeConfigs",
  35: "DescribeLogDirs",
  36: "SaslAuthenticate",
  44: "IncrementalAlterConfigs",
  46: "ListPartitionReassignments",
  60: "DescribeCluster",
  75: "DescribeTopicPartitions",
};

export async function createLatencyProxy({
  port = 0,
  host = "127.0.0.1",
  targetHost = "127.0.0.1",
  targetPort,
  delayMs = 1,
  kafka = false,
  handshake = true,
}) {
  const scheduler = new Scheduler();
  let delay = delayMs;
  let stats = emptyStats();
  let outstanding = 0;
  const sockets = new Set();

  /** Forwards src → dst, each chunk written at its arrival + delay (and not before notBefore()). */
  function pipe(src, dst, { up, notBefore }) {
    const count = kafka
      ? frameCounter(
          up
            ? (apiKey) => {
                const api = API_NAMES[apiKey] ?? `api ${apiKey}`;
                stats.apis[api] = (stats.apis[api] ?? 0) + 1;
                stats.requests++;
                if (outstanding++ === 0) stats.rounds++;
              }
            : () => {
                stats.responses++;
                if (outstanding > 0) outstanding--;
              },
        )
      : undefined;
    let paused = false;
    dst.on("drain", () => {
      if (paused) {
        paused = false;
        src.resume();
      }
    });
    src.on("data", (chunk) => {
      const arrived = nowMs();
      const at = Math.max(arrived + delay, notBefore());
      const late = at - arrived;
      scheduler.schedule(at, () => {
        if (dst.destroyed) return;
        const achieved = nowMs() - arrived;
        stats.chunks++;
        stats.delaySumMs += achieved;
        if (achieved > stats.delayMaxMs) stats.delayMaxMs = achieved;
        if (achieved > late + 0.2) stats.lateChunks++;
        if (up) stats.bytesUp += chunk.length;
        else stats.bytesDown += chunk.length;
        count?.(chunk);
        if (!dst.write(chunk) && !paused) {
          paused = true;
          src.pause();
        }
      });
    });
    src.on("end", () => {
      const at = Math.max(nowMs() + delay, notBefore());
      scheduler.schedule(at, () => {
        if (!dst.destroyed) dst.end();
      });
    });
  }

  const server = net.createServer({ allowHalfOpen: true, noDelay: true }, (client) => {
    stats.connections++;
    const accepted = nowMs();
    const upstream = net.connect({ host: targetHost, port: targetPort, allowHalfOpen: true, noDelay: true });
    sockets.add(client);
    sockets.add(upstream);
    // A reset travels as a reset (a plain destroy would send a FIN, which a half-open peer takes for an end).
    const kill = () => {
      for (const s of [client, upstream]) {
        if (s.destroyed) continue;
        try {
          s.resetAndDestroy();
        } catch {
          s.destroy();
        }
      }
    };
    for (const s of [client, upstream]) {
      s.setNoDelay(true);
      s.on("error", kill);
      s.on("close", () => {
        sockets.delete(s);
        // A side that closed without a clean end on both directions (reset, destroy) takes the other one along.
        if (!s.readableEnded || !s.writableFinished) kill();
      });
    }
    // The client's connect() returned at once; on a real network its first bytes would leave one round trip later.
    const handshakeDone = handshake ? accepted + 2 * delay : 0;
    pipe(client, upstream, { up: true, notBefore: () => handshakeDone + delay });
    pipe(upstream, client, { up: false, notBefore: () => 0 });
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return {
    port: server.address().port,
    setDelay(ms) {
      delay = ms;
    },
    stats() {
      return { ...stats, delayMs: delay, delayMeanMs: stats.chunks ? stats.delaySumMs / stats.chunks : 0 };
    },
    resetStats() {
      stats = emptyStats();
      outstanding = 0;
    },
    async close() {
      await new Promise((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
      await scheduler.close();
    },
  };
}

// ------------------------------------------------------------------------------------------------ child process

/**
 * Runs the proxy in a child process (the benchmark times its commands with spawnSync, which blocks its own event
 * loop) and controls it over IPC. The child exits when the parent goes away.
 */
export async function startLatencyProxy(options) {
  const child = fork(SELF, ["child"], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  let nextId = 1;
  const pending = new Map();
  const call = (op, arg) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      child.send({ id, op, arg });
    });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.on("message", ({ id, result, error }) => {
    const p = pending.get(id);
    pending.delete(id);
    if (error) p?.reject(new Error(error));
    else p?.resolve(result);
  });
  child.once("exit", (code) => {
    for (const p of pending.values()) p.reject(new Error(`latency proxy exited (${code})`));
    pending.clear();
  });
  const { port } = await call("start", options);
  const stopSync = () => child.kill();
  process.on("exit", stopSync);
  return {
    port,
    setDelay: (ms) => call("setDelay", ms),
    stats: () => call("stats"),
    resetStats: () => call("resetStats"),
    async close() {
      process.off("exit", stopSync);
      if (child.exitCode === null) {
        await call("close").catch(() => {});
        child.disconnect();
      }
      await exited;
    },
  };
}

async function childMain() {
  let proxy;
  process.on("disconnect", () => process.exit(0));
  process.on("message", async ({ id, op, arg }) => {
    try {
      let result;
      if (op === "start") result = { port: (proxy = await createLatencyProxy(arg)).port };
      else if (op === "setDelay") proxy.setDelay(arg);
      else if (op === "stats") result = proxy.stats();
      else if (op === "resetStats") proxy.resetStats();
      else if (op === "close") await proxy?.close();
      else throw new Error(`unknown op ${op}`);
      process.send({ id, result });
    } catch (error) {
      process.send({ id, error: String(error?.stack ?? error) });
    }
  });
}

// ------------------------------------------------------------------------------------------------ self-check

/**
 * An echo server behind the proxy: (1) the round trip of a small message ≈ 2 × delay (median of many), against the
 * same echo without the proxy; (2) a 64 MiB payload comes back byte-exact (SHA-256) and at a throughput far above what
 * serialized per-chunk timers would give; (3) a half-close travels (the client's end reaches the server, the server's
 * reply still comes back, then its end); (4) a reset on one side closes the other; (5) Kafka framing is counted.
 */
async function selftest(delayMs) {
  const echo = net.createServer({ allowHalfOpen: true }, (s) => {
    s.on("error", () => {});
    s.pipe(s);
  });
  await new Promise((r) => echo.listen(0, "127.0.0.1", r));
  const echoPort = echo.address().port;
  const proxy = await createLatencyProxy({ targetPort: echoPort, delayMs, kafka: true });
  const results = [];
  const check = (name, ok, detail) => {
    results.push({ name, ok, detail });
    process.stdout.write(`${ok ? "ok  " : "FAIL"} ${name}: ${detail}\n`);
  };
  const connect = (port) =>
    new Promise((resolve, reject) => {
      const s = net.connect({ port, host: "127.0.0.1", allowHalfOpen: true, noDelay: true }, () => resolve(s));
      s.once("error", reject);
    });
  const roundTrips = async (port, n) => {
    const s = await connect(port);
    const times = [];
    for (let i = 0; i < n; i++) {
      const start = nowMs();
      await new Promise((resolve) => {
        s.once("data", resolve);
        s.write("ping");
      });
      times.push(nowMs() - start);
    }
    s.destroy();
    times.sort((a, b) => a - b);
    return { median: times[Math.floor(n / 2)], p90: times[Math.floor(n * 0.9)], first: times };
  };

  // (1) round trip
  const direct = await roundTrips(echoPort, 200);
  const proxied = await roundTrips(proxy.port, 400);
  const added = proxied.median - direct.median;
  check(
    "round trip",
    Math.abs(added - 2 * delayMs) <= Math.max(0.3, 0.15 * 2 * delayMs),
    `median ${proxied.median.toFixed(3)} ms through the proxy vs ${direct.median.toFixed(3)} ms direct: ` +
      `${added.toFixed(3)} ms added (target ${2 * delayMs} ms), p90 ${proxied.p90.toFixed(3)} ms`,
  );

  // (2) large payload: byte-exact, in order, and not paced by one timer per chunk
  {
    const payload = randomBytes(64 * 1024 * 1024);
    const want = createHash("sha256").update(payload).digest("hex");
    const s = await connect(proxy.port);
    const hash = createHash("sha256");
    let got = 0;
    const start = nowMs();
    const done = new Promise((resolve) => {
      s.on("data", (c) => {
        hash.update(c);
        got += c.length;
      });
      s.on("end", resolve);
    });
    for (let off = 0; off < payload.length; off += 1024 * 1024) {
      if (!s.write(payload.subarray(off, off + 1024 * 1024))) await new Promise((r) => s.once("drain", r));
    }
    s.end();
    await done;
    const ms = nowMs() - start;
    const st = proxy.stats();
    const mbps = payload.length / 2 ** 20 / (ms / 1000);
    check(
      "64 MiB echo",
      got === payload.length && hash.digest("hex") === want,
      `${got} bytes back byte-exact in ${ms.toFixed(0)} ms (${mbps.toFixed(0)} MiB/s through the proxy twice; ` +
        `${st.chunks} chunks so far, one timer each in series would need ≥ ${((st.chunks * delayMs) / 1000).toFixed(1)} s)`,
    );
    if (delayMs > 0) check("throughput", ms < (st.chunks * delayMs) / 4, `${ms.toFixed(0)} ms`);
    s.destroy();
  }

  // (3) half-close: the client ends, the server answers after the end and then ends too
  {
    const server = net.createServer({ allowHalfOpen: true }, (s) => {
      let data = "";
      s.on("data", (c) => (data += c));
      s.on("end", () => setTimeout(() => s.end(`got ${data}`), 5));
    });
    await new Promise((r) => server.listen(0, "127.0.0.1", r));
    const p = await createLatencyProxy({ targetPort: server.address().port, delayMs });
    const s = await connect(p.port);
    let reply = "";
    const ended = new Promise((resolve) => {
      s.on("data", (c) => (reply += c));
      s.on("end", resolve);
    });
    s.end("hello");
    await ended;
    check("half-close", reply === "got hello", `reply after the client's end: ${JSON.stringify(reply)}`);
    s.destroy();

    // (4) a reset on the server side reaches the client
    server.removeAllListeners("connection");
    server.on("connection", (c) => setTimeout(() => c.resetAndDestroy(), 5));
    const s2 = await connect(p.port);
    s2.on("error", () => {});
    const closed = await Promise.race([
      new Promise((r) => s2.once("close", () => r(true))),
      new Promise((r) => setTimeout(() => r(false), 2000)),
    ]);
    check("reset", closed, closed ? "the client's socket closed after the server reset" : "still open after 2 s");
    await p.close();
    server.close();
  }

  // (5) Kafka framing: 3 frames in one write, one frame split over writes
  {
    proxy.resetStats();
    const s = await connect(proxy.port);
    const frame = (n) => Buffer.concat([Buffer.from([0, 0, 0, n]), Buffer.alloc(n, 3)]);
    s.write(Buffer.concat([frame(3), frame(0), frame(5)]));
    const f = frame(200);
    s.write(f.subarray(0, 2));
    await new Promise((r) => setTimeout(r, 5));
    s.write(f.subarray(2, 100));
    await new Promise((r) => setTimeout(r, 5));
    s.write(f.subarray(100));
    await new Promise((r) => setTimeout(r, 20 + 4 * delayMs));
    const st = proxy.stats();
    check(
      "kafka framing",
      st.requests === 4 && st.responses === 4 && st.rounds >= 1 && st.apis["api 771"] === 3,
      `${st.requests} requests (${JSON.stringify(st.apis)}), ${st.responses} responses, ${st.rounds} rounds`,
    );
    s.destroy();
  }

  // (6) the child-process form
  {
    const child = await startLatencyProxy({ targetPort: echoPort, delayMs });
    const rt = await roundTrips(child.port, 100);
    const st = await child.stats();
    check(
      "child process",
      Math.abs(rt.median - direct.median - 2 * delayMs) <= Math.max(0.3, 0.15 * 2 * delayMs),
      `median round trip ${rt.median.toFixed(3)} ms, mean achieved one-way delay ${st.delayMeanMs.toFixed(3)} ms`,
    );
    await child.close();
  }

  const st = proxy.stats();
  process.stdout.write(
    `achieved one-way delay in the framing check: mean ${st.delayMeanMs.toFixed(3)} ms, max ${st.delayMaxMs.toFixed(3)} ms, ` +
      `${st.lateChunks} of ${st.chunks} chunks more than 0.2 ms late\n`,
  );
  await proxy.close();
  echo.close();
  return results.every((r) => r.ok);
}

// ------------------------------------------------------------------------------------------------ main

if (process.argv[1] === SELF) {
  const [cmd, ...rest] = process.argv.slice(2);
  const opt = (name, fallback) => {
    const i = rest.indexOf(`--${name}`);
    return i >= 0 ? rest[i + 1] : fallback;
  };
  if (cmd === "child") await childMain();
  else if (cmd === "selftest") process.exitCode = (await selftest(Number(opt("delay", "1")))) ? 0 : 1;
  else if (cmd === "serve") {
    const [targetHost, targetPort] = opt("target", "").split(":");
    const proxy = await createLatencyProxy({
      port: Number(opt("port", "0")),
      targetHost,
      targetPort: Number(targetPort),
      delayMs: Number(opt("delay", "1")),
      kafka: rest.includes("--kafka"),
    });
    process.stderr.write(
      `latency proxy on 127.0.0.1:${proxy.port} → ${targetHost}:${targetPort}, ${opt("delay", "1")} ms each way\n`,
    );
    const stop = async () => {
      process.stderr.write(`${JSON.stringify(proxy.stats())}\n`);
      await proxy.close();
      process.exit(0);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  } else {
    process.stderr.write(
      "usage: node bench/latency-proxy.mjs serve --port P --target HOST:PORT --delay MS [--kafka] | selftest [--delay MS]\n",
    );
    process.exitCode = 2;
  }
}
