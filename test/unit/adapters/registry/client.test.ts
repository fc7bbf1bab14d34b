// The endpoint methods against a fake registry: paths, encoding, bodies, and which answers mean "absent".
import { afterEach, describe, expect, it } from "vitest";
import { createRegistryClient } from "../../../../src/adapters/registry/index.js";
import type { RegistryPort, RegistrySettings, SchemaSubmission } from "../../../../src/ports/registry.js";
import { failure, registryError, startFakeRegistry, type FakeRegistry, type Handler } from "./fake-server.js";

let fake: FakeRegistry | undefined;
let client: RegistryPort | undefined;
afterEach(async () => {
  await client?.close();
  await fake?.close();
  client = fake = undefined;
});

async function serve(handler: Handler, settings: Partial<RegistrySettings> = {}, basePath = "") {
  fake = await startFakeRegistry(handler);
  client = createRegistryClient({ url: `${fake.url}${basePath}`, ...settings }, { cwd: "/" });
  return { client, fake };
}

const avro: SchemaSubmission = { schema: '"string"', schemaType: "AVRO", references: [] };
const SUBJECT = "a/b c";
const ENCODED = "a%2Fb%20c";

describe("paths", () => {
  it("encodes the subject in every path and keeps the base URL's path (trailing slash or not)", async () => {
    const { client, fake } = await serve(
      (request) => {
        if (request.url.includes("/mode")) return { body: { mode: "READWRITE" } };
        if (request.url.includes("/config")) return { body: { compatibilityLevel: "FULL" } };
        if (request.url.startsWith("/apis/ccompat/v7/compatibility")) return { body: { is_compatible: true } };
        if (request.method === "DELETE") return { body: [1] };
        if (request.url.endsWith("/versions") && request.method === "GET") return { body: [1] };
        if (request.method === "POST" && request.url.includes("/versions")) return { body: { id: 7 } };
        return { body: { subject: SUBJECT, version: 1, id: 7, schema: '"string"' } };
      },
      {},
      "/apis/ccompat/v7/",
    );
    await client.listVersions(SUBJECT);
    await client.getVersion(SUBJECT, "latest");
    await client.getVersion(SUBJECT, 3);
    await client.lookupSchema(SUBJECT, avro);
    await client.register(SUBJECT, avro, { normalize: true });
    await client.register(SUBJECT, avro);
    await client.deleteSubject(SUBJECT, { permanent: false });
    await client.deleteSubject(SUBJECT, { permanent: true });
    await client.getSubjectCompatibility(SUBJECT);
    await client.getSubjectCompatibility(SUBJECT, { defaultToGlobal: true });
    await client.setSubjectCompatibility(SUBJECT, "FULL");
    await client.checkCompatibility(SUBJECT, avro);
    await client.checkCompatibilityWithLatest(SUBJECT, avro);
    await client.getMode(SUBJECT);
    expect(fake.received.map((r) => `${r.method} ${r.url}`)).toEqual([
      `GET /apis/ccompat/v7/subjects/${ENCODED}/versions`,
      `GET /apis/ccompat/v7/subjects/${ENCODED}/versions/latest`,
      `GET /apis/ccompat/v7/subjects/${ENCODED}/versions/3`,
      `POST /apis/ccompat/v7/subjects/${ENCODED}`,
      `POST /apis/ccompat/v7/subjects/${ENCODED}/versions?normalize=true`,
      `POST /apis/ccompat/v7/subjects/${ENCODED}/versions`,
      `DELETE /apis/ccompat/v7/subjects/${ENCODED}`,
      `DELETE /apis/ccompat/v7/subjects/${ENCODED}?permanent=true`,
      `GET /apis/ccompat/v7/config/${ENCODED}`,
      `GET /apis/ccompat/v7/config/${ENCODED}?defaultToGlobal=true`,
      `PUT /apis/ccompat/v7/config/${ENCODED}`,
      `POST /apis/ccompat/v7/compatibility/subjects/${ENCODED}/versions?verbose=true`,
      `POST /apis/ccompat/v7/compatibility/subjects/${ENCODED}/versions/latest?verbose=true`,
      `GET /apis/ccompat/v7/mode/${ENCODED}?defaultToGlobal=true`,
    ]);
    for (const request of fake.received) {
      expect(request.headers.accept).toBe("application/vnd.schemaregistry.v1+json");
      if (request.body !== "") expect(request.headers["content-type"]).toBe("application/vnd.schemaregistry.v1+json");
    }
  });
});

