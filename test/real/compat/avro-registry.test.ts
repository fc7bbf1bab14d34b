/**
 * Cross-checks kgov's offline Avro verdicts against a real registry: for every fixture under
 * test/unit/compat/avro/, a fresh subject at BACKWARD gets the writer schema registered, then the registry is asked
 * whether the reader schema is compatible with it — exactly "can the reader read the writer's data".
 * The registry is Apicurio's Confluent-compatible API (test/helpers/servers.ts); any fixture where it decides
 * differently from Confluent's rules is listed in APICURIO_DEVIATES with the reason.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { avroChecker } from "../../../src/core/compat/avro/index.js";
import { registryCall } from "../../helpers/registry-http.js";
import { uniqueName, useRegistry } from "../../helpers/servers.js";
import { avroFixtures } from "../../unit/compat/avro/fixtures.js";

/**
 * Fixtures where Apicurio answers differently from Confluent, and why. Both registries run Apache Avro's
 * SchemaCompatibility, so verdicts agree; they differ in how an exception inside the check comes back.
 */
const APICURIO_DEVIATES: Readonly<Record<string, { readonly status: number; readonly why: string }>> = {
  // Avro throws when a reader field's name and aliases match several writer fields. Confluent turns any exception
  // in the check into "incompatible" (kgov reports avro/field-alias-ambiguous); Apicurio answers 422 "Could not
  // execute compatibility rule on invalid Avro schema" instead of a verdict. Either way the schema is refused.
  "field-alias-ambiguous/two-writer-fields": { status: 422, why: "the check throws; Apicurio reports it as 422" },
};

describe("Avro verdicts agree with a real registry (BACKWARD)", () => {
  let base = "";
  beforeAll(async () => {
    base = (await useRegistry()).url.replace(/\/$/, "");
  });

  it.concurrent.each(avroFixtures().map((f) => [f.name, f] as const))("%s", async (_name, fixture) => {
    const reader = avroChecker.parse({ text: fixture.readerText, path: fixture.readerFile }, "candidate");
    const writer = avroChecker.parse({ text: fixture.writerText, path: "writer.avsc" }, "previous");
    if (reader.parsed === undefined || writer.parsed === undefined) throw new Error(reader.error ?? writer.error);
    const kgovCompatible = avroChecker.canRead(reader.parsed, writer.parsed, {}).length === 0;

    const subject = uniqueName(`kgov-avro-${fixture.name.replace(/\//g, "-")}`);
    const path = encodeURIComponent(subject);
    const config = await registryCall(`${base}/config/${path}`, "PUT", { compatibility: "BACKWARD" });
    expect(config.status, JSON.stringify(config.json)).toBe(200);
    // The writer is registered as written (a registry keeps stored versions as they are); an .avdl reader is sent
    // as the JSON schema kgov converts it to, since registries accept only JSON.
    const registered = await registryCall(`${base}/subjects/${path}/versions`, "POST", { schema: fixture.writerText });
    expect(registered.status, JSON.stringify(registered.json)).toBe(200);
    const check = await registryCall(`${base}/compatibility/subjects/${path}/versions/latest`, "POST", {
      schema: JSON.stringify(reader.parsed.schema),
    });
    const deviation = APICURIO_DEVIATES[fixture.name];
    if (deviation !== undefined) {
      expect(check.status, JSON.stringify(check.json)).toBe(deviation.status);
      expect(kgovCompatible).toBe(false);
      return;
    }
    expect(check.status, JSON.stringify(check.json)).toBe(200);
    expect((check.json as { is_compatible?: unknown }).is_compatible).toBe(kgovCompatible);
  });
});
