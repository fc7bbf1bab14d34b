/**
 * kgov's registry client against a real registry (Apicurio's Confluent-compatible API, test/helpers/servers.ts):
 * every RegistryPort method and the registry's error answers as diagnostics. Where Apicurio differs from Confluent
 * the test says so; docs/registry-apicurio.md lists each difference. Faults (retries, timeouts, lost answers) are in
 * faults.test.ts.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createRegistryClient } from "../../../src/adapters/registry/index.js";
import type { RegistryPort, SchemaSubmission } from "../../../src/ports/registry.js";
import { uniqueName } from "../../helpers/servers.js";
import { a, avro, bWithDefault, bWithoutDefault, failure, record, registryUrl } from "./support.js";

// The registry does not depend on the Kafka line, so this file runs in the real-kafka4 project only.
describe.runIf(inject("kafkaLine") === "4")("registry client against Apicurio (real-kafka4 project only)", () => {
  let url = "";
  let client: RegistryPort;
  beforeAll(async () => {
    url = await registryUrl();
    client = createRegistryClient({ url }, { cwd: "/" });
  });
  afterAll(() => client.close());

  it("registers an Avro schema, reads it back, lists its versions and looks it up", async () => {
    const subject = `${uniqueName("client-avro")}-value`;
    const v1 = avro(record("Order", [a]));
    const { id } = await client.register(subject, v1);
    expect(await client.register(subject, v1)).toEqual({ id });
    expect(await client.getVersion(subject, "latest")).toEqual({ subject, version: 1, id, ...v1 });
    expect(await client.getVersion(subject, 1)).toMatchObject({ id });
    expect(await client.getVersion(subject, 2)).toBeUndefined();
    expect(await client.listVersions(subject)).toEqual([1]);
    expect(await client.lookupSchema(subject, v1)).toMatchObject({ subject, version: 1, id });
    expect(await client.lookupSchema(subject, avro(record("Other", [a])))).toBeUndefined();
    expect(await client.listSubjects()).toContain(subject);
  });

  it("registers JSON Schema and Protobuf and reads their type back", async () => {
    const json = `${uniqueName("client-json")}-value`;
    const jsonSchema: SchemaSubmission = {
      schema: JSON.stringify({
        $schema: "http://json-schema.org/draft-07/schema#",
        type: "object",
        properties: { a: { type: "string" } },
      }),
      schemaType: "JSON",
      references: [],
    };
    await client.register(json, jsonSchema);
    expect(await client.getVersion(json, "latest")).toMatchObject({ schemaType: "JSON", schema: jsonSchema.schema });
    const proto = `${uniqueName("client-proto")}-value`;
    const protoSchema: SchemaSubmission = {
      schema: 'syntax = "proto3";\npackage kgov.test;\n\nmessage Order {\n  string a = 1;\n}\n',
      schemaType: "PROTOBUF",
      references: [],
    };
    await client.register(proto, protoSchema, { normalize: true });
    expect(await client.getVersion(proto, "latest")).toMatchObject({ schemaType: "PROTOBUF" });
    expect(await client.lookupSchema(proto, protoSchema)).toMatchObject({ version: 1 });
  });

  it("registers a schema that references a named type of another subject", async () => {
    const money = `${uniqueName("client-money")}-value`;
    await client.register(money, avro(record("Money", [{ name: "cents", type: "long" }])));
    const order = `${uniqueName("client-ref")}-value`;
    const references = [{ name: "kgov.test.Money", subject: money, version: 1 }];
    const withReference = avro(record("Order", [{ name: "total", type: "kgov.test.Money" }]), references);
    const { id } = await client.register(order, withReference);
    expect(await client.getVersion(order, "latest")).toMatchObject({ id, references });
    expect(await client.lookupSchema(order, withReference)).toMatchObject({ id, version: 1 });

    const dangling = [{ name: "kgov.test.Money", subject: money, version: 9 }];
    const error = await failure(client.register(`${order}-2`, avro(withReference.schema, dangling)));
    expect(error.diagnostic.code).toBe("registry/reference-not-found");
    expect(error.diagnostic.why).toContain("Unresolved reference");
  });

  it("reads a subject that does not exist as absent, compatible, writable and at the global level", async () => {
    const subject = uniqueName("client-missing");
    expect(await client.listVersions(subject)).toBeUndefined();
    expect(await client.getVersion(subject, "latest")).toBeUndefined();
    expect(await client.lookupSchema(subject, avro(record("X", [a])))).toBeUndefined();
    expect(await client.checkCompatibility(subject, avro(record("X", [a])))).toEqual({
      compatible: true,
      messages: [],
    });
    expect(await client.checkCompatibilityWithLatest(subject, avro(record("X", [a])))).toMatchObject({
      compatible: true,
    });
    // Apicurio answers 40401 here where Confluent answers the global level; the client asks for the global level.
    expect(await client.getSubjectCompatibility(subject, { defaultToGlobal: true })).toBe("BACKWARD");
    expect(await client.getSubjectCompatibility(subject)).toBeUndefined();
    expect(await client.getMode(subject)).toBe("READWRITE");
  });

  it("sets and reads a subject's level; Apicurio answers a level even for a subject without one", async () => {
    const subject = `${uniqueName("client-config")}-value`;
    await client.register(subject, avro(record("Order", [a])));
    // Confluent answers 40408 (no level of its own); Apicurio answers its configured default.
    expect(await client.getSubjectCompatibility(subject)).toBe("BACKWARD");
    await client.setSubjectCompatibility(subject, "FULL");
    expect(await client.getSubjectCompatibility(subject)).toBe("FULL");
    expect(await client.getSubjectCompatibility(subject, { defaultToGlobal: true })).toBe("FULL");
  });

  it("sets and reads the global level (and restores BACKWARD, which other tests rely on)", async () => {
    expect(await client.getGlobalCompatibility()).toBe("BACKWARD");
    try {
      await client.setGlobalCompatibility("FORWARD");
      expect(await client.getGlobalCompatibility()).toBe("FORWARD");
    } finally {
      await client.setGlobalCompatibility("BACKWARD");
    }
    expect(await client.getGlobalCompatibility()).toBe("BACKWARD");
  });

  it("checks against every version at a transitive level and against the latest only when asked", async () => {
    const subject = `${uniqueName("client-transitive")}-value`;
    await client.setSubjectCompatibility(subject, "BACKWARD_TRANSITIVE");
    await client.register(subject, avro(record("Order", [a])));
    await client.register(subject, avro(record("Order", [a, bWithDefault])));
    const candidate = avro(record("Order", [a, bWithoutDefault]));
    // v2 has b with a default, so the latest version's data always carries b; v1's does not.
    expect(await client.checkCompatibilityWithLatest(subject, candidate)).toMatchObject({ compatible: true });
    // Apicurio ignores verbose=true: no messages.
    expect(await client.checkCompatibility(subject, candidate)).toEqual({ compatible: false, messages: [] });
    const error = await failure(client.register(subject, candidate));
    expect(error).toMatchObject({ status: 409, errorCode: 409 });
    expect(error.diagnostic.code).toBe("registry/incompatible-schema");
    expect(error.diagnostic.message).toContain("Incompatible artifact");
  });

  it("maps the registry's 422 answers to diagnostics", async () => {
    const subject = `${uniqueName("client-invalid")}-value`;
    const invalid = await failure(client.register(subject, avro('{"type": "record", "name": "R", "fields": "x"}')));
    expect(invalid).toMatchObject({ status: 422, errorCode: 42201, diagnostic: { code: "registry/invalid-schema" } });
    // Apicurio recognises JSON Schema by `$schema` or top-level `properties` only.
    const notJson = await failure(
      client.register(subject, { schema: '{"type": "string"}', schemaType: "JSON", references: [] }),
    );
    expect(notJson.diagnostic.message).toContain("Given schema is not from type: JSON");
    const level = await failure(client.setSubjectCompatibility(subject, "SIDEWAYS" as "NONE"));
    expect(level).toMatchObject({ errorCode: 42203, diagnostic: { code: "registry/invalid-compatibility-level" } });
  });

  it("soft-deletes, then permanently deletes a subject", async () => {
    const subject = `${uniqueName("client-delete")}-value`;
    await client.register(subject, avro(record("Order", [a])));
    await client.register(subject, avro(record("Order", [a, bWithDefault])));
    const early = await failure(client.deleteSubject(subject, { permanent: true }));
    expect(early).toMatchObject({ status: 409, errorCode: 40405, diagnostic: { code: "registry/request-failed" } });
    expect(await client.deleteSubject(subject, { permanent: false })).toEqual([1, 2]);
    expect(await client.listVersions(subject)).toBeUndefined();
    expect(await client.deleteSubject(subject, { permanent: true })).toEqual([1, 2]);
    const again = await failure(client.deleteSubject(subject, { permanent: true }));
    expect(again.diagnostic.code).toBe("registry/subject-not-found");
  });

  it("reads a subject's mode; Apicurio does not enforce READONLY", async () => {
    const subject = `${uniqueName("client-mode")}-value`;
    await client.register(subject, avro(record("Order", [a])));
    const setMode = (mode: string) =>
      fetch(`${url}/mode/${encodeURIComponent(subject)}`, {
        method: "PUT",
        headers: { "Content-Type": "application/vnd.schemaregistry.v1+json" },
        body: JSON.stringify({ mode }),
      });
    expect((await setMode("READONLY")).status).toBe(200);
    try {
      expect(await client.getMode(subject)).toBe("READONLY");
      // Confluent refuses this with 42205; Apicurio registers it.
      await expect(client.register(subject, avro(record("Order", [a, bWithDefault])))).resolves.toMatchObject({
        id: expect.any(Number),
      });
    } finally {
      await setMode("READWRITE");
    }
  });

  it("pages GET /subjects: Apicurio honours offset and limit (its default page is 1,000)", async () => {
    await client.register(`${uniqueName("client-page")}-value`, avro(record("Order", [a])));
    const page = (await (await fetch(`${url}/subjects?offset=0&limit=1`)).json()) as string[];
    expect(page).toHaveLength(1);
  });
});
