/**
 * TLS failures through the real adapter, against local Node TLS servers (no broker needed: the handshake fails, or
 * succeeds and the silent server then runs into the connect deadline). The broker-side settings for a real TLS
 * listener are in test/real/connection/README.md.
 */
import { readFileSync } from "node:fs";
import type { Socket } from "node:net";
import { createServer, type Server, type TlsOptions } from "node:tls";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { PlatformaticKafkaCluster } from "../../../src/adapters/kafka/cluster.js";
import { layerFromFlags, resolveConnection, type ConnectionSettings } from "../../../src/core/connection/index.js";
import { KafkaPortError } from "../../../src/ports/kafka.js";

const fixtures = fileURLToPath(new URL("./fixtures/", import.meta.url));
const read = (name: string): string => readFileSync(`${fixtures}${name}`, "utf8");

let server: Server | undefined;
const sockets = new Set<Socket>();
afterEach(async () => {
  for (const socket of sockets) socket.destroy();
  sockets.clear();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** A TLS server that completes handshakes and then never answers, like a hung broker. */
async function tlsServer(options: TlsOptions): Promise<number> {
  server = createServer(options, (socket) => socket.on("error", () => undefined));
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.on("tlsClientError", () => undefined);
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("no port");
  return address.port;
}

function settingsFor(
  port: number,
  flags: Parameters<typeof layerFromFlags>[0],
  extra: Partial<ConnectionSettings> = {},
) {
  const resolved = resolveConnection([
    layerFromFlags({ bootstrapServer: `127.0.0.1:${port}`, securityProtocol: "SSL", connectTimeout: "1500", ...flags })
      .layer,
  ]);
  if (!resolved.settings) throw new Error(JSON.stringify(resolved.diagnostics));
  return { ...resolved.settings, ...extra };
}

async function failure(settings: ConnectionSettings): Promise<KafkaPortError> {
  const cluster = new PlatformaticKafkaCluster(settings, { cwd: fixtures });
  try {
    await cluster.describeCluster();
  } catch (error) {
    if (error instanceof KafkaPortError) return error;
    throw error;
  } finally {
    await cluster.close();
  }
  throw new Error("expected a failure");
}

describe("TLS failures are classified as kafka/tls-failed", () => {
  it("a broker certificate from a CA kgov does not trust", async () => {
    const port = await tlsServer({ cert: read("broker.pem"), key: read("broker.key") });
    const error = await failure(settingsFor(port, { tlsCa: "other-ca.pem" }));
    expect(error.diagnostic).toMatchObject({
      code: "kafka/tls-failed",
      message: `The TLS handshake with 127.0.0.1:${port} failed`,
    });
    expect(error.diagnostic.why).toMatch(
      /not signed by a CA kgov trusts \((UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)\)/,
    );
  });

  it("a certificate for another host name", async () => {
    const port = await tlsServer({ cert: read("wrong-host.pem"), key: read("wrong-host.key") });
    const error = await failure(settingsFor(port, { tlsCa: "ca.pem" }));
    expect(error.diagnostic.code).toBe("kafka/tls-failed");
    expect(error.diagnostic.why).toMatch(/does not name the host .*ERR_TLS_CERT_ALTNAME_INVALID/);
    expect(error.diagnostic.fix).toMatch(/ssl\.endpoint\.identification\.algorithm=/);
  });

  it("with hostname verification off, the same certificate passes and only the silence times out", async () => {
    const port = await tlsServer({ cert: read("wrong-host.pem"), key: read("wrong-host.key") });
    const settings = settingsFor(port, { tlsCa: "ca.pem" });
    const started = Date.now();
    const error = await failure({ ...settings, tls: { ...settings.tls, verifyHostname: false } });
    expect(error.diagnostic).toMatchObject({
      code: "kafka/unreachable",
      message: `Cannot reach Kafka at 127.0.0.1:${port}: no answer within 1500 ms`,
    });
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it("a broker that requires a client certificate (mutual TLS) when kgov has none", async () => {
    const port = await tlsServer({
      cert: read("broker.pem"),
      key: read("broker.key"),
      ca: read("ca.pem"),
      requestCert: true,
      rejectUnauthorized: true,
    });
    const error = await failure(settingsFor(port, { tlsCa: "ca.pem" }));
    expect(error.diagnostic.code).toBe("kafka/tls-failed");
    expect(error.diagnostic.why).toMatch(
      /rejected kgov's client certificate, or its absence \(ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED\)/,
    );
    expect(error.diagnostic.fix).toMatch(/--tls-cert and --tls-key/);
  });

  it("mutual TLS succeeds with the client certificate (then the silent server times out)", async () => {
    const port = await tlsServer({
      cert: read("broker.pem"),
      key: read("broker.key"),
      ca: read("ca.pem"),
      requestCert: true,
      rejectUnauthorized: true,
    });
    const error = await failure(settingsFor(port, { tlsCa: "ca.pem", tlsCert: "client.pem", tlsKey: "client.key" }));
    expect(error.diagnostic.code).toBe("kafka/unreachable");
  });

  it("configuration problems in the PEM files surface before connecting", async () => {
    const error = await failure(settingsFor(1, { tlsCa: "missing-ca.pem", tlsCert: "client.pem", tlsKey: "ca.pem" }));
    expect(error.diagnostics.map((d) => d.message)).toEqual([
      "Cannot read the trusted CA certificates file missing-ca.pem (ENOENT)",
      "The client private key (ca.pem) contains no PEM private key",
    ]);
  });
});
