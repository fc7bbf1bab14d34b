import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { buildAdminOptions } from "../../../src/adapters/kafka/cluster.js";
import { checkPem, loadTlsMaterial, nodeTlsOptions, shouldSendServerName } from "../../../src/adapters/kafka/tls.js";
import { resolveConnection, Secret, type TlsSettings } from "../../../src/core/connection/index.js";

const fixtures = fileURLToPath(new URL("./fixtures/", import.meta.url));
const read = (name: string): string => readFileSync(`${fixtures}${name}`, "utf8");
const file = (path: string) => ({ kind: "file" as const, path });

describe("nodeTlsOptions: PEM material → node:tls", () => {
  it("passes CA, chain, key and passphrase through and always verifies the chain", () => {
    expect(nodeTlsOptions({ ca: "CA", cert: "CERT", key: "KEY", passphrase: "pw", verifyHostname: true })).toEqual({
      ca: "CA",
      cert: "CERT",
      key: "KEY",
      passphrase: "pw",
      rejectUnauthorized: true,
    });
  });

  it("skips only the host name check when hostname verification is off", () => {
    const options = nodeTlsOptions({ verifyHostname: false });
    expect(options.rejectUnauthorized).toBe(true);
    expect(options.checkServerIdentity?.("other.example", {} as never)).toBeUndefined();
    expect(options.ca).toBeUndefined();
  });

  it("sends SNI only when every bootstrap host is a name (Node warns for IP addresses)", () => {
    expect(shouldSendServerName(["broker-1.example", "broker-2.example"])).toBe(true);
    expect(shouldSendServerName(["broker-1.example", "10.0.0.1"])).toBe(false);
    expect(shouldSendServerName(["::1"])).toBe(false);
  });
});

describe("buildAdminOptions", () => {
  const settings = resolveConnection([
    {
      name: "test",
      bootstrapServers: { value: "b1.example:9093,b2.example:9093", origin: "t" },
      securityProtocol: { value: "SASL_SSL", origin: "t" },
      saslMechanism: { value: "SCRAM-SHA-512", origin: "t" },
      saslUsername: { value: "svc", origin: "t" },
      saslPassword: { value: new Secret("admin-options-secret"), origin: "t" },
      connectTimeoutMs: { value: "4000", origin: "t" },
    },
  ]).settings;
  if (!settings) throw new Error("no settings");

  it("maps servers, timeouts, SASL and TLS, splitting the connect budget across servers", () => {
    const options = buildAdminOptions(settings, { ca: "CA", verifyHostname: true });
    expect(options).toMatchObject({
      clientId: "kgov",
      bootstrapBrokers: [
        { host: "b1.example", port: 9093 },
        { host: "b2.example", port: 9093 },
      ],
      connectTimeout: 2000,
      requestTimeout: 30000,
      sasl: { mechanism: "SCRAM-SHA-512", username: "svc" },
      tls: { ca: "CA", rejectUnauthorized: true },
      tlsServerName: true,
    });
  });

  it("passes the password as a provider function, so the options object holds no secret", () => {
    const options = buildAdminOptions(settings);
    expect(JSON.stringify(options)).not.toContain("admin-options-secret");
    const provider = options.sasl?.password;
    expect(typeof provider).toBe("function");
    expect((provider as () => string)()).toBe("admin-options-secret");
    expect(options.tls).toBeUndefined();
  });
});

describe("checkPem", () => {
  it("accepts real certificates and keys", () => {
    expect(checkPem("ca", read("ca.pem"), "ca.pem", false)).toBeUndefined();
    expect(checkPem("cert", read("client-bundle.pem"), "bundle", false)).toBeUndefined();
    expect(checkPem("key", read("client-bundle.pem"), "bundle", false)).toBeUndefined();
    expect(checkPem("key", read("client-encrypted.key"), "enc", true)).toBeUndefined();
  });

  it("reports a file without the expected blocks, never quoting it", () => {
    expect(checkPem("ca", read("client.key"), "client.key", false)?.message).toBe(
      "The trusted CA certificates (client.key) contain no PEM certificate",
    );
    const keyProblem = checkPem("key", read("client.pem"), "client.pem", false);
    expect(keyProblem?.message).toBe("The client private key (client.pem) contains no PEM private key");
    expect(JSON.stringify(keyProblem)).not.toContain("MII");
  });

  it("asks for the key password of an encrypted key", () => {
    expect(checkPem("key", read("client-encrypted.key"), "enc.key", false)?.message).toBe(
      "The client private key (enc.key) is encrypted and no key password is set",
    );
  });
});

