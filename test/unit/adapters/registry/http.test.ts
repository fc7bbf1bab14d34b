// Transport behaviour against a fake registry: retries, backoff, timeouts, concurrency, traffic, auth and TLS.
import { readFileSync } from "node:fs";
import { createServer as createHttpsServer } from "node:https";
import { createServer as createNetServer } from "node:net";
import { inspect } from "node:util";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { createRegistryClient } from "../../../../src/adapters/registry/index.js";
import type { RegistryPort, RegistrySettings } from "../../../../src/ports/registry.js";
import { failure, registryError, startFakeRegistry, type FakeRegistry, type Handler } from "./fake-server.js";

const fixtures = fileURLToPath(new URL("../../connection/fixtures/", import.meta.url));
const pem = (name: string): string => readFileSync(`${fixtures}${name}`, "utf8");

let fake: FakeRegistry | undefined;
let client: RegistryPort | undefined;
afterEach(async () => {
  await client?.close();
  await fake?.close();
  client = fake = undefined;
});

async function serve(
  handler: Handler,
  settings: Partial<RegistrySettings> = {},
  server?: Parameters<typeof startFakeRegistry>[1],
) {
  fake = await startFakeRegistry(handler, server);
  client = createRegistryClient({ url: fake.url, ...settings }, { cwd: fixtures });
  return { client, fake };
}

describe("retries", () => {
  it("retries 503 and a reset connection, then succeeds, counting every request", async () => {
    const { client, fake } = await serve((_request, index) =>
      index === 0 ? registryError(503, 50003) : index === 1 ? "drop" : { body: ["s"] },
    );
    expect(await client.listSubjects()).toEqual(["s"]);
    expect(fake.received).toHaveLength(3);
    expect(client.traffic()).toEqual({ requests: 3, retries: 2, byMethod: { GET: 3 } });
  });

  it("gives up after the bounded number of attempts, with backoff between them", async () => {
    const { client, fake } = await serve(() => registryError(500, 50001, "Error in the backend data store"));
    const started = Date.now();
    const error = await failure(client.listSubjects());
    // three backoff waits of at least 50, 100 and 200 ms
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
    expect(fake.received).toHaveLength(4);
    expect(error.diagnostic).toMatchObject({ code: "registry/request-failed" });
    expect(error.diagnostic.message).toContain("HTTP 500, error_code 50001, after 4 attempts");
    expect(error.diagnostic.why).toContain('The registry said: "Error in the backend data store".');
    expect(error).toMatchObject({ status: 500, errorCode: 50001 });
  });

  it("honours a short Retry-After on 429", async () => {
    const { client, fake } = await serve((_request, index) =>
      index === 0 ? { status: 429, headers: { "Retry-After": "1" }, body: {} } : { body: [] },
    );
    const started = Date.now();
    await client.listSubjects();
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(fake.received).toHaveLength(2);
  });

  it("does not wait for a long Retry-After: it reports the rate limit at once", async () => {
    const { client, fake } = await serve(() => ({ status: 429, headers: { "Retry-After": "3600" }, body: {} }));
    const error = await failure(client.listSubjects());
    expect(error.diagnostic.code).toBe("registry/rate-limited");
    expect(fake.received).toHaveLength(1);
  });

  it.each([
    [404, 40401],
    [409, 409],
    [422, 42201],
    [401, 401],
  ])("never retries HTTP %i", async (status, code) => {
    const { client, fake } = await serve(() => registryError(status, code));
    await failure(client.register("s", { schema: "{}", schemaType: "AVRO", references: [] }));
    expect(fake.received).toHaveLength(1);
  });

  it("times out a silent registry per attempt, retries, then reports it unreachable", async () => {
    const { client, fake } = await serve(() => ({ delayMs: 1000, body: [] }), { timeoutMs: 100, retries: 1 });
    const error = await failure(client.listSubjects());
    expect(fake.received).toHaveLength(2);
    expect(error.diagnostic).toMatchObject({
      code: "registry/unreachable",
      message: `Cannot reach the Schema Registry at ${fake.url}: no answer within 100 ms (2 attempts)`,
    });
  });

  it("reports a refused connection as unreachable after every attempt", async () => {
    const closed = createNetServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    client = createRegistryClient({ url: `http://127.0.0.1:${port}`, retries: 2 }, { cwd: "/" });
    const error = await failure(client.listSubjects());
    expect(error.diagnostic.message).toBe(
      `Cannot reach the Schema Registry at http://127.0.0.1:${port}: the connection was refused: nothing listens on that port (3 attempts)`,
    );
    expect(client.traffic()).toMatchObject({ requests: 3, retries: 2 });
  });
});

