/**
 * Puts the JSON Schema agreement cases (test/unit/compat/json/confluent-agreement/cases.ts) to a real registry: for
 * every case a fresh subject at BACKWARD gets the previous schema registered, then the registry is asked whether the
 * next one is compatible with it. The registry is Apicurio's Confluent-compatible API (test/helpers/servers.ts);
 * Confluent's rules are the reference, so a case where Apicurio decides differently is listed in APICURIO_DEVIATES
 * with the reason, and must still differ (a deviation that disappears fails the test, so the list stays true).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { checkCompatibility } from "../../../src/core/compat/index.js";
import { registryCall } from "../../helpers/registry-http.js";
import { uniqueName, useRegistry } from "../../helpers/servers.js";
import { AGREEMENT_CASES, type Json } from "../../unit/compat/json/confluent-agreement/cases.js";

// Apicurio's JSON Schema check is its own diff (io.apicurio.registry...jsonschema.diff, everit-based visitors with
// their own difference types), not a port of Confluent's, so it decides some cases differently.
const REQUIRED_MEMBER =
  "Apicurio breaks on any name added to `required` (its required-member-added difference), whatever the default and whether the name has a property schema";
const NO_SINGLETONS =
  "Apicurio lacks Confluent's rules for single-member combinations and for a combination replacing or replaced by a plain schema";
const NOT_2020_12 = 'Apicurio registers a draft 2020-12 schema but cannot check one: 500 "could not determine version"';

/** Cases where Apicurio answers differently from Confluent (and kgov), and why; `status` when it gives no verdict. */
const APICURIO_DEVIATES: Readonly<Record<string, { readonly why: string; readonly status?: number }>> = {
  "existing property made required with a default": { why: REQUIRED_MEMBER },
  "required entry replaced by a name no properties declare": { why: REQUIRED_MEMBER },
  "required entry added for an undeclared name, open model": { why: REQUIRED_MEMBER },
  "required entry added for an undeclared name, closed model": { why: REQUIRED_MEMBER },
  "property dropped but still listed as required, open model": { why: REQUIRED_MEMBER },
  "new required property with a default, closed model": { why: REQUIRED_MEMBER },
  "new required property covered by additionalProperties, with a default": { why: REQUIRED_MEMBER },
  "new required property with a default covered by a pattern": { why: REQUIRED_MEMBER },
  "new required property with a default that no pattern matches": { why: REQUIRED_MEMBER },
  "new optional property that no pattern matches": {
    why: "Apicurio judges an added property by additionalProperties alone: without it the model is open, patternProperties or not",
  },
  "list form: additionalItems false added next to items": {
    why: "Apicurio compares additionalItems only along a tuple; Confluent compares it whatever items is",
  },
  "items schema becomes a tuple, additionalItems false on both": {
    why: "Apicurio breaks on the list-form items schema removed in favour of a tuple; Confluent judges the new positions by additionalItems (closed: fine)",
  },
  "tuple position with the true schema added, open model": {
    why: "Apicurio breaks on any tuple position added to an open array; Confluent accepts one whose schema is true or {}",
  },
  "tuple position with the false schema removed, closed model": {
    why: "Apicurio breaks on any tuple position removed from a closed array; Confluent accepts one whose schema was false",
  },
  "prefixItems position added, items false (2020-12)": { why: NOT_2020_12, status: 500 },
  "prefixItems position added, covered by items (2020-12)": { why: NOT_2020_12, status: 500 },
  "single anyOf to oneOf with more members": { why: NO_SINGLETONS },
  "single allOf to oneOf with more members": { why: NO_SINGLETONS },
  "allOf of two to a single oneOf of one of them": { why: NO_SINGLETONS },
  "single oneOf to single allOf": { why: NO_SINGLETONS },
  "single anyOf to single allOf": { why: NO_SINGLETONS },
  "plain schema to oneOf with a compatible member": { why: NO_SINGLETONS },
  "plain schema to a single allOf": { why: NO_SINGLETONS },
  "single oneOf to its member": { why: NO_SINGLETONS },
  "allOf of two to one of its members": { why: NO_SINGLETONS },
};

/** Apicurio recognises a JSON Schema by a json-schema.org `$schema` (or top-level properties): add the draft. */
function withDraft(schema: Json): string {
  const draft = JSON.stringify(schema).includes('"prefixItems"')
    ? "https://json-schema.org/draft/2020-12/schema"
    : "http://json-schema.org/draft-07/schema#";
  return JSON.stringify({ $schema: draft, ...(schema as { [key: string]: Json }) });
}

describe("JSON Schema verdicts: Confluent's rules against a real registry (BACKWARD)", () => {
  let base = "";
  beforeAll(async () => {
    base = (await useRegistry()).url.replace(/\/$/, "");
  });

  it("lists only deviations of known cases", () => {
    const names = new Set(AGREEMENT_CASES.map((c) => c.name));
    expect(Object.keys(APICURIO_DEVIATES).filter((n) => !names.has(n))).toEqual([]);
  });

  it.concurrent.each(AGREEMENT_CASES.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const previous = withDraft(c.previous);
    const next = withDraft(c.next);
    const kgov = checkCompatibility({ schemaType: "JSON", level: "BACKWARD", previous: [previous], candidate: next });
    expect(kgov.compatible).toBe(c.compatible);

    const subject = uniqueName("kgov-json-agreement");
    const path = encodeURIComponent(subject);
    const config = await registryCall(`${base}/config/${path}`, "PUT", { compatibility: "BACKWARD" });
    expect(config.status, JSON.stringify(config.json)).toBe(200);
    const deviation = APICURIO_DEVIATES[c.name];
    const registered = await registryCall(`${base}/subjects/${path}/versions`, "POST", {
      schema: previous,
      schemaType: "JSON",
    });
    expect(registered.status, JSON.stringify(registered.json)).toBe(200);
    const check = await registryCall(`${base}/compatibility/subjects/${path}/versions?verbose=true`, "POST", {
      schema: next,
      schemaType: "JSON",
    });
    if (deviation?.status !== undefined) {
      expect(check.status, `${deviation.why}: ${JSON.stringify(check.json)}`).toBe(deviation.status);
      return;
    }
    expect(check.status, JSON.stringify(check.json)).toBe(200);
    const registry = (check.json as { is_compatible?: unknown }).is_compatible;
    const detail = `${deviation?.why ?? c.basis}; registry: ${JSON.stringify(check.json)}`;
    expect(registry, detail).toBe(deviation === undefined ? c.compatible : !c.compatible);
  });
});
