import type { Diagnostic } from "../core/diagnostics/index.js";
import type { CompatibilityLevel, SchemaType } from "../core/model/desired.js";

/** A schema reference as the registry stores it: `name` is how the schema refers to it (Avro full name, import path). */
export interface RegistryReference {
  readonly name: string;
  readonly subject: string;
  readonly version: number;
}

/** A schema as sent to the registry (register, lookup, compatibility check). */
export interface SchemaSubmission {
  readonly schema: string;
  readonly schemaType: SchemaType;
  readonly references: readonly RegistryReference[];
}

/** One stored version of a subject. */
export interface RegisteredSchema extends SchemaSubmission {
  readonly subject: string;
  readonly version: number;
  readonly id: number;
}

export interface CompatibilityVerdict {
  readonly compatible: boolean;
  /** The registry's reasons (`verbose=true`); empty when it gives none (Apicurio never does). */
  readonly messages: readonly string[];
}

export type RegistryMode = "READWRITE" | "READONLY" | "READONLY_OVERRIDE" | "IMPORT";

/** Counters of what the client sent, for benchmarks and for tests that prove a command only reads. */
export interface RegistryTraffic {
  /** Every HTTP request sent, retries included. */
  readonly requests: number;
  readonly retries: number;
  /** Requests by method, e.g. { GET: 120, POST: 2 }. */
  readonly byMethod: Readonly<Record<string, number>>;
}

/**
 * kgov's view of a Confluent-compatible Schema Registry (Confluent, Karapace, Apicurio's ccompat API): one method per
 * endpoint kgov needs, in kgov's own types, so tests of the core can use an in-memory fake.
 *
 * Failures are thrown as RegistryPortError with a classified diagnostic (registry/unreachable,
 * registry/authentication-failed, registry/subject-not-found, registry/invalid-schema, …) that never contains a
 * credential. "Not found" answers that are a normal outcome (a subject or version that does not exist yet, a subject
 * without its own config) are returned as `undefined`, not thrown.
 */
export interface RegistryPort {
  /** GET /subjects: every subject name (one request). */
  listSubjects(): Promise<string[]>;
  /** GET /subjects/{s}/versions; undefined when the subject does not exist (40401). */
  listVersions(subject: string): Promise<number[] | undefined>;
  /** GET /subjects/{s}/versions/{v} (`latest` allowed); undefined when the subject or version does not exist. */
  getVersion(subject: string, version: number | "latest"): Promise<RegisteredSchema | undefined>;
  /** POST /subjects/{s}: the version holding this schema, or undefined when the subject does not have it. */
  lookupSchema(subject: string, schema: SchemaSubmission): Promise<RegisteredSchema | undefined>;
  /** POST /subjects/{s}/versions (`normalize=true` when asked): the schema's global id. */
  register(subject: string, schema: SchemaSubmission, options?: { normalize?: boolean }): Promise<{ id: number }>;
  /** DELETE /subjects/{s} (`permanent=true` for the second, permanent step): the versions deleted. */
  deleteSubject(subject: string, options: { permanent: boolean }): Promise<number[]>;
  /**
   * GET /config/{s}: the subject's own level, or undefined when it has none. With `defaultToGlobal`, the effective
   * level (its own, else the global one).
   */
  getSubjectCompatibility(
    subject: string,
    options?: { defaultToGlobal?: boolean },
  ): Promise<CompatibilityLevel | undefined>;
  /** PUT /config/{s}. */
  setSubjectCompatibility(subject: string, level: CompatibilityLevel): Promise<void>;
  /** GET /config: the global level. */
  getGlobalCompatibility(): Promise<CompatibilityLevel>;
  /** PUT /config. */
  setGlobalCompatibility(level: CompatibilityLevel): Promise<void>;
  /**
   * POST /compatibility/subjects/{s}/versions?verbose=true: the schema against every version the subject's level
   * demands (transitive levels honoured). A subject that does not exist is compatible.
   */
  checkCompatibility(subject: string, schema: SchemaSubmission): Promise<CompatibilityVerdict>;
  /** POST /compatibility/subjects/{s}/versions/latest?verbose=true: against the latest version only. */
  checkCompatibilityWithLatest(subject: string, schema: SchemaSubmission): Promise<CompatibilityVerdict>;
  /** GET /mode/{s}?defaultToGlobal=true (GET /mode when the registry has no per-subject mode). */
  getMode(subject: string): Promise<RegistryMode>;
  /** What has been sent so far. */
  traffic(): RegistryTraffic;
  /** Closes the HTTP connections; safe to call more than once. */
  close(): Promise<void>;
}

export interface RegistrySettings {
  /** Base URL of the Confluent API, e.g. https://sr.example.com or http://127.0.0.1:18081/apis/ccompat/v7. */
  readonly url: string;
  readonly auth?:
    | { readonly kind: "basic"; readonly username: string; readonly password: string }
    | { readonly kind: "bearer"; readonly token: string };
  readonly tls?: {
    readonly caFile?: string;
    readonly certFile?: string;
    readonly keyFile?: string;
    readonly keyPassword?: string;
  };
  /** Per request, including reading the body. Default 10 s. */
  readonly timeoutMs?: number;
  /** Attempts after the first on 5xx, 429 and network errors (never on other 4xx). Default 3. */
  readonly retries?: number;
  /** Requests in flight at once. Default 16. */
  readonly concurrency?: number;
}

export type RegistryFactory = (settings: RegistrySettings, options: { readonly cwd: string }) => RegistryPort;

/** A classified registry failure; `status` and `errorCode` are the registry's HTTP status and `error_code`. */
export class RegistryPortError extends Error {
  readonly diagnostic: Diagnostic;
  readonly status?: number;
  readonly errorCode?: number;

  constructor(diagnostic: Diagnostic, options?: { cause?: unknown; status?: number; errorCode?: number }) {
    super(diagnostic.message, options?.cause !== undefined ? { cause: options.cause } : undefined);
    this.name = "RegistryPortError";
    this.diagnostic = diagnostic;
    if (options?.status !== undefined) this.status = options.status;
    if (options?.errorCode !== undefined) this.errorCode = options.errorCode;
  }
}
