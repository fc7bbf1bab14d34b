// Latency: `kgov plan`, the raw-RPC floor, `topicctl check` and `topicctl apply --dry-run` over the plan estate's
// 10,000 topics on a broker at a datacenter distance: 2 ms added round-trip time, injected by bench/latency-proxy.mjs.
//
// The broker (scripts/infra.sh, ports 19361-19363) advertises its client listener on the proxy's port 19369
// (KGOV_KAFKA_ADVERTISED_PORT), so the bootstrap connection and every broker connection a client opens from the
// Metadata it gets go through the proxy, which forwards to 19361 after 1 ms each way (plus one emulated TCP handshake
// per connection). The topics are created through the proxy with no delay; then every command is timed twice in the
// same run on the same broker: through the proxy with 0 ms added (loopback, the proxy's own copying included) and with
// 2 ms added. The proxy counts the Kafka requests of each run and its request rounds (see latency-proxy.mjs), which
// tells where the added time goes.
//
// Targets (at 2 ms RTT): kgov ≥ 10× faster than topicctl's faster command, and kgov ≤ 1.1 × the floor: the faster of
// two raw scripts reading the same data, with one DescribeConfigs or with kgov's four parts sent at once.
// Usage on its own: node bench/latency.mjs
import { machineDescription, median } from "./lib.mjs";
import { startLatencyProxy } from "./latency-proxy.mjs";
import {
  checkNoChanges,
  createPlanEstate,
  fmtMs,
  installTopicctl,
  KGOV,
  PLAN,
  releaseEstate,
  SELF as TOPICS,
  startBroker,
  timeOnce,
  TOPICCTL,
  topicctlCommands,
} from "./topics.mjs";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const LATENCY = {
  portBase: 19360,
  proxyPort: 19369,
  rttMs: 2,
  /** kgov plan and the floor, at each delay, interleaved. */
  runs: 5,
  /** topicctl check, at each delay (it takes ~10 s on loopback, ~50 s at 2 ms). */
  checkRuns: 3,
  /** topicctl apply --dry-run, once at each delay (over two minutes even on loopback). */
  dryRunRuns: 1,
  targetFactor: 10,
  targetFloorRatio: 1.1,
};

const SELF = fileURLToPath(import.meta.url);

