import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import {
  describeConnection,
  layerFromEnvironment,
  layerFromFlags,
  layerFromProperties,
  REDACTED,
  resolveConnection,
  Secret,
  summarizeConnection,
} from "../../../src/core/connection/index.js";
import {
  diagnosticsDocument,
  renderDiagnosticsGithub,
  renderDiagnosticsText,
} from "../../../src/render/diagnostics.js";

const SASL_SECRET = "Sasl-Pa55word-xyzzy";
const KEY_SECRET = "Key-Pa55word-plugh";
const INLINE_KEY = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC-inline-key-body";

function everything(): string[] {
  const file = [
    "bootstrap.servers=b1:9093,b2:9093",
    "security.protocol=SASL_SSL",
    "sasl.mechanism=SCRAM-SHA-512",
    `sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="svc" password="${SASL_SECRET}";`,
    "ssl.truststore.type=PEM",
    "ssl.truststore.location=/etc/ca.pem",
    "ssl.keystore.type=PEM",
    "ssl.keystore.certificate.chain=-----BEGIN CERTIFICATE----- chain -----END CERTIFICATE-----",
    `ssl.keystore.key=-----BEGIN ENCRYPTED PRIVATE KEY----- ${INLINE_KEY} -----END ENCRYPTED PRIVATE KEY-----`,
    `ssl.key.password=${KEY_SECRET}`,
  ].join("\n");
  const result = resolveConnection([layerFromProperties(file, "client.properties").layer]);
  expect(result.diagnostics).toEqual([]);
  const settings = result.settings;
  if (!settings) throw new Error("no settings");
  const description = describeConnection(settings);
  return [
    JSON.stringify(description),
    JSON.stringify(settings),
    String(settings.sasl?.password),
    `${settings.sasl?.password}`,
    inspect(settings, { depth: 10 }),
    summarizeConnection(settings),
    inspect(description, { depth: 10 }),
  ];
}

describe("secrets never reach output", () => {
  it("describeConnection replaces passwords and inline keys", () => {
    const file = [
      "bootstrap.servers=b1:9093",
      "security.protocol=SASL_SSL",
      "sasl.mechanism=PLAIN",
      `sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="svc" password="${SASL_SECRET}";`,
      "ssl.keystore.certificate.chain=-----BEGIN CERTIFICATE-----",
      `ssl.keystore.key=${INLINE_KEY}`,
      `ssl.key.password=${KEY_SECRET}`,
    ].join("\n");
    const settings = resolveConnection([layerFromProperties(file, "c.properties").layer]).settings;
    if (!settings) throw new Error("no settings");
    expect(describeConnection(settings)).toEqual({
      bootstrapServers: ["b1:9093"],
      securityProtocol: "SASL_SSL",
      sasl: { mechanism: "PLAIN", username: "svc", password: REDACTED },
      tls: {
        ca: "system default CAs",
        clientCertificate: "inline PEM",
        clientKey: "inline PEM",
        keyPassword: REDACTED,
        verifyHostname: true,
      },
      connectTimeoutMs: 10000,
      requestTimeoutMs: 30000,
      clientId: "kgov",
      origins: {
        bootstrapServers: "c.properties:1",
        securityProtocol: "c.properties:2",
        saslMechanism: "c.properties:3",
        saslUsername: "c.properties:4",
        saslPassword: "c.properties:4",
        tlsCert: "c.properties:5",
        tlsKey: "c.properties:6",
        tlsKeyPassword: "c.properties:7",
        verifyHostname: "default",
        connectTimeoutMs: "default",
        requestTimeoutMs: "default",
        clientId: "default",
      },
    });
  });

  it("no rendering of settings or their description contains a secret", () => {
    for (const text of everything()) {
      expect(text).not.toContain(SASL_SECRET);
      expect(text).not.toContain(KEY_SECRET);
      expect(text).not.toContain(INLINE_KEY);
    }
  });

  it("Secret hides itself from String, JSON and inspect, and reveals only on request", () => {
    const secret = new Secret("topsecret");
    expect(String(secret)).toBe(REDACTED);
    expect(JSON.stringify({ secret })).toBe(`{"secret":"${REDACTED}"}`);
    expect(inspect({ secret })).not.toContain("topsecret");
    expect(Object.keys(secret)).toEqual([]);
    expect(secret.reveal()).toBe("topsecret");
  });

  it("diagnostics from every layer never contain the secrets, whatever goes wrong", () => {
    const broken = [
      // unparseable JAAS with the password in it
      `sasl.jaas.config=org.Module required username="u" password="${SASL_SECRET}`,
      // a bad escape in a password line
      `ssl.key.password=${KEY_SECRET}\\u00zz`,
      `ssl.keystore.password=${KEY_SECRET}`,
      `ssl.truststore.password=${KEY_SECRET}`,
      "security.protocol=PLAINTEXT",
    ].join("\n");
    const fromFile = layerFromProperties(broken, "c.properties");
    const fromFlags = layerFromFlags({ saslPassword: SASL_SECRET, connectTimeout: "forever" });
    const fromEnv = layerFromEnvironment({
      KGOV_SASL_PASSWORD: SASL_SECRET,
      KGOV_SSL_KEY_PASSWORD: KEY_SECRET,
      KGOV_SSL_KEY_LOCATION: "k.pem",
    });
    const resolved = resolveConnection([fromFlags.layer, fromEnv.layer, fromFile.layer]);
    const diagnostics = [
      ...fromFile.diagnostics,
      ...fromFlags.diagnostics,
      ...fromEnv.diagnostics,
      ...resolved.diagnostics,
    ];
    expect(diagnostics.length).toBeGreaterThanOrEqual(5);
    const rendered = [
      renderDiagnosticsText(diagnostics),
      renderDiagnosticsGithub(diagnostics),
      JSON.stringify(diagnosticsDocument(diagnostics)),
    ].join("\n");
    expect(rendered).not.toContain(SASL_SECRET);
    expect(rendered).not.toContain(KEY_SECRET);
  });

  it("properties-file diagnostics point at file:line, never at a source range a code frame could print", () => {
    const { diagnostics } = layerFromProperties(`sasl.jaas.config=broken "${SASL_SECRET}`, "c.properties");
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]?.source).toBeUndefined();
    expect(diagnostics[0]?.path).toBe("c.properties:1");
  });
});