describe("bodies and answers", () => {
  it("sends schemaType only when not Avro and references only when there are some", async () => {
    const { client, fake } = await serve(() => ({ body: { id: 1 } }));
    await client.register("s", avro);
    const references = [{ name: "kgov.Money", subject: "money-value", version: 2 }];
    await client.register("s", { schema: "{}", schemaType: "JSON", references });
    expect(fake.received.map((r) => JSON.parse(r.body) as unknown)).toEqual([
      { schema: '"string"' },
      { schema: "{}", schemaType: "JSON", references },
    ]);
  });

  it("fills in Avro and no references where the registry omits them, and keeps what it sends", async () => {
    const references = [{ name: "kgov.Money", subject: "money-value", version: 2 }];
    const { client } = await serve((request) => ({
      body: request.url.endsWith("/2")
        ? { subject: "s", version: 2, id: 9, schema: "syntax", schemaType: "PROTOBUF", references }
        : { subject: "s", version: 1, id: 8, schema: '"string"' },
    }));
    expect(await client.getVersion("s", 1)).toEqual({
      subject: "s",
      version: 1,
      id: 8,
      schema: '"string"',
      schemaType: "AVRO",
      references: [],
    });
    expect(await client.getVersion("s", 2)).toMatchObject({ schemaType: "PROTOBUF", references });
  });

  it("answers undefined for a subject, version or schema that does not exist", async () => {
    const codes = [40401, 40401, 40402, 40401, 40403, 40408, 40401];
    const { client } = await serve((_request, index) => registryError(404, codes[index] ?? 0));
    expect(await client.listVersions("s")).toBeUndefined();
    expect(await client.getVersion("s", "latest")).toBeUndefined();
    expect(await client.getVersion("s", 4)).toBeUndefined();
    expect(await client.lookupSchema("s", avro)).toBeUndefined();
    expect(await client.lookupSchema("s", avro)).toBeUndefined();
    expect(await client.getSubjectCompatibility("s")).toBeUndefined();
    expect(await client.getSubjectCompatibility("s")).toBeUndefined();
  });

  it("reads a level under either key, and the global level for a subject the registry does not know", async () => {
    const { client, fake } = await serve((request) =>
      request.url === "/config"
        ? { body: { compatibilityLevel: "FULL" } }
        : request.url.startsWith("/config/known")
          ? { body: { compatibility: "NONE" } }
          : registryError(404, 40401),
    );
    expect(await client.getSubjectCompatibility("known")).toBe("NONE");
    expect(await client.getSubjectCompatibility("new", { defaultToGlobal: true })).toBe("FULL");
    expect(await client.getGlobalCompatibility()).toBe("FULL");
    await client.setGlobalCompatibility("BACKWARD");
    expect(fake.received.at(-1)).toMatchObject({ method: "PUT", url: "/config", body: '{"compatibility":"BACKWARD"}' });
  });

  it("takes a missing subject as compatible, and passes the registry's messages on", async () => {
    const { client } = await serve((_request, index) =>
      index === 0
        ? registryError(404, 40401)
        : index === 1
          ? registryError(404, 40402)
          : { body: { is_compatible: false, messages: ["READER_FIELD_MISSING_DEFAULT_VALUE b"] } },
    );
    expect(await client.checkCompatibility("s", avro)).toEqual({ compatible: true, messages: [] });
    expect(await client.checkCompatibilityWithLatest("s", avro)).toEqual({ compatible: true, messages: [] });
    expect(await client.checkCompatibility("s", avro)).toEqual({
      compatible: false,
      messages: ["READER_FIELD_MISSING_DEFAULT_VALUE b"],
    });
  });

  it("falls back from the subject's mode to the global one, and to READWRITE without modes", async () => {
    const { client, fake } = await serve((request) =>
      request.url.startsWith("/mode/") ? { status: 404, body: "Not Found" } : { body: { mode: "READONLY" } },
    );
    expect(await client.getMode("s")).toBe("READONLY");
    expect(fake.received.map((r) => r.url)).toEqual(["/mode/s?defaultToGlobal=true", "/mode"]);
    await client.close();
    await fake.close();
    const bare = await serve(() => ({ status: 404, body: "" }));
    expect(await bare.client.getMode("s")).toBe("READWRITE");
  });

  it("pages through more subjects than one page holds, and stops when a registry ignores paging", async () => {
    const names = Array.from({ length: 1500 }, (_, i) => `s${String(i).padStart(4, "0")}`);
    const { client, fake } = await serve((request) => {
      const query = new URL(request.url, "http://x").searchParams;
      const offset = Number(query.get("offset"));
      return { body: names.slice(offset, offset + Number(query.get("limit"))) };
    });
    expect(await client.listSubjects()).toEqual(names);
    expect(fake.received.map((r) => r.url)).toEqual([
      "/subjects?offset=0&limit=1000",
      "/subjects?offset=1000&limit=1000",
    ]);
    await client.close();
    await fake.close();
    const ignoring = await serve(() => ({ body: names.slice(0, 1000) }));
    expect(await ignoring.client.listSubjects()).toHaveLength(1000);
    expect(ignoring.fake.received).toHaveLength(2);
  });

  it("reports a 200 answer that is not JSON (a web UI at the URL) as request-failed", async () => {
    const { client } = await serve(() => ({ body: "<html>Registry UI</html>" }));
    await expect(client.listSubjects()).rejects.toMatchObject({ diagnostic: { code: "registry/request-failed" } });
  });
});

describe("deleting a subject when an answer is lost", () => {
  it("counts an 'already soft-deleted' answer to a retry as success", async () => {
    const { client, fake } = await serve((_request, index) => (index === 0 ? "drop" : registryError(404, 40404)));
    expect(await client.deleteSubject("s", { permanent: false })).toEqual([]);
    expect(fake.received).toHaveLength(2);
  });

  it("counts a 'not found' answer to a retried permanent delete as success", async () => {
    const { client } = await serve((_request, index) => (index === 0 ? "drop" : registryError(404, 40401)));
    expect(await client.deleteSubject("s", { permanent: true })).toEqual([]);
  });

  it("reports the same answers to a first attempt: someone else deleted the subject", async () => {
    const { client } = await serve(() => registryError(404, 40404, "Subject s is in soft deleted state."));
    const error = await failure(client.deleteSubject("s", { permanent: false }));
    expect(error.diagnostic).toMatchObject({
      code: "registry/subject-not-found",
      message: 'The registry could not soft-delete subject "s": the subject is soft-deleted',
    });
  });
});
