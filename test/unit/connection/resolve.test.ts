import { describe, expect, it } from "vitest";
import {
  DEFAULT_CONNECT_TIMEOUT_MS,
  layerFromEnvironment,
  layerFromFlags,
  layerFromProperties,
  parseBootstrapServers,
  resolveConnection,
  type ConnectionLayer,
  type ResolveResult,
} from "../../../src/core/connection/index.js";
import type { Diagnostic } from "../../../src/core/diagnostics/index.js";

function resolveFrom(options: {
  flags?: Parameters<typeof layerFromFlags>[0];
  env?: Record<string, string>;
  file?: string;
}): ResolveResult & {
  layerDiagnostics: Diagnostic[];
} {
  const layers: ConnectionLayer[] = [];
  const layerDiagnostics: Diagnostic[] = [];
  for (const result of [
    layerFromFlags(options.flags ?? {}),
    layerFromEnvironment(options.env ?? {}),
    ...(options.file !== undefined ? [layerFromProperties(options.file, "client.properties")] : []),
  ]) {
    layers.push(result.layer);
    layerDiagnostics.push(...result.diagnostics);
  }
  return { ...resolveConnection(layers), layerDiagnostics };
}

function codes(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.severity}:${d.code}`);
}

const SCRAM_FILE = [
  "bootstrap.servers=file-broker:9092",
  "security.protocol=SASL_PLAINTEXT",
  "sasl.mechanism=SCRAM-SHA-512",
  'sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="file-user" password="file-pass";',
  "client.id=from-file",
].join("\n");

describe("resolveConnection: layering", () => {
  it("takes each setting from the highest layer that has it: flags > environment > file", () => {
    const { settings, diagnostics } = resolveFrom({
      flags: { bootstrapServer: "flag-broker:1111" },
      env: { KGOV_BOOTSTRAP_SERVERS: "env-broker:2222", KGOV_SASL_USERNAME: "env-user" },
      file: SCRAM_FILE,
    });
    expect(diagnostics).toEqual([]);
    expect(settings?.bootstrapServers).toEqual([{ host: "flag-broker", port: 1111 }]);
    expect(settings?.sasl?.username).toBe("env-user");
    expect(settings?.sasl?.password.reveal()).toBe("file-pass");
    expect(settings?.sasl?.mechanism).toBe("SCRAM-SHA-512");
    expect(settings?.clientId).toBe("from-file");
    expect(settings?.origins).toMatchObject({
      bootstrapServers: "--bootstrap-server",
      saslUsername: "KGOV_SASL_USERNAME",
      saslPassword: "client.properties:4",
      saslMechanism: "client.properties:3",
      securityProtocol: "client.properties:2",
      clientId: "client.properties:5",
    });
  });

  it("lets the environment override the file's password", () => {
    const { settings } = resolveFrom({ env: { KGOV_SASL_PASSWORD: "env-pass" }, file: SCRAM_FILE });
    expect(settings?.sasl?.password.reveal()).toBe("env-pass");
    expect(settings?.origins.saslPassword).toBe("KGOV_SASL_PASSWORD");
  });

  it("treats empty environment variables as unset", () => {
    const { settings } = resolveFrom({ env: { KGOV_BOOTSTRAP_SERVERS: "", KGOV_SASL_PASSWORD: "" }, file: SCRAM_FILE });
    expect(settings?.bootstrapServers).toEqual([{ host: "file-broker", port: 9092 }]);
    expect(settings?.sasl?.password.reveal()).toBe("file-pass");
  });

  it("accepts any number of layers, so an environment block can slot in before the defaults", () => {
    const yamlLayer: ConnectionLayer = {
      name: "kgov.yaml environment prod",
      bootstrapServers: {
        value: "yaml-broker:9092",
        origin: "kgov.yaml:4",
        source: { file: "kgov.yaml", start: { line: 4, column: 25 } },
      },
      connectTimeoutMs: {
        value: "abc",
        origin: "kgov.yaml:5",
        source: { file: "kgov.yaml", start: { line: 5, column: 25 } },
      },
    };
    const result = resolveConnection([{ name: "command line" }, { name: "environment" }, yamlLayer]);
    expect(result.settings).toBeUndefined();
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]).toMatchObject({
      code: "connection/invalid-config",
      source: { file: "kgov.yaml", start: { line: 5, column: 25 } },
    });
  });

  it("applies defaults when nothing else is given", () => {
    const { settings, diagnostics } = resolveFrom({ flags: { bootstrapServer: "localhost:9092" } });
    expect(diagnostics).toEqual([]);
    expect(settings).toMatchObject({
      securityProtocol: "PLAINTEXT",
      connectTimeoutMs: DEFAULT_CONNECT_TIMEOUT_MS,
      requestTimeoutMs: 30_000,
      clientId: "kgov",
      origins: { securityProtocol: "default", connectTimeoutMs: "default" },
    });
    expect(settings?.sasl).toBeUndefined();
    expect(settings?.tls).toBeUndefined();
  });
});

describe("resolveConnection: inference", () => {
  it("infers SASL_PLAINTEXT from SASL settings and PLAIN from the PlainLoginModule", () => {
    const { settings, diagnostics } = resolveFrom({
      file: 'bootstrap.servers=b:9092\nsasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="x" password="y";\n',
    });
    expect(diagnostics).toEqual([]);
    expect(settings?.securityProtocol).toBe("SASL_PLAINTEXT");
    expect(settings?.sasl?.mechanism).toBe("PLAIN");
    expect(settings?.origins.securityProtocol).toMatch(/^inferred from SASL settings/);
    expect(settings?.origins.saslMechanism).toMatch(/^inferred from the login module/);
  });

  it("infers SASL_SSL when TLS files are given too, and SSL with TLS files alone", () => {
    expect(
      resolveFrom({
        flags: {
          bootstrapServer: "b:1",
          saslMechanism: "PLAIN",
          saslUsername: "u",
          saslPassword: "p",
          tlsCa: "ca.pem",
        },
      }).settings?.securityProtocol,
    ).toBe("SASL_SSL");
    expect(resolveFrom({ flags: { bootstrapServer: "b:1", tlsCa: "ca.pem" } }).settings?.securityProtocol).toBe("SSL");
  });

  it("accepts protocol and mechanism in any case, as the Java client does", () => {
    const { settings } = resolveFrom({
      flags: {
        bootstrapServer: "b:1",
        securityProtocol: "sasl_ssl",
        saslMechanism: "scram-sha-256",
        saslUsername: "u",
      },
      env: { KGOV_SASL_PASSWORD: "p" },
    });
    expect(settings).toMatchObject({ securityProtocol: "SASL_SSL", sasl: { mechanism: "SCRAM-SHA-256" } });
    expect(settings?.tls).toEqual({ verifyHostname: true });
  });
});

describe("resolveConnection: diagnostics (never throws)", () => {
  it("reports missing bootstrap servers with where to set them", () => {
    const { settings, diagnostics } = resolveFrom({});
    expect(settings).toBeUndefined();
    expect(codes(diagnostics)).toEqual(["error:connection/invalid-config"]);
    expect(diagnostics[0]?.message).toBe("No Kafka bootstrap servers are configured");
    expect(diagnostics[0]?.fix).toMatch(/--bootstrap-server.*KGOV_BOOTSTRAP_SERVERS.*bootstrap\.servers/);
  });

  it("reports malformed bootstrap servers one by one", () => {
    const { diagnostics } = resolveFrom({ flags: { bootstrapServer: "good:9092,nopor,bad:99999,:9092" } });
    expect(diagnostics.map((d) => d.message)).toEqual([
      'Bootstrap server "nopor" (from --bootstrap-server) is not a host:port address',
      'Bootstrap server "bad:99999" (from --bootstrap-server) is not a host:port address',
      'Bootstrap server ":9092" (from --bootstrap-server) is not a host:port address',
    ]);
  });

  it("reports a SASL protocol without credentials or mechanism", () => {
    const { settings, diagnostics } = resolveFrom({ flags: { bootstrapServer: "b:1", securityProtocol: "SASL_SSL" } });
    expect(settings).toBeUndefined();
    expect(diagnostics.map((d) => d.message)).toEqual([
      "Security protocol SASL_SSL needs a SASL mechanism, and none is set",
      "Security protocol SASL_SSL needs a SASL username, and none is set",
      "Security protocol SASL_SSL needs a SASL password, and none is set",
    ]);
  });

  it("asks which SCRAM when only the SCRAM login module is given", () => {
    const { diagnostics } = resolveFrom({
      file: 'bootstrap.servers=b:1\nsasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="u" password="p";',
    });
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]?.message).toMatch(/does not say which SCRAM/);
    expect(diagnostics[0]?.fix).toMatch(/SCRAM-SHA-256 or SCRAM-SHA-512/);
  });

  it.each(["GSSAPI", "OAUTHBEARER", "AWS_MSK_IAM"])("says %s is not supported yet", (mechanism) => {
    const { settings, diagnostics } = resolveFrom({
      flags: { bootstrapServer: "b:1", saslMechanism: mechanism, saslUsername: "u", saslPassword: "p" },
    });
    expect(settings).toBeUndefined();
    expect(codes(diagnostics)).toEqual(["error:connection/unsupported"]);
    expect(diagnostics[0]?.message).toBe(
      `SASL mechanism ${mechanism} (from --sasl-mechanism) is not supported by kgov yet`,
    );
  });

  it("infers the unsupported mechanism from an OAuth or Kerberos login module", () => {
    const oauth = resolveFrom({
      file: "bootstrap.servers=b:1\nsasl.jaas.config=org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;",
    });
    expect(oauth.diagnostics.map((d) => d.message)).toContain(
      "SASL mechanism OAUTHBEARER (from client.properties:2) is not supported by kgov yet",
    );
    const kerberos = resolveFrom({
      file: 'bootstrap.servers=b:1\nsasl.jaas.config=com.sun.security.auth.module.Krb5LoginModule required useKeyTab=true keyTab="/k";',
    });
    expect(codes(kerberos.diagnostics)).toContain("error:connection/unsupported");
  });

  it("rejects an unknown mechanism and an unknown protocol", () => {
    const { diagnostics } = resolveFrom({
      flags: {
        bootstrapServer: "b:1",
        securityProtocol: "TLS",
        saslMechanism: "DIGEST-MD5",
        saslUsername: "u",
        saslPassword: "p",
      },
    });
    expect(diagnostics.map((d) => d.message)).toEqual([
      'SASL mechanism "DIGEST-MD5" (from --sasl-mechanism) is not a known mechanism',
      'Security protocol "TLS" (from --security-protocol) is not one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL',
    ]);
  });

  it("warns when SASL or TLS settings are ignored by an explicit protocol", () => {
    const { settings, diagnostics } = resolveFrom({
      flags: { bootstrapServer: "b:1", securityProtocol: "PLAINTEXT", saslUsername: "u", tlsCa: "ca.pem" },
    });
    expect(settings?.securityProtocol).toBe("PLAINTEXT");
    expect(codes(diagnostics)).toEqual(["warning:connection/ignored-setting", "warning:connection/ignored-setting"]);
  });

  it("requires certificate and key together for mutual TLS", () => {
    const { diagnostics } = resolveFrom({
      flags: { bootstrapServer: "b:1", securityProtocol: "SSL", tlsCert: "c.pem" },
    });
    expect(diagnostics.map((d) => d.message)).toEqual([
      "A client certificate is set (--tls-cert) without its private key",
    ]);
  });

  it.each([
    ["0", "--connect-timeout"],
    ["-5", "--connect-timeout"],
    ["10s", "--connect-timeout"],
    ["300001", "--connect-timeout"],
  ])("rejects connect timeout %s", (value) => {
    const { settings, diagnostics } = resolveFrom({ flags: { bootstrapServer: "b:1", connectTimeout: value } });
    expect(settings).toBeUndefined();
    expect(diagnostics[0]?.message).toMatch(
      /connect timeout .* is not a whole number of milliseconds between 1 and 300000/,
    );
  });

  it("takes timeouts from the environment and the file", () => {
    const { settings } = resolveFrom({
      env: { KGOV_CONNECT_TIMEOUT_MS: "2500" },
      file: "bootstrap.servers=b:1\nrequest.timeout.ms=15000\nsocket.connection.setup.timeout.ms=99\n",
    });
    expect(settings).toMatchObject({ connectTimeoutMs: 2500, requestTimeoutMs: 15000 });
  });

  it("rejects a client id with whitespace", () => {
    const { diagnostics } = resolveFrom({ env: { KGOV_BOOTSTRAP_SERVERS: "b:1", KGOV_CLIENT_ID: "my client" } });
    expect(codes(diagnostics)).toEqual(["error:connection/invalid-config"]);
  });

  it("warns when the login module does not match the mechanism, and uses the mechanism", () => {
    const { settings, diagnostics } = resolveFrom({
      file: [
        "bootstrap.servers=b:1",
        "sasl.mechanism=SCRAM-SHA-256",
        'sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="p";',
      ].join("\n"),
    });
    expect(settings?.sasl?.mechanism).toBe("SCRAM-SHA-256");
    expect(codes(diagnostics)).toEqual(["warning:connection/ignored-setting"]);
  });
});

describe("parseBootstrapServers", () => {
  it("accepts hosts, IPv4, bracketed IPv6 and skips blank entries", () => {
    expect(parseBootstrapServers(" a.example:9092 , 10.0.0.1:19092,,[::1]:9093, ")).toEqual({
      valid: [
        { host: "a.example", port: 9092 },
        { host: "10.0.0.1", port: 19092 },
        { host: "::1", port: 9093 },
      ],
      invalid: [],
    });
  });

  it("rejects missing ports, port 0 and bare IPv6", () => {
    expect(parseBootstrapServers("host,host:0,::1:9092,host:abc").invalid).toEqual([
      "host",
      "host:0",
      "::1:9092",
      "host:abc",
    ]);
  });
});
