import { REGISTRY_ENV_VARS } from "../../core/connection/registry-settings.js";
import type { Diagnostic, DiagnosticCode } from "../../core/diagnostics/index.js";
import { RegistryPortError } from "../../ports/registry.js";
import { scrubSecrets, type RegistryEndpoint } from "./endpoint.js";

/**
 * Turns a registry's error answer into one classified diagnostic. The registry's `error_code` decides where it is
 * precise (Confluent's codes: 40401 subject not found, 40402 version not found, 40403 schema not found, 42201 invalid
 * schema, 42203 invalid compatibility level, 42205 operation not permitted, …), the HTTP status otherwise. Apicurio
 * answers with the same codes (docs/registry-apicurio.md). The registry's `message` is quoted, capped and scrubbed.
 */

export interface FailureContext {
  /** What kgov was doing, as a verb phrase: `register a schema under subject "orders-value"`. */
  readonly operation: string;
  readonly endpoint: RegistryEndpoint;
  /** The request carried schema references, so a missing version is a missing referenced version. */
  readonly withReferences?: boolean;
}

/** One HTTP answer, after any retries. `body` is the parsed JSON, or the text when it is not JSON. */
export interface RegistryAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly attempts: number;
}

const MAX_QUOTED = 300;

export function errorCodeOf(body: unknown): number | undefined {
  const code = (body as { error_code?: unknown } | null)?.error_code;
  return typeof code === "number" ? code : undefined;
}

/** The registry's own words (its `message`, or a non-JSON body), short enough for one line. */
export function quotedMessage(body: unknown, secrets: readonly string[]): string | undefined {
  const raw = typeof body === "string" ? body : (body as { message?: unknown } | null)?.message;
  if (typeof raw !== "string" || raw.trim() === "") return undefined;
  const text = scrubSecrets(raw.replace(/\s+/g, " ").trim(), secrets);
  return text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}…` : text;
}

const CREDENTIALS = `${REGISTRY_ENV_VARS.username} / ${REGISTRY_ENV_VARS.password} or ${REGISTRY_ENV_VARS.token} (or registry.username / password / token in the environment)`;

export function answerFailure(answer: RegistryAnswer, context: FailureContext): RegistryPortError {
  const errorCode = errorCodeOf(answer.body);
  return new RegistryPortError(classifyAnswer(answer, context), {
    status: answer.status,
    ...(errorCode !== undefined ? { errorCode } : {}),
  });
}

export function classifyAnswer(answer: RegistryAnswer, context: FailureContext): Diagnostic {
  const { status } = answer;
  const errorCode = errorCodeOf(answer.body);
  const said = quotedMessage(answer.body, context.endpoint.secrets);
  const saidSentence = said ? ` The registry said: "${said}".` : "";
  const where = `the Schema Registry at ${context.endpoint.base}`;
  const make = (code: DiagnosticCode, message: string, why: string, fix: string): Diagnostic => ({
    code,
    severity: "error",
    message,
    why: `${why}${saidSentence}`,
    fix,
  });
  const unresolvedReference = status === 422 && errorCode !== 42206 && /reference/i.test(said ?? "");

  if (status === 401) {
    return make(
      "registry/authentication-failed",
      `${capitalise(where)} ${context.endpoint.authorization ? "rejected kgov's credentials" : "requires credentials"} (HTTP 401) when kgov tried to ${context.operation}`,
      context.endpoint.authorization
        ? "The username and password, or the token, are wrong or expired."
        : "The registry requires credentials and kgov sent none.",
      `Check ${CREDENTIALS}.`,
    );
  }
  if (status === 403) {
    return make(
      "registry/authorization-failed",
      `${capitalise(where)} does not allow kgov's principal to ${context.operation} (HTTP 403)`,
      "The credentials are valid, but the registry's access rules (RBAC, ACLs) do not grant this operation.",
      "Ask the registry's administrators to grant the principal this operation on the subject (read for plan, write for apply), or use credentials that have it.",
    );
  }
  if (status === 429) {
    return make(
      "registry/rate-limited",
      `${capitalise(where)} kept refusing requests as too many (HTTP 429) after ${attempts(answer)}`,
      "The registry or a gateway in front of it limits the request rate, and the limit was still exceeded after kgov backed off.",
      "Re-run later, or ask the registry's operators to raise the limit for kgov's principal.",
    );
  }
  if (errorCode === 42205 || (status === 422 && /read-?only/i.test(said ?? ""))) {
    return make(
      "registry/read-only",
      `${capitalise(where)} refused to ${context.operation}: the subject or the registry is in READONLY mode`,
      "A registry in READONLY (or READONLY_OVERRIDE) mode refuses every write.",
      "Ask the registry's operators to set the mode back to READWRITE (kgov never changes modes), then re-run.",
    );
  }
  if (status === 409 && (errorCode === undefined || errorCode === 409)) {
    return make(
      "registry/incompatible-schema",
      `The registry refused to ${context.operation}: the schema is incompatible with the subject's earlier versions${said ? `: ${said}` : ""}`,
      "The registry checks every new version against the subject's compatibility level and refuses an incompatible one.",
      "Make the change compatible at the subject's level (kgov plan shows where it breaks), or publish it under a new subject.",
    );
  }
  if (unresolvedReference || (errorCode === 40402 && context.withReferences)) {
    return make(
      "registry/reference-not-found",
      `The registry could not ${context.operation}: a schema reference points at a subject or version it does not have`,
      "Every reference must name a subject and version that exist in the registry before the referring schema is registered.",
      "Register the referenced schema first, or correct the reference's subject and version.",
    );
  }
  if (errorCode === 40401 || errorCode === 40404) {
    return make(
      "registry/subject-not-found",
      `The registry could not ${context.operation}: the subject ${errorCode === 40404 ? "is soft-deleted" : "does not exist"}`,
      "The subject was deleted or never registered; another process may have changed the registry since kgov read it.",
      "Run kgov plan again to see the registry as it is now.",
    );
  }
  if (errorCode === 40402) {
    return make(
      "registry/version-not-found",
      `The registry could not ${context.operation}: the version does not exist`,
      "The version was deleted, or never existed; another process may have changed the registry since kgov read it.",
      "Run kgov plan again to see the registry as it is now.",
    );
  }
  if (errorCode === 40403) {
    return make(
      "registry/schema-not-found",
      `The registry could not ${context.operation}: it does not hold that schema`,
      "The registry has no schema with that content or id.",
      "Run kgov plan again to see the registry as it is now.",
    );
  }
  if (errorCode === 42203) {
    return make(
      "registry/invalid-compatibility-level",
      `The registry refused to ${context.operation}: it does not accept that compatibility level`,
      "The registry knows NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL and FULL_TRANSITIVE.",
      "Use one of those levels in the desired state.",
    );
  }
  if (status === 422 && (errorCode === undefined || errorCode === 42201)) {
    return make(
      "registry/invalid-schema",
      `The registry refused to ${context.operation}: it finds the schema invalid${said ? `: ${said}` : ""}`,
      "The registry parses every schema it is given and refuses one it cannot parse, or one that is not of the declared type.",
      "Correct the schema file (kgov validate checks Avro, JSON Schema and Protobuf offline); for JSON Schema on Apicurio, give it `$schema` or top-level `properties` so it is recognised as JSON Schema.",
    );
  }
  return requestFailed(answer, context, errorCode, saidSentence);
}