export async function benchLatency() {
  releaseEstate(); // the plan benchmark's idle broker with 10,000 partitions would compete for the CPU
  const failedInstall = installTopicctl();
  if (failedInstall) {
    return {
      title: "Latency: kgov plan vs topicctl at 2 ms RTT",
      target: `kgov ≥ ${LATENCY.targetFactor}× faster than topicctl's faster command`,
      pass: false,
      columns: ["command", "wall"],
      rows: [["topicctl", "not installed"]],
      notes: `scripts/install-topicctl.sh failed (exit ${failedInstall.status}):\n\n\`\`\`\n${failedInstall.stderr.slice(-2000)}\n\`\`\``,
    };
  }
  const version = spawnSync(TOPICCTL, ["--version"], { encoding: "utf8" })
    .stdout.trim()
    .replace(/^topicctl version /, "");
  const proxy = await startLatencyProxy({
    port: LATENCY.proxyPort,
    targetHost: "127.0.0.1",
    targetPort: LATENCY.portBase + 1,
    delayMs: 0,
    kafka: true,
  });
  let estate;
  try {
    const broker = startBroker("latency", LATENCY.portBase, { KGOV_KAFKA_ADVERTISED_PORT: String(proxy.port) });
    if (broker.bootstrap !== `127.0.0.1:${proxy.port}`) {
      throw new Error(`the broker's bootstrap is ${broker.bootstrap}, not the proxy's port ${proxy.port}`);
    }
    estate = await createPlanEstate(broker);
    const { kgovDir } = estate;
    checkNoChanges(broker, kgovDir);
    const tctl = topicctlCommands(estate);
    const commands = {
      plan: [process.execPath, [KGOV, "plan", "-f", kgovDir], broker.env],
      floor: [process.execPath, [TOPICS, "raw", "observe"], broker.env],
      floorParts: [process.execPath, [TOPICS, "raw", "observe-parts"], broker.env],
      check: [...tctl.check, broker.env],
      dryRun: [...tctl.dryRun, broker.env],
    };
    // topicctl takes its connection from cluster.yaml (bootstrapAddrs: the proxy); its env carries no KGOV_*.
    const tctlEnv = Object.fromEntries(Object.entries(broker.env).filter(([k]) => !k.startsWith("KGOV_")));
    commands.check[2] = tctlEnv;
    commands.dryRun[2] = tctlEnv;

    /** One timed run through the proxy, with the proxy's counts of it. Checks topicctl's output the first time. */
    const checked = new Set();
    const runOnce = async (name) => {
      const [command, args, env] = commands[name];
      await proxy.resetStats();
      let ms;
      if ((name === "check" || name === "dryRun") && !checked.has(name)) {
        const start = process.hrtime.bigint();
        const r = spawnSync(command, args, { env, encoding: "utf8", maxBuffer: 512 * 1024 * 1024 });
        ms = Number(process.hrtime.bigint() - start) / 1e6;
        const out = `${r.stdout}\n${r.stderr}`;
        if (r.status !== 0) throw new Error(`topicctl ${args[0]} exited ${r.status}:\n${out.slice(-4000)}`);
        if (name === "check") {
          const ok = (out.match(/ OK/g) ?? []).length;
          if (ok < PLAN.topics) throw new Error(`topicctl check printed ${ok} OK lines, not ${PLAN.topics}`);
        }
        checked.add(name);
      } else {
        ms = timeOnce(command, args, env);
      }
      return { ms, ...(await proxy.stats()) };
    };

    const delays = [
      { key: "loop", oneWayMs: 0 },
      { key: "far", oneWayMs: LATENCY.rttMs / 2 },
    ];
    const samples = {};
    for (const { key, oneWayMs } of delays) {
      await proxy.setDelay(oneWayMs);
      const s = (samples[key] = { plan: [], floor: [], floorParts: [], check: [], dryRun: [] });
      process.stderr.write(`latency: ${2 * oneWayMs} ms added RTT ...\n`);
      timeOnce(...commands.plan); // warm-up (page cache, compile cache)
      timeOnce(...commands.floor);
      timeOnce(...commands.floorParts);
      for (let i = 0; i < LATENCY.runs; i++) {
        s.plan.push(await runOnce("plan"));
        s.floor.push(await runOnce("floor"));
        s.floorParts.push(await runOnce("floorParts"));
        if (i < LATENCY.checkRuns) s.check.push(await runOnce("check"));
      }
      for (let i = 0; i < LATENCY.dryRunRuns; i++) s.dryRun.push(await runOnce("dryRun"));
      process.stderr.write(
        `latency: ${2 * oneWayMs} ms: ${Object.entries(s)
          .map(([n, v]) => `${n} ${fmtMs(median(v.map((x) => x.ms)))}`)
          .join(", ")}\n`,
      );
    }

    const med = (key, name, field = "ms") => median(samples[key][name].map((x) => x[field]));
    const ms = (key, name) => med(key, name);
    const planFar = ms("far", "plan");
    const fastestName = ms("far", "check") <= ms("far", "dryRun") ? "check" : "dryRun";
    const factor = ms("far", fastestName) / planFar;
    // The floor is the faster of the two ways to read the same data: one request, or kgov's four parts at once.
    const floorName = ms("far", "floor") <= ms("far", "floorParts") ? "floor" : "floorParts";
    const floorRatio = planFar / ms("far", floorName);
    const loopFactor = Math.min(ms("loop", "check"), ms("loop", "dryRun")) / ms("loop", "plan");
    const pass = factor >= LATENCY.targetFactor && floorRatio <= LATENCY.targetFloorRatio;
    const labels = {
      plan: "kgov plan (No changes.)",
      floor: "floor: Metadata + one DescribeConfigs (raw @platformatic/kafka script)",
      floorParts: "floor in parts: Metadata + 4 DescribeConfigs of a quarter each, at once on 4 connections (raw)",
      check: "topicctl check",
      dryRun: "topicctl apply --dry-run",
    };
    const rows = Object.keys(labels).map((name) => {
      const far = ms("far", name);
      const loop = ms("loop", name);
      const rounds = med("far", name, "rounds");
      const conns = med("far", name, "connections");
      return [
        labels[name],
        `${fmtMs(loop)} (${samples.loop[name].length})`,
        `${fmtMs(far)} (${samples.far[name].length})`,
        fmtMs(far - loop),
        med("far", name, "requests").toLocaleString("en"),
        `${rounds.toLocaleString("en")} + ${conns} connects`,
        fmtMs((rounds + conns) * LATENCY.rttMs),
        (far / planFar).toFixed(name === "plan" || name.startsWith("floor") ? 2 : 1),
      ];
    });
    const far = samples.far;
    const achievedMean =
      Object.values(far)
        .flat()
        .reduce((sum, x) => sum + x.delaySumMs, 0) /
      Object.values(far)
        .flat()
        .reduce((sum, x) => sum + x.chunks, 0);
    const lateShare =
      Object.values(far)
        .flat()
        .reduce((sum, x) => sum + x.lateChunks, 0) /
      Object.values(far)
        .flat()
        .reduce((sum, x) => sum + x.chunks, 0);
    const tctlFar = ms("far", fastestName);
    const tctlRounds = med("far", fastestName, "rounds") + med("far", fastestName, "connections");
    const tctlWaitMs = tctlRounds * LATENCY.rttMs;
    const tctlLoop = ms("loop", fastestName);
    // What topicctl's faster command would need for kgov to be 10× faster: tctl ≥ 10 × kgov.
    const needed = LATENCY.targetFactor * planFar;
    const explain =
      factor >= LATENCY.targetFactor
        ? ""
        : ` Why the ${LATENCY.targetFactor}× target is not met: topicctl's faster command (${labels[fastestName]}) ` +
          `waits for ${tctlRounds.toLocaleString("en")} sequential request rounds and connects, ` +
          `${fmtMs(tctlWaitMs)} at ${LATENCY.rttMs} ms each, on top of its ${fmtMs(tctlLoop)} on loopback ` +
          `(measured: ${fmtMs(tctlFar - tctlLoop)} added, ${((tctlFar - tctlLoop) / tctlRounds).toFixed(2)} ms per ` +
          `round); kgov plan's ${med("far", "plan", "rounds")} rounds and ${med("far", "plan", "connections")} ` +
          `connect cost ${fmtMs((med("far", "plan", "rounds") + med("far", "plan", "connections")) * LATENCY.rttMs)}, ` +
          `so its ${fmtMs(planFar)} (${fmtMs(ms("loop", "plan"))} at 0 ms added: the same within noise) are the ` +
          `broker describing, and the client decoding, 10,000 topics' configs, the work the floor does too ` +
          `(${fmtMs(ms("far", floorName))}). ` +
          `${LATENCY.targetFactor}× would need topicctl at ${fmtMs(needed)}: with the same loopback cost that is ` +
          `${Math.max(0, (needed - tctlLoop) / tctlRounds).toFixed(1)} ms per round trip, ` +
          `${Math.max(0, (needed - tctlLoop) / tctlRounds / LATENCY.rttMs).toFixed(1)}× the ${LATENCY.rttMs} ms here.`;
    const floorExplain =
      floorRatio <= LATENCY.targetFloorRatio
        ? ""
        : ` kgov plan is ${floorRatio.toFixed(2)} × the faster floor (${labels[floorName]}) at ${LATENCY.rttMs} ms: ` +
          `it sent ${med("far", "plan", "rounds")} request rounds and ${med("far", "plan", "connections")} ` +
          `connections to the floor's ${med("far", floorName, "rounds")} and ${med("far", floorName, "connections")}; ` +
          `the rest is kgov's own work (loading and checking the files, diffing, fingerprinting), which the ` +
          `raw script does not do.`;
    /** Requests by API of the last run at 2 ms, largest first. */
    const apis = (name) =>
      Object.entries(far[name].at(-1).apis)
        .sort((a, b) => b[1] - a[1])
        .map(([api, n]) => `${api} ×${n.toLocaleString("en")}`)
        .join(", ");
    return {
      title: `Latency: \`kgov plan\` vs \`topicctl check\` / \`apply --dry-run\` over ${PLAN.topics.toLocaleString("en")} topics at ${LATENCY.rttMs} ms added RTT`,
      target:
        `at ${LATENCY.rttMs} ms RTT, kgov ≥ ${LATENCY.targetFactor}× faster than topicctl's faster command ` +
        `(${factor.toFixed(1)}×: ${factor >= LATENCY.targetFactor ? "met" : "NOT met"}) and ≤ ` +
        `${LATENCY.targetFloorRatio} × the faster raw-RPC floor (${floorRatio.toFixed(2)}: ` +
        `${floorRatio <= LATENCY.targetFloorRatio ? "met" : "NOT met"})`,
      pass,
      columns: [
        "command",
        "0 ms added (runs)",
        `${LATENCY.rttMs} ms RTT (runs)`,
        "added",
        "Kafka requests",
        "request rounds",
        `(rounds + connects) × ${LATENCY.rttMs} ms`,
        `× kgov plan at ${LATENCY.rttMs} ms`,
      ],
      rows,
      notes:
        `Apache Kafka ${broker.version}, one combined broker+controller (scripts/infra.sh, SASL_PLAINTEXT with ` +
        `SCRAM-SHA-256) whose client listener advertises the port of bench/latency-proxy.mjs ` +
        `(KGOV_KAFKA_ADVERTISED_PORT), so every connection, bootstrap and discovered, crosses the proxy; ` +
        `topicctl ${version}; on ${machineDescription()}. The plan estate of the plan and topicctl sections ` +
        `(${PLAN.topics.toLocaleString("en")} topics in ${PLAN.files} files, "No changes.", topicctl check printed ` +
        `an OK line for every topic). Every command was timed in this run on this broker at both delays, ` +
        `medians; "0 ms added" is loopback through the proxy (the plan and topicctl sections above measure the ` +
        `same commands on loopback without it). The proxy delays each chunk by 1 ms each way (achieved one-way ` +
        `delay at ${LATENCY.rttMs} ms RTT: mean ${achievedMean.toFixed(3)} ms per chunk, handshake waits included; ` +
        `${(100 * lateShare).toFixed(1)} % of chunks more than 0.2 ms late) and holds a new connection's first ` +
        `bytes for one emulated TCP handshake. Kafka requests and request rounds are counted by the proxy ` +
        `(medians over the runs at ${LATENCY.rttMs} ms; by API in the last run: kgov plan ${apis("plan")}; ` +
        `floor ${apis("floor")}; floor in parts ${apis("floorParts")}; topicctl check ${apis("check")}; topicctl apply --dry-run ${apis("dryRun")}); a round is a wave of requests sent while none was ` +
        `outstanding, so (rounds + connects) × RTT is the least time a command spends waiting on the network. ` +
        `At ${LATENCY.rttMs} ms kgov plan is ${factor.toFixed(1)}× faster than topicctl's faster command ` +
        `(${loopFactor.toFixed(1)}× at 0 ms added) and ${floorRatio.toFixed(2)} × the faster floor. kgov reads ` +
        `the configs of ${PLAN.topics.toLocaleString("en")} topics in 4 parts sent at once (src/adapters/kafka/` +
        `spread.ts): the broker builds them on its request threads side by side, so one request is no longer the ` +
        `floor; the floor in parts times that way of reading with nothing else.${explain}${floorExplain}`,
    };
  } finally {
    if (estate) estate.release();
    await proxy.close();
  }
}

if (process.argv[1] === SELF) {
  const r = await benchLatency();
  process.stdout.write(
    `${r.title}: ${r.pass ? "met" : "NOT met"}\n${r.target}\n${r.rows.map((row) => row.join(" | ")).join("\n")}\n${r.notes}\n`,
  );
  process.exitCode = r.pass ? 0 : 1;
}
