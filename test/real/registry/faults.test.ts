/**
 * kgov's registry client through test/helpers/fault-proxy.ts in front of the real registry: retried 5xx answers,
 * Retry-After, a registry that is down, timeouts, and writes whose answer is lost (then retried safely).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createRegistryClient } from "../../../src/adapters/registry/index.js";
import type { RegistryPort, RegistrySettings } from "../../../src/ports/registry.js";
import { startFaultProxy, type FaultProxy } from "../../helpers/fault-proxy.js";
import { uniqueName } from "../../helpers/servers.js";
import { a, avro, bWithDefault, failure, record, registryUrl } from "./support.js";

// The registry does not depend on the Kafka line, so this file runs in the real-kafka4 project only.
describe.runIf(inject("kafkaLine") === "4")(
  "registry client through the fault proxy (real-kafka4 project only)",
  () => {
    let url = "";
    let client: RegistryPort;
    let proxy: FaultProxy;
    let proxied: RegistryPort | undefined;
    beforeAll(async () => {
      url = await registryUrl();
      client = createRegistryClient({ url }, { cwd: "/" });
      proxy = await startFaultProxy(url);
    });
    afterAll(async () => {
      await Promise.all([client.close(), proxied?.close(), proxy.close()]);
    });
    /** A fresh client through the proxy (counters at zero), with the proxy's faults and records cleared. */
    const through = async (settings: Partial<RegistrySettings> = {}): Promise<RegistryPort> => {
      await proxied?.close();
      proxy.reset();
      proxied = createRegistryClient({ url: proxy.url, ...settings }, { cwd: "/" });
      return proxied;
    };

    it("retries two 503 answers and succeeds, counting the retries", async () => {
      const registry = await through();
      proxy.failNext(2, { status: 503 });
      expect(await registry.listSubjects()).toEqual(expect.any(Array));
      expect(registry.traffic()).toMatchObject({ requests: 3, retries: 2 });
      expect(proxy.requests.map((r) => r.outcome)).toEqual(["failed", "failed", "forwarded"]);
    });

    it("honours a 429's Retry-After", async () => {
      const registry = await through();
      proxy.failNext(1, { status: 429, retryAfter: 1 });
      const started = Date.now();
      await registry.getGlobalCompatibility();
      expect(Date.now() - started).toBeGreaterThanOrEqual(950);
      expect(registry.traffic().retries).toBe(1);
    });

    it("reports a registry that stays down as unreachable after bounded attempts", async () => {
      const registry = await through({ retries: 2 });
      await proxy.down();
      try {
        const error = await failure(registry.listSubjects());
        expect(error.diagnostic.code).toBe("registry/unreachable");
        expect(error.diagnostic.message).toContain("the connection was refused");
        expect(error.diagnostic.message).toContain("(3 attempts)");
        expect(registry.traffic()).toMatchObject({ requests: 3, retries: 2 });
      } finally {
        await proxy.up();
      }
    });

    it("times out a slow answer, retries it, then reports it", async () => {
      const registry = await through({ timeoutMs: 300, retries: 1 });
      proxy.delay(1500);
      try {
        const error = await failure(registry.getGlobalCompatibility());
        expect(error.diagnostic.message).toContain("no answer within 300 ms (2 attempts)");
        expect(proxy.requests).toHaveLength(2);
      } finally {
        proxy.delay(0);
      }
    });

    it("repeats a registration whose answer was lost and gets the same id, with one version", async () => {
      const registry = await through();
      const subject = `${uniqueName("client-lost-register")}-value`;
      proxy.loseAnswerNext(1, { match: (r) => r.method === "POST" });
      const { id } = await registry.register(subject, avro(record("Order", [a])));
      expect(proxy.requests.map((r) => r.outcome)).toEqual(["answer-lost", "forwarded"]);
      expect(await client.getVersion(subject, "latest")).toMatchObject({ id, version: 1 });
    });

    it("counts a retried delete that finds its work done as success", async () => {
      const registry = await through();
      const subject = `${uniqueName("client-lost-delete")}-value`;
      await client.register(subject, avro(record("Order", [a])));
      proxy.loseAnswerNext(2, { match: (r) => r.method === "DELETE" && r.index % 2 === 0 });
      expect(await registry.deleteSubject(subject, { permanent: false })).toEqual([]);
      expect(await client.listVersions(subject)).toBeUndefined();
      expect(await registry.deleteSubject(subject, { permanent: true })).toEqual([]);
      expect(proxy.requests.map((r) => `${r.method} ${r.outcome}`)).toEqual([
        "DELETE answer-lost",
        "DELETE forwarded",
        "DELETE answer-lost",
        "DELETE forwarded",
      ]);
      expect((await fetch(`${url}/subjects/${encodeURIComponent(subject)}/versions?deleted=true`)).status).toBe(404);
    });

    it("records what was sent: reads are GETs and compatibility POSTs only", async () => {
      const registry = await through();
      const subject = `${uniqueName("client-reads")}-value`;
      await client.register(subject, avro(record("Order", [a])));
      await Promise.all([
        registry.listSubjects(),
        registry.getVersion(subject, "latest"),
        registry.getSubjectCompatibility(subject, { defaultToGlobal: true }),
        registry.getMode(subject),
        registry.checkCompatibility(subject, avro(record("Order", [a, bWithDefault]))),
      ]);
      expect(proxy.requests).toHaveLength(5);
      for (const request of proxy.requests) {
        expect(request.method === "GET" || request.path.startsWith("/compatibility/"), request.path).toBe(true);
      }
    });
  },
);