describe("loadTlsMaterial", () => {
  const base: TlsSettings = { verifyHostname: true };

  it("reads CA, certificate and key files relative to the working directory", async () => {
    const result = await loadTlsMaterial(
      { ...base, ca: file("ca.pem"), cert: file("client.pem"), key: file("client.key") },
      fixtures,
    );
    expect(result.diagnostics).toEqual([]);
    expect(result.material?.ca).toBe(read("ca.pem"));
    expect(result.material?.key).toBe(read("client.key"));
  });

  it("reads one PEM key store file for both certificate and key", async () => {
    const result = await loadTlsMaterial(
      { ...base, cert: file("client-bundle.pem"), key: file("client-bundle.pem") },
      fixtures,
    );
    expect(result.diagnostics).toEqual([]);
  });

  it("decrypts an encrypted key with the key password", async () => {
    const result = await loadTlsMaterial(
      {
        ...base,
        cert: file("client.pem"),
        key: file("client-encrypted.key"),
        keyPassword: new Secret("fixture-key-pass"),
      },
      fixtures,
    );
    expect(result.diagnostics).toEqual([]);
    expect(result.material?.passphrase).toBe("fixture-key-pass");
  });

  it("reports a wrong key password without quoting it", async () => {
    const result = await loadTlsMaterial(
      {
        ...base,
        cert: file("client.pem"),
        key: file("client-encrypted.key"),
        keyPassword: new Secret("wrong-pass-123"),
      },
      fixtures,
    );
    expect(result.material).toBeUndefined();
    expect(result.diagnostics.map((d) => d.message)).toEqual([
      "The TLS material cannot be used: the key password is wrong",
    ]);
    expect(JSON.stringify(result.diagnostics)).not.toContain("wrong-pass-123");
  });

  it("reports a key that does not belong to the certificate", async () => {
    const result = await loadTlsMaterial({ ...base, cert: file("client.pem"), key: file("broker.key") }, fixtures);
    expect(result.diagnostics.map((d) => d.message)).toEqual([
      "The TLS material cannot be used: the private key does not belong to the client certificate",
    ]);
  });

  it("reports unreadable files by path and errno", async () => {
    const result = await loadTlsMaterial({ ...base, ca: file("missing.pem") }, fixtures);
    expect(result.diagnostics[0]).toMatchObject({
      code: "connection/invalid-config",
      message: "Cannot read the trusted CA certificates file missing.pem (ENOENT)",
    });
  });

  it("recognises a JKS store and a binary PKCS12/DER file, and says to convert them", async () => {
    const jks = Buffer.from([0xfe, 0xed, 0xfe, 0xed, 0, 0, 0, 2]);
    const der = Buffer.from([0x30, 0x82, 0x05, 0x00, 0x02, 0x01]);
    const reader = async (path: string) => (path.endsWith(".jks") ? jks : der);
    const result = await loadTlsMaterial(
      { ...base, ca: file("t.jks"), cert: file("c.p12"), key: file("c.p12") },
      "/",
      reader,
    );
    expect(result.diagnostics.map((d) => `${d.code}: ${d.message}`)).toEqual([
      "connection/unsupported: The trusted CA certificates (t.jks) is a Java KeyStore (JKS), not PEM",
      "connection/unsupported: The client certificate (c.p12) is binary (DER or PKCS12), not PEM",
      "connection/unsupported: The client private key (c.p12) is binary (DER or PKCS12), not PEM",
    ]);
    expect(result.diagnostics[0]?.fix).toMatch(/keytool -importkeystore/);
  });

  it("uses inline PEM without touching the file system", async () => {
    const reader = async (): Promise<Buffer> => {
      throw new Error("must not read");
    };
    const result = await loadTlsMaterial(
      { ...base, ca: { kind: "inline", pem: new Secret(read("ca.pem")) } },
      "/",
      reader,
    );
    expect(result.diagnostics).toEqual([]);
    expect(result.material?.ca).toBe(read("ca.pem"));
  });
});
