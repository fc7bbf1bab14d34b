/**
 * readCluster sends the topic read and the ACL read at once over the same client connections. When both fail, the
 * failure reported is the one that explains the other: a broker that stopped answering one read makes the library
 * close the connection under the other, which then only says the connection was lost.
 */
import { describe, expect, it } from "vitest";
import { readCluster } from "../../../src/app/observe.js";
import type { Diagnostic } from "../../../src/core/diagnostics/index.js";
import { KafkaPortError, type KafkaClusterPort } from "../../../src/ports/kafka.js";

const timedOut: Diagnostic = {
  code: "kafka/unreachable",
  severity: "error",
  message: "Cannot reach Kafka at any of a:9092: a broker stopped answering (request timeout 2000 ms)",
};
const lost: Diagnostic = {
  code: "kafka/request-failed",
  severity: "error",
  message: "Kafka could not read the topics and their configs: Connection closed",
};
const denied: Diagnostic = { code: "kafka/authorization-failed", severity: "error", message: "denied" };

function port(topics: Diagnostic | undefined, acls: Diagnostic | undefined): KafkaClusterPort {
  const fail = (d: Diagnostic) => Promise.reject(new KafkaPortError(d));
  return {
    observeTopics: () =>
      topics
        ? fail(topics)
        : Promise.resolve({ clusterId: "c", brokers: [], topics: new Map(), reassigning: new Set() }),
    observeAcls: () => (acls ? fail(acls) : Promise.resolve({ bindings: [], unrecognised: 0 })),
  } as unknown as KafkaClusterPort;
}

const failure = async (p: KafkaClusterPort) =>
  readCluster(p).then(
    () => undefined,
    (e: unknown) => (e as KafkaPortError).diagnostic.code,
  );

describe("readCluster", () => {
  it("reports the timeout when the other read only lost its connection, whichever read it was", async () => {
    expect(await failure(port(lost, timedOut))).toBe("kafka/unreachable");
    expect(await failure(port(timedOut, lost))).toBe("kafka/unreachable");
  });

  it("reports the topic read's failure when neither is a broker that could not be reached", async () => {
    expect(await failure(port(lost, denied))).toBe("kafka/request-failed");
    expect(await failure(port(denied, undefined))).toBe("kafka/authorization-failed");
    expect(await failure(port(undefined, denied))).toBe("kafka/authorization-failed");
    expect(await failure(port(undefined, undefined))).toBeUndefined();
  });
});