function requestFailed(
  answer: RegistryAnswer,
  context: FailureContext,
  errorCode: number | undefined,
  saidSentence: string,
): Diagnostic {
  const status = `HTTP ${answer.status}${errorCode !== undefined ? `, error_code ${errorCode}` : ""}`;
  const serverError = answer.status >= 500;
  const notTheApi = answer.status === 404 && errorCode === undefined;
  return {
    code: "registry/request-failed",
    severity: "error",
    message: `The Schema Registry at ${context.endpoint.base} could not ${context.operation} (${status}${serverError ? `, after ${attempts(answer)}` : ""})`,
    why: `${
      serverError
        ? "The registry failed on its side and kept failing while kgov retried."
        : notTheApi
          ? "The URL answers, but not as the Confluent Schema Registry API: the path is probably wrong."
          : "The registry refused the request."
    }${saidSentence}`,
    fix: serverError
      ? "Re-run; if it persists, check the registry's health and logs."
      : notTheApi
        ? "Give the base URL of the Confluent-compatible API (for Apicurio: http://host:8080/apis/ccompat/v7)."
        : "Run kgov plan again to see the registry as it is now; if the error persists, check the registry's logs.",
  };
}

/** A 200 answer that is not the registry's JSON: the URL points at something else (a web UI, a proxy's page). */
export function unexpectedAnswer(context: FailureContext): RegistryPortError {
  return new RegistryPortError({
    code: "registry/request-failed",
    severity: "error",
    message: `The answer of ${context.endpoint.base} when kgov tried to ${context.operation} is not the registry's JSON`,
    why: "The URL answers, but not as the Confluent Schema Registry API: it may point at a web UI or a proxy's page.",
    fix: "Give the base URL of the Confluent-compatible API (for Apicurio: http://host:8080/apis/ccompat/v7).",
  });
}

export function attempts(answer: { readonly attempts: number }): string {
  return answer.attempts === 1 ? "1 attempt" : `${answer.attempts} attempts`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
