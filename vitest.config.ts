import { defineConfig } from "vitest/config";
import type { KafkaLine } from "./test/helpers/servers.js";

// `vitest run` runs the unit tests, then the real-server tests against Kafka 4.x, then against Kafka 3.9.x
// (sequence.groupOrder: groups run one after another). The two real projects share their test files and differ
// only in the provided Kafka line; see test/helpers/servers.ts for how servers are started and stopped.
function realServers(line: KafkaLine, groupOrder: number) {
  return {
    test: {
      name: `real-kafka${line}`,
      include: ["test/real/**/*.test.ts"],
      globalSetup: ["test/global-setup.ts"],
      provide: { kafkaLine: line },
      sequence: { groupOrder },
      // one file at a time: the servers are shared state, and a test may freeze a cluster node (suspendClusterNode)
      fileParallelism: false,
      // a cold start of the 3-node cluster on 2 busy cores, plus waiting for another worker's start
      hookTimeout: 300_000,
      testTimeout: 60_000,
    },
  };
}

export default defineConfig({
  test: {
    projects: [
      { test: { name: "unit", include: ["test/unit/**/*.test.ts"], sequence: { groupOrder: 0 } } },
      // pages kgov writes (kgov graph --format html) in headless Chromium; ./run-tests installs /usr/bin/chromium
      {
        test: {
          name: "browser",
          include: ["test/browser/**/*.test.ts"],
          sequence: { groupOrder: 0 },
          testTimeout: 30_000,
        },
      },
      realServers("4", 1),
      realServers("3", 2),
    ],
    // @platformatic/kafka's connection pool listens for a connection's "error" event once only; a connection to a
    // broker the fault tests just killed or restarted can emit a second one (a failed SASL handshake), which reaches
    // the test process as an uncaught exception from a test helper's admin client. kgov's own clients listen for it
    // (src/adapters/kafka/cluster.ts); this one library error is not a test failure, every other one still is.
    onUnhandledError(error) {
      const e = error as { code?: string; cause?: { code?: string; message?: string } };
      const secondSaslFailure =
        e.code === "PLT_KFK_NETWORK" &&
        (e.cause?.code === "PLT_KFK_AUTHENTICATION" || /suitable SASL mechanism/.test(e.cause?.message ?? ""));
      return secondSaslFailure ? false : undefined;
    },
    // The JSON report is what .ci/run reads to print its "N passed, N failed" line.
    reporters: ["default", ["json", { outputFile: "test-results.json" }]],
    // stopping all servers (TERM, then KILL after 15 s) must fit
    teardownTimeout: 120_000,
  },
});
