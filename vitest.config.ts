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
    // The JSON report is what .ci/run reads to print its "N passed, N failed" line.
    reporters: ["default", ["json", { outputFile: "test-results.json" }]],
    // stopping all servers (TERM, then KILL after 15 s) must fit
    teardownTimeout: 120_000,
  },
});
