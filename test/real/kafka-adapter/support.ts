// Shared by the Kafka adapter's real tests: builds the adapter as `kgov cluster check` does (ConnectionSettings
// resolved from flag layers, then createKafkaCluster), and counts the requests the library sends.
import { connectionsApiChannel, protocolAPIsById } from "@platformatic/kafka";
import { expect } from "vitest";
import { createKafkaCluster } from "../../../src/adapters/kafka/cluster.js";
import { layerFromFlags, resolveConnection, type ConnectionSettings } from "../../../src/core/connection/index.js";
import type { KafkaClusterPort, TopicOutcome } from "../../../src/ports/kafka.js";
import type { KafkaTarget, KafkaUser } from "../../helpers/servers.js";

export function settingsFor(kafka: KafkaTarget, user: KafkaUser = "admin"): ConnectionSettings {
  const resolved = resolveConnection([
    layerFromFlags({
      bootstrapServer: kafka.bootstrapServers,
      saslMechanism: "SCRAM-SHA-512",
      saslUsername: user,
      saslPassword: kafka.users[user].password,
    }).layer,
  ]);
  if (!resolved.settings) throw new Error(JSON.stringify(resolved.diagnostics));
  return resolved.settings;
}

export function portFor(kafka: KafkaTarget, user: KafkaUser = "admin"): KafkaClusterPort {
  return createKafkaCluster(settingsFor(kafka, user), { cwd: process.cwd() });
}

/**
 * Counts the Kafka requests (by API name) every @platformatic/kafka connection in this worker sends while `work`
 * runs, through the library's diagnostics channel `plt:kafka:connections:api` (published once per request sent).
 */
export async function countRequests<T>(
  work: () => Promise<T>,
): Promise<{ result: T; requests: Record<string, number> }> {
  const requests: Record<string, number> = {};
  const onStart = (message: unknown): void => {
    const apiKey = (message as { apiKey?: number }).apiKey;
    if (apiKey === undefined) return;
    const name = protocolAPIsById[apiKey] ?? String(apiKey);
    requests[name] = (requests[name] ?? 0) + 1;
  };
  connectionsApiChannel.start.subscribe(onStart);
  try {
    return { result: await work(), requests };
  } finally {
    connectionsApiChannel.start.unsubscribe(onStart);
  }
}

export function expectAllOk(outcomes: readonly TopicOutcome[]): void {
  const failed = outcomes.filter((o) => !o.ok);
  expect(failed.map((o) => `${o.topic}: ${o.diagnostic?.message ?? "?"}`)).toEqual([]);
}

/** Everything a port call could print: every password of the test users must be absent from it. */
export function expectNoSecrets(kafka: KafkaTarget, value: unknown): void {
  const text = JSON.stringify(value, (_key, v: unknown) => (v instanceof Error ? { message: v.message } : v));
  for (const { password } of Object.values(kafka.users)) expect(text).not.toContain(password);
}
