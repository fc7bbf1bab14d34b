import { describe, expect, it } from "vitest";
import {
  layerFromEnvironment,
  layerFromProperties,
  resolveConnection,
  type PemSource,
} from "../../../src/core/connection/index.js";

function pem(source: PemSource | undefined): string | undefined {
  if (!source) return undefined;
  return source.kind === "file" ? `file:${source.path}` : `inline:${source.pem.reveal()}`;
}

describe("layerFromProperties: TLS keys (PEM only)", () => {
  it("maps a PEM trust store location and a PEM key store file holding key and chain", () => {
    const { layer, diagnostics } = layerFromProperties(
      [
        "ssl.truststore.type=PEM",
        "ssl.truststore.location=/etc/kafka/ca.pem",
        "ssl.keystore.type=PEM",
        "ssl.keystore.location=client.pem",
        "ssl.key.password=kp",
        "ssl.endpoint.identification.algorithm=",
      ].join("\n"),
      "c.properties",
    );
    expect(diagnostics).toEqual([]);
    expect(pem(layer.tlsCa?.value)).toBe("file:/etc/kafka/ca.pem");
    expect(pem(layer.tlsCert?.value)).toBe("file:client.pem");
    expect(pem(layer.tlsKey?.value)).toBe("file:client.pem");
    expect(layer.tlsKeyPassword?.value.reveal()).toBe("kp");
    expect(layer.verifyHostname).toEqual({ value: false, origin: "c.properties:6" });
  });

  it("maps inline PEM (certificates, chain, key), continuation lines included", () => {
    const { layer, diagnostics } = layerFromProperties(
      [
        "ssl.truststore.type=PEM",
        "ssl.truststore.certificates=-----BEGIN CERTIFICATE----- \\",
        "  MIIB -----END CERTIFICATE-----",
        "ssl.keystore.type=PEM",
        "ssl.keystore.certificate.chain=-----BEGIN CERTIFICATE----- chain -----END CERTIFICATE-----",
        "ssl.keystore.key=-----BEGIN PRIVATE KEY----- key -----END PRIVATE KEY-----",
      ].join("\n"),
      "c.properties",
    );
    expect(diagnostics).toEqual([]);
    expect(pem(layer.tlsCa?.value)).toBe("inline:-----BEGIN CERTIFICATE----- MIIB -----END CERTIFICATE-----");
    expect(pem(layer.tlsCert?.value)).toMatch(/^inline:-----BEGIN CERTIFICATE----- chain/);
    expect(pem(layer.tlsKey?.value)).toMatch(/^inline:-----BEGIN PRIVATE KEY-----/);
  });

  it("accepts a location without a store type (the file itself is checked when connecting)", () => {
    const { layer, diagnostics } = layerFromProperties("ssl.truststore.location=ca.crt\n", "c.properties");
    expect(diagnostics).toEqual([]);
    expect(pem(layer.tlsCa?.value)).toBe("file:ca.crt");
  });

  it.each([
    [
      "ssl.truststore.type=JKS\nssl.truststore.location=t.jks\nssl.truststore.password=changeit",
      "ssl.truststore.type=JKS",
      /keytool -exportcert -rfc/,
    ],
    [
      "ssl.truststore.type=PKCS12\nssl.truststore.location=t.p12",
      "ssl.truststore.type=PKCS12",
      /openssl pkcs12 .* -nokeys/,
    ],
    [
      "ssl.keystore.type=JKS\nssl.keystore.location=k.jks\nssl.keystore.password=changeit",
      "ssl.keystore.type=JKS",
      /keytool -importkeystore/,
    ],
    [
      "ssl.keystore.type=pkcs12\nssl.keystore.location=k.p12",
      "ssl.keystore.type=pkcs12",
      /openssl pkcs12 -in keystore\.p12/,
    ],
  ])("rejects a non-PEM store with a conversion hint (%s)", (text, what, hint) => {
    const { layer, diagnostics } = layerFromProperties(text, "c.properties");
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: "connection/unsupported", severity: "error" });
    expect(diagnostics[0]?.message).toContain(what);
    expect(diagnostics[0]?.message).toMatch(/kgov reads PEM .* only/);
    expect(diagnostics[0]?.fix).toMatch(hint);
    expect(JSON.stringify(diagnostics)).not.toContain("changeit");
    expect(layer.tlsCa).toBeUndefined();
    expect(layer.tlsCert).toBeUndefined();
  });

  it("rejects both a location and inline PEM for the same store", () => {
    const { diagnostics } = layerFromProperties(
      "ssl.truststore.location=ca.pem\nssl.truststore.certificates=-----BEGIN CERTIFICATE-----",
      "c.properties",
    );
    expect(diagnostics[0]?.message).toBe(
      "c.properties sets both ssl.truststore.location and ssl.truststore.certificates",
    );
  });

  it("warns about store passwords that PEM does not use, without their values", () => {
    const { diagnostics } = layerFromProperties(
      "ssl.truststore.location=ca.pem\nssl.truststore.password=tp-123456\nssl.keystore.location=k.pem\nssl.keystore.password=kp-123456",
      "c.properties",
    );
    expect(diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      "connection/ignored-setting ssl.truststore.password (c.properties:2) is ignored: a PEM trust store has no password",
      "connection/ignored-setting ssl.keystore.password (c.properties:4) is ignored: a PEM key store has no store password; use ssl.key.password",
    ]);
    expect(JSON.stringify(diagnostics)).not.toMatch(/tp-123456|kp-123456/);
  });

  it("rejects an unknown endpoint identification algorithm", () => {
    const { diagnostics } = layerFromProperties("ssl.endpoint.identification.algorithm=ldaps", "c.properties");
    expect(diagnostics[0]?.message).toBe(
      'ssl.endpoint.identification.algorithm "ldaps" (from c.properties:1) is not supported',
    );
  });

  it("warns about unsupported ssl.* and sasl.* keys and ignores producer/consumer keys silently", () => {
    const { diagnostics } = layerFromProperties(
      "acks=all\nretries=3\nssl.enabled.protocols=TLSv1.2\nsasl.login.callback.handler.class=x.Y\n",
      "c.properties",
    );
    expect(diagnostics.map((d) => d.message)).toEqual([
      "ssl.enabled.protocols (c.properties:3) is ignored: kgov does not support this security setting; the connection is made without it",
      "sasl.login.callback.handler.class (c.properties:4) is ignored: kgov does not support this security setting; the connection is made without it",
    ]);
  });

  it("reports an unparseable sasl.jaas.config by line, never with its text", () => {
    const { layer, diagnostics } = layerFromProperties(
      'bootstrap.servers=b:1\nsasl.jaas.config=org.example.Module required password="never-shown\n',
      "c.properties",
    );
    expect(layer.saslPassword).toBeUndefined();
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: "connection/properties-file", path: "c.properties:2" });
    expect(diagnostics[0]?.message).toMatch(
      /^sasl\.jaas\.config in c\.properties:2 cannot be parsed: unterminated quoted string/,
    );
    expect(JSON.stringify(diagnostics)).not.toContain("never-shown");
  });

  it("reports a malformed escape as a properties-file error", () => {
    const { diagnostics } = layerFromProperties("client.id=a\\u00zz\n", "c.properties");
    expect(diagnostics[0]).toMatchObject({ code: "connection/properties-file", path: "c.properties:1" });
  });
});

