import type { CompatibilityLevel } from "../../core/model/desired.js";
import {
  RegistryPortError,
  type CompatibilityVerdict,
  type RegisteredSchema,
  type RegistryMode,
  type RegistryPort,
  type RegistryTraffic,
  type SchemaSubmission,
} from "../../ports/registry.js";
import { answerFailure, errorCodeOf, unexpectedAnswer, type FailureContext, type RegistryAnswer } from "./errors.js";
import { failureContext, type RegistryHttp, type RegistryRequest } from "./http.js";
import { registeredSchema, submission, type RawConfig, type RawSchema } from "./wire.js";

/** Apicurio's ccompat API caps GET /subjects at 1,000 names unless asked for a page (docs/registry-apicurio.md). */
const SUBJECTS_PAGE = 1000;

const SUBJECT_NOT_FOUND = 40401;
const VERSION_NOT_FOUND = 40402;
const SCHEMA_NOT_FOUND = 40403;
const SUBJECT_SOFT_DELETED = 40404;
const SUBJECT_LEVEL_NOT_CONFIGURED = 40408;

const subjectPath = (subject: string): string => `/subjects/${encodeURIComponent(subject)}`;
const quoted = (subject: string): string => `subject "${subject}"`;

/** The Confluent Schema Registry REST API, one method per endpoint kgov uses (see RegistryPort). */
export class RegistryClient implements RegistryPort {
  readonly #http: RegistryHttp;

  constructor(http: RegistryHttp) {
    this.#http = http;
  }

  async listSubjects(): Promise<string[]> {
    // Registries without paging ignore offset and limit and answer everything at once: a page that adds no new name
    // ends the loop.
    const names = new Set<string>();
    for (let offset = 0; ; offset += SUBJECTS_PAGE) {
      const path = `/subjects?offset=${offset}&limit=${SUBJECTS_PAGE}`;
      const page = await this.#call<string[]>({ method: "GET", path, operation: "list the subjects" });
      const before = names.size;
      for (const name of page) names.add(name);
      if (page.length < SUBJECTS_PAGE || names.size === before) return [...names];
    }
  }

  listVersions(subject: string): Promise<number[] | undefined> {
    const operation = `list the versions of ${quoted(subject)}`;
    return this.#read({ method: "GET", path: `${subjectPath(subject)}/versions`, operation }, [SUBJECT_NOT_FOUND]);
  }

  async getVersion(subject: string, version: number | "latest"): Promise<RegisteredSchema | undefined> {
    const request: RegistryRequest = {
      method: "GET",
      path: `${subjectPath(subject)}/versions/${version}`,
      operation: `read version ${version} of ${quoted(subject)}`,
    };
    const raw = await this.#read<RawSchema>(request, [SUBJECT_NOT_FOUND, VERSION_NOT_FOUND]);
    return raw && registeredSchema(raw, subject);
  }

  async lookupSchema(subject: string, schema: SchemaSubmission): Promise<RegisteredSchema | undefined> {
    const request: RegistryRequest = {
      method: "POST",
      path: subjectPath(subject),
      body: submission(schema),
      operation: `look up a schema in ${quoted(subject)}`,
      withReferences: schema.references.length > 0,
    };
    const raw = await this.#read<RawSchema>(request, [SUBJECT_NOT_FOUND, SCHEMA_NOT_FOUND]);
    return raw && registeredSchema(raw, subject);
  }