describe("concurrency and traffic", () => {
  it("keeps at most `concurrency` requests in flight however many are fired at once", async () => {
    const { client, fake } = await serve(() => ({ delayMs: 5, body: [1] }), { concurrency: 4 });
    const subjects = Array.from({ length: 200 }, (_, i) => `s${i}`);
    await Promise.all(subjects.map((s) => client.listVersions(s)));
    expect(fake.maxInFlight).toBe(4);
    expect(client.traffic()).toEqual({ requests: 200, retries: 0, byMethod: { GET: 200 } });
  });

  it("counts requests by method", async () => {
    const { client } = await serve((request) => ({ body: request.method === "DELETE" ? [1] : { id: 1 } }));
    await client.register("s", { schema: "{}", schemaType: "AVRO", references: [] });
    await client.deleteSubject("s", { permanent: false });
    await client.setSubjectCompatibility("s", "NONE");
    expect(client.traffic().byMethod).toEqual({ POST: 1, DELETE: 1, PUT: 1 });
  });
});

describe("credentials", () => {
  const password = "s3cret-pass-word";
  const token = "tok-abcdef-123456";
  const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString("base64")}`;

  it("sends basic auth, bearer tokens, and URL user info as basic auth", async () => {
    const { fake } = await serve(() => ({ body: [] }), { auth: { kind: "basic", username: "kgov", password } });
    await client?.listSubjects();
    expect(fake.received[0]?.headers.authorization).toBe(basic("kgov", password));
    await client?.close();

    client = createRegistryClient({ url: fake.url, auth: { kind: "bearer", token } }, { cwd: "/" });
    await client.listSubjects();
    expect(fake.received[1]?.headers.authorization).toBe(`Bearer ${token}`);
    await client.close();

    client = createRegistryClient(
      { url: fake.url.replace("//", `//svc:${encodeURIComponent("p@ss word")}@`) },
      { cwd: "/" },
    );
    await client.listSubjects();
    expect(fake.received[2]?.headers.authorization).toBe(basic("svc", "p@ss word"));
  });

  it("never puts a credential into an error, even when the URL holds it or the registry echoes it", async () => {
    const { fake } = await serve(() => registryError(401, 401, `Unauthorized: bad password ${password}`));
    const url = fake.url.replace("//", `//svc:${password}@`);
    for (const settings of [{ url }, { url: fake.url, auth: { kind: "bearer" as const, token: password } }]) {
      client = createRegistryClient(settings, { cwd: "/" });
      const error = await failure(client.listSubjects());
      expect(error.diagnostic.code).toBe("registry/authentication-failed");
      for (const text of [JSON.stringify(error.diagnostic), error.message, inspect(error, { depth: 10 })]) {
        expect(text).not.toContain(password);
        expect(text).not.toContain(Buffer.from(`svc:${password}`).toString("base64"));
      }
      await client.close();
    }
  });
});

describe("TLS", () => {
  const httpsServer = (options: object = {}) =>
    createHttpsServer({ cert: pem("broker.pem"), key: pem("broker.key"), ...options });

  it("trusts the CA from tls.caFile (relative to cwd)", async () => {
    const { client } = await serve(() => ({ body: ["s"] }), { tls: { caFile: "ca.pem" } }, httpsServer());
    expect(await client.listSubjects()).toEqual(["s"]);
  });

  it("reports an untrusted certificate as tls-failed without retrying", async () => {
    const { client } = await serve(() => ({ body: [] }), { tls: { caFile: "other-ca.pem" } }, httpsServer());
    const error = await failure(client.listSubjects());
    expect(error.diagnostic.code).toBe("registry/tls-failed");
    expect(error.diagnostic.why).toContain("not signed by a CA kgov trusts");
    expect(client.traffic().requests).toBe(1);
  });

  it("presents the client certificate for mutual TLS, with an encrypted key and its password", async () => {
    const server = httpsServer({ ca: pem("ca.pem"), requestCert: true, rejectUnauthorized: true });
    const tls = {
      caFile: "ca.pem",
      certFile: "client.pem",
      keyFile: "client-encrypted.key",
      keyPassword: "fixture-key-pass",
    };
    const { client } = await serve(() => ({ body: ["s"] }), { tls }, server);
    expect(await client.listSubjects()).toEqual(["s"]);
  });

  it("reports an unreadable TLS file before sending anything", async () => {
    const { client, fake } = await serve(() => ({ body: [] }), { tls: { caFile: "missing-ca.pem" } }, httpsServer());
    const error = await failure(client.listSubjects());
    expect(error.diagnostic).toMatchObject({ code: "registry/tls-failed" });
    expect(error.diagnostic.message).toContain("missing-ca.pem (ENOENT)");
    expect(error.diagnostic.fix).toContain("registry.tls.caFile");
    expect(fake.received).toHaveLength(0);
  });

  it("reports a wrong key password without quoting it", async () => {
    const tls = { certFile: "client.pem", keyFile: "client-encrypted.key", keyPassword: "not-the-password" };
    const { client } = await serve(() => ({ body: [] }), { tls }, httpsServer());
    const error = await failure(client.listSubjects());
    expect(error.diagnostic.code).toBe("registry/tls-failed");
    expect(error.diagnostic.message).toContain("the key password is wrong");
    expect(JSON.stringify(error.diagnostic)).not.toContain("not-the-password");
  });
});