describe("layerFromEnvironment", () => {
  it("reads every KGOV_* connection variable", () => {
    const { layer, diagnostics } = layerFromEnvironment({
      KGOV_BOOTSTRAP_SERVERS: "b:1",
      KGOV_SECURITY_PROTOCOL: "SASL_SSL",
      KGOV_SASL_MECHANISM: "PLAIN",
      KGOV_SASL_USERNAME: "u",
      KGOV_SASL_PASSWORD: "p",
      KGOV_SSL_CA_LOCATION: "ca.pem",
      KGOV_SSL_CERTIFICATE_LOCATION: "c.pem",
      KGOV_SSL_KEY_LOCATION: "k.pem",
      KGOV_SSL_KEY_PASSWORD: "kp",
      KGOV_SSL_ENDPOINT_IDENTIFICATION_ALGORITHM: "https",
      KGOV_CONNECT_TIMEOUT_MS: "1000",
      KGOV_REQUEST_TIMEOUT_MS: "2000",
      KGOV_CLIENT_ID: "ci",
      UNRELATED: "x",
    });
    expect(diagnostics).toEqual([]);
    const resolved = resolveConnection([layer]);
    expect(resolved.diagnostics).toEqual([]);
    expect(resolved.settings).toMatchObject({
      bootstrapServers: [{ host: "b", port: 1 }],
      securityProtocol: "SASL_SSL",
      sasl: { mechanism: "PLAIN", username: "u" },
      tls: {
        ca: { kind: "file", path: "ca.pem" },
        cert: { kind: "file", path: "c.pem" },
        key: { kind: "file", path: "k.pem" },
        verifyHostname: true,
      },
      connectTimeoutMs: 1000,
      requestTimeoutMs: 2000,
      clientId: "ci",
    });
    expect(resolved.settings?.tls?.keyPassword?.reveal()).toBe("kp");
  });
});