  async register(
    subject: string,
    schema: SchemaSubmission,
    options?: { normalize?: boolean },
  ): Promise<{ id: number }> {
    const { id } = await this.#call<{ id: number }>({
      method: "POST",
      path: `${subjectPath(subject)}/versions${options?.normalize ? "?normalize=true" : ""}`,
      body: submission(schema),
      operation: `register a new version of ${quoted(subject)}`,
      withReferences: schema.references.length > 0,
    });
    return { id };
  }

  async deleteSubject(subject: string, options: { permanent: boolean }): Promise<number[]> {
    const request: RegistryRequest = {
      method: "DELETE",
      path: `${subjectPath(subject)}${options.permanent ? "?permanent=true" : ""}`,
      operation: `${options.permanent ? "permanently delete" : "soft-delete"} ${quoted(subject)}`,
    };
    const answer = await this.#http.send(request);
    // A retry after a lost answer finds the work done: "already soft-deleted", or for the permanent step "not found".
    // The deleted versions were in the lost answer, so none are reported.
    const done = options.permanent ? SUBJECT_NOT_FOUND : SUBJECT_SOFT_DELETED;
    if (answer.attempts > 1 && errorCodeOf(answer.body) === done) return [];
    return this.#expect<number[]>(answer, request);
  }

  async getSubjectCompatibility(
    subject: string,
    options?: { defaultToGlobal?: boolean },
  ): Promise<CompatibilityLevel | undefined> {
    const request: RegistryRequest = {
      method: "GET",
      path: `/config/${encodeURIComponent(subject)}${options?.defaultToGlobal ? "?defaultToGlobal=true" : ""}`,
      operation: `read the compatibility level of ${quoted(subject)}`,
    };
    const raw = await this.#read<RawConfig>(request, [SUBJECT_LEVEL_NOT_CONFIGURED, SUBJECT_NOT_FOUND]);
    if (raw) return this.#levelOf(raw, request);
    // Confluent answers the global level for a subject it does not know yet; Apicurio answers 40401.
    return options?.defaultToGlobal ? this.getGlobalCompatibility() : undefined;
  }

  async setSubjectCompatibility(subject: string, level: CompatibilityLevel): Promise<void> {
    await this.#call({
      method: "PUT",
      path: `/config/${encodeURIComponent(subject)}`,
      body: { compatibility: level },
      operation: `set the compatibility level of ${quoted(subject)} to ${level}`,
    });
  }

  async getGlobalCompatibility(): Promise<CompatibilityLevel> {
    const request: RegistryRequest = {
      method: "GET",
      path: "/config",
      operation: "read the global compatibility level",
    };
    return this.#levelOf(await this.#call<RawConfig>(request), request);
  }

  async setGlobalCompatibility(level: CompatibilityLevel): Promise<void> {
    const operation = `set the global compatibility level to ${level}`;
    await this.#call({ method: "PUT", path: "/config", body: { compatibility: level }, operation });
  }

  checkCompatibility(subject: string, schema: SchemaSubmission): Promise<CompatibilityVerdict> {
    return this.#check(subject, schema, "versions", [SUBJECT_NOT_FOUND]);
  }

  checkCompatibilityWithLatest(subject: string, schema: SchemaSubmission): Promise<CompatibilityVerdict> {
    return this.#check(subject, schema, "versions/latest", [SUBJECT_NOT_FOUND, VERSION_NOT_FOUND]);
  }

  async getMode(subject: string): Promise<RegistryMode> {
    const operation = `read the mode of ${quoted(subject)}`;
    // Older registries have no per-subject mode (404), some no mode at all: a registry without modes is writable.
    for (const path of [`/mode/${encodeURIComponent(subject)}?defaultToGlobal=true`, "/mode"]) {
      try {
        return (await this.#call<{ mode: RegistryMode }>({ method: "GET", path, operation })).mode;
      } catch (error) {
        if (!(error instanceof RegistryPortError && error.status === 404)) throw error;
      }
    }
    return "READWRITE";
  }

  traffic(): RegistryTraffic {
    return this.#http.traffic();
  }

  close(): Promise<void> {
    return this.#http.close();
  }

  async #check(
    subject: string,
    schema: SchemaSubmission,
    against: "versions" | "versions/latest",
    compatibleWhenAbsent: readonly number[],
  ): Promise<CompatibilityVerdict> {
    const raw = await this.#read<{ is_compatible?: unknown; messages?: unknown }>(
      {
        method: "POST",
        path: `/compatibility${subjectPath(subject)}/${against}?verbose=true`,
        body: submission(schema),
        operation: `check a schema's compatibility with ${against === "versions" ? "" : "the latest version of "}${quoted(subject)}`,
        withReferences: schema.references.length > 0,
      },
      compatibleWhenAbsent,
    );
    // A subject without versions accepts anything.
    if (!raw) return { compatible: true, messages: [] };
    const messages = Array.isArray(raw.messages) ? raw.messages.map(String) : [];
    return { compatible: raw.is_compatible === true, messages };
  }

  /** A read whose "not found" answers (these error codes) mean "absent" rather than failure. */
  async #read<T>(request: RegistryRequest, absent: readonly number[]): Promise<T | undefined> {
    const answer = await this.#http.send(request);
    const code = errorCodeOf(answer.body);
    if (answer.status === 404 && code !== undefined && absent.includes(code)) return undefined;
    return this.#expect<T>(answer, request);
  }

  /** A request that must succeed. */
  async #call<T = unknown>(request: RegistryRequest): Promise<T> {
    return this.#expect<T>(await this.#http.send(request), request);
  }

  #expect<T>(answer: RegistryAnswer, request: RegistryRequest): T {
    const context = this.#context(request);
    if (answer.status < 200 || answer.status >= 300) throw answerFailure(answer, context);
    if (answer.body === undefined || typeof answer.body === "string") throw unexpectedAnswer(context);
    return answer.body as T;
  }

  #context(request: RegistryRequest): FailureContext {
    return failureContext(request, this.#http.endpoint);
  }

  /** GET /config answers `compatibilityLevel`; some registries (and PUT answers) say `compatibility`. */
  #levelOf(raw: RawConfig, request: RegistryRequest): CompatibilityLevel {
    const level = raw.compatibilityLevel ?? raw.compatibility;
    if (level === undefined) throw unexpectedAnswer(this.#context(request));
    return level;
  }
}
