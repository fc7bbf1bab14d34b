// Self-test of the schema registry (Apicurio's Confluent-compatible API): BACKWARD compatibility is enforced.
import { beforeAll, expect, it } from "vitest";
import { uniqueName, useRegistry } from "../../helpers/servers.js";

let url: string;

beforeAll(async () => {
  ({ url } = await useRegistry());
});

const record = (fields: object[]) => JSON.stringify({ type: "record", name: "Order", namespace: "kgov.test", fields });

async function register(subject: string, schema: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${url}/subjects/${encodeURIComponent(subject)}/versions`, {
    method: "POST",
    headers: { "Content-Type": "application/vnd.schemaregistry.v1+json" },
    body: JSON.stringify({ schema }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

it("accepts a first Avro schema, rejects a BACKWARD-incompatible one with 409, accepts a compatible one", async () => {
  const subject = `${uniqueName("harness")}-value`;
  const id = { type: "string", name: "id" };

  const first = await register(subject, record([id]));
  expect(first).toMatchObject({ status: 200, body: { id: expect.any(Number) } });

  // a new field without a default cannot be read from old data
  const incompatible = await register(subject, record([id, { name: "amount", type: "int" }]));
  expect(incompatible).toMatchObject({ status: 409, body: { error_code: 409 } });

  const compatible = await register(subject, record([id, { name: "amount", type: "int", default: 0 }]));
  expect(compatible).toMatchObject({ status: 200, body: { id: expect.any(Number) } });
  expect(compatible.body.id).not.toBe(first.body.id);

  const versions = await fetch(`${url}/subjects/${encodeURIComponent(subject)}/versions`);
  expect(await versions.json()).toEqual([1, 2]);
});
