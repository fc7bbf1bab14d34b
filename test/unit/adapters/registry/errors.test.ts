// The registry's error answers → kgov's diagnostics, as a table.
import { describe, expect, it } from "vitest";
import { registryEndpoint, type RegistryEndpoint } from "../../../../src/adapters/registry/endpoint.js";
import { classifyAnswer, quotedMessage, type FailureContext } from "../../../../src/adapters/registry/errors.js";
import { DIAGNOSTIC_CODES } from "../../../../src/core/diagnostics/index.js";

const endpoint = registryEndpoint({
  url: "https://svc:hunter2-secret@sr.example.com/apis/ccompat/v7/",
}) as RegistryEndpoint;
const context: FailureContext = { operation: 'register a new version of subject "orders-value"', endpoint };

const answer = (status: number, body: unknown) => ({ status, body, attempts: 1 });
const error = (status: number, code: number, message = "") => answer(status, { error_code: code, message });

describe("classifyAnswer", () => {
  it.each([
    ["401", answer(401, { error_code: 401, message: "Unauthorized" }), "registry/authentication-failed"],
    ["403", answer(403, { message: "Forbidden" }), "registry/authorization-failed"],
    ["429", answer(429, {}), "registry/rate-limited"],
    ["40401", error(404, 40401, "Subject 'orders-value' not found."), "registry/subject-not-found"],
    ["40404 soft-deleted", error(404, 40404, "Subject is in soft deleted state."), "registry/subject-not-found"],
    ["40402", error(404, 40402, "Version 7 not found."), "registry/version-not-found"],
    ["40403", error(404, 40403, "Schema not found"), "registry/schema-not-found"],
    ["409", error(409, 409, "Incompatible artifact: orders-value [AVRO]"), "registry/incompatible-schema"],
    ["409 without error_code", answer(409, "Conflict"), "registry/incompatible-schema"],
    [
      "40405 (HTTP 409: not soft-deleted first)",
      error(409, 40405, "must be soft deleted first"),
      "registry/request-failed",
    ],
    ["42201", error(422, 42201, "Invalid schema"), "registry/invalid-schema"],
    ["422 without error_code", answer(422, {}), "registry/invalid-schema"],
    ["42201 unresolved reference", error(422, 42201, "Unresolved reference"), "registry/reference-not-found"],
    [
      "42206 reference exists",
      error(422, 42206, "One or more references exist to the schema"),
      "registry/request-failed",
    ],
    ["42203", error(422, 42203, "Invalid compatibility level: BOGUS"), "registry/invalid-compatibility-level"],
    ["42205", error(422, 42205, "Subject orders-value is in read-only mode"), "registry/read-only"],
    ["500", error(500, 50001, "Error in the backend data store"), "registry/request-failed"],
    ["404 without error_code (wrong path)", answer(404, "Not Found"), "registry/request-failed"],
  ])("%s → %s", (_name, given, code) => {
    const diagnostic = classifyAnswer(given, context);
    expect(diagnostic.code).toBe(code);
    expect(diagnostic.code in DIAGNOSTIC_CODES).toBe(true);
    expect(diagnostic.why).toBeTruthy();
    expect(diagnostic.fix).toBeTruthy();
  });

  it("takes 40402 on a request with references as a missing referenced version", () => {
    const diagnostic = classifyAnswer(error(404, 40402), { ...context, withReferences: true });
    expect(diagnostic.code).toBe("registry/reference-not-found");
  });

  it("quotes the registry's message in the message of an incompatible or invalid schema", () => {
    expect(classifyAnswer(error(409, 409, "b at /fields/1"), context).message).toBe(
      'The registry refused to register a new version of subject "orders-value": the schema is incompatible with the subject\'s earlier versions: b at /fields/1',
    );
    expect(classifyAnswer(error(422, 42201, "Given schema is not from type: JSON"), context).message).toContain(
      "invalid: Given schema is not from type: JSON",
    );
  });

  it("names the registry by its URL without user info, and says how many attempts a 5xx got", () => {
    const diagnostic = classifyAnswer({ ...error(503, 50003), attempts: 4 }, context);
    expect(diagnostic.message).toBe(
      'The Schema Registry at https://sr.example.com/apis/ccompat/v7 could not register a new version of subject "orders-value" (HTTP 503, error_code 50003, after 4 attempts)',
    );
    expect(JSON.stringify(diagnostic)).not.toContain("hunter2");
  });

  it("says whether credentials were sent on a 401", () => {
    const anonymous = registryEndpoint({ url: "http://sr:8081" }) as RegistryEndpoint;
    expect(classifyAnswer(answer(401, {}), { ...context, endpoint: anonymous }).message).toContain(
      "requires credentials",
    );
    expect(classifyAnswer(answer(401, {}), context).message).toContain("rejected kgov's credentials");
  });
});

describe("quotedMessage", () => {
  it("caps long messages, folds whitespace and removes configured secrets", () => {
    const long = `${"x".repeat(400)}`;
    expect(quotedMessage({ message: long }, [])).toBe(`${"x".repeat(300)}…`);
    expect(quotedMessage({ message: "bad\n  password hunter2-secret" }, endpoint.secrets)).toBe(
      "bad password <redacted>",
    );
    expect(quotedMessage("<html>Not Found</html>", [])).toBe("<html>Not Found</html>");
    expect(quotedMessage({}, [])).toBeUndefined();
  });
});

describe("registryEndpoint", () => {
  it("strips user info, query and trailing slashes from the base and uses the user info as basic auth", () => {
    expect(endpoint).toMatchObject({
      base: "https://sr.example.com/apis/ccompat/v7",
      isHttps: true,
      authorization: `Basic ${Buffer.from("svc:hunter2-secret").toString("base64")}`,
    });
  });

  it("prefers explicit credentials over user info in the URL", () => {
    const explicit = registryEndpoint({
      url: "http://u:p@sr:8081",
      auth: { kind: "bearer", token: "token-123" },
    }) as RegistryEndpoint;
    expect(explicit.authorization).toBe("Bearer token-123");
  });

  it("refuses a URL that is not http or https, without quoting its credentials", () => {
    const problem = registryEndpoint({ url: "ftp://svc:hunter2-secret@sr" });
    expect(problem).toMatchObject({ code: "connection/invalid-config" });
    expect(JSON.stringify(problem)).not.toContain("hunter2");
  });
});
