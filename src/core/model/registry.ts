import type { CompatibilityLevel, SchemaType } from "./desired.js";

/**
 * The Schema Registry as kgov sees it, in kgov's own types. Only the subjects kgov manages are read: the desired
 * ones and, with settings.scope.subjectPrefixes, the live ones inside those prefixes.
 */
export interface StoredReference {
  readonly name: string;
  readonly subject: string;
  readonly version: number;
}

/** One stored version of a subject, as the registry returns it. */
export interface StoredSchema {
  readonly version: number;
  readonly id: number;
  readonly schemaType: SchemaType;
  readonly schema: string;
  readonly references: readonly StoredReference[];
}

export type RegistryVerdict =
  | { readonly status: "compatible" | "incompatible"; readonly messages: readonly string[] }
  /** Not asked at plan time (why: e.g. the level changes first, or a reference is registered by the same plan). */
  | { readonly status: "deferred"; readonly reason: string };

export interface ObservedSubject {
  readonly name: string;
  /** Undefined: the subject does not exist (or has only soft-deleted versions). */
  readonly latest?: StoredSchema;
  /** The subject's effective level (its own, else the global one); undefined when it was not read. */
  readonly compatibility?: CompatibilityLevel;
  /**
   * Every live version, oldest first: read only for subjects that get a new version (kgov's own check needs them,
   * and a desired schema equal to an older version must not be registered again).
   */
  readonly history?: readonly StoredSchema[];
  /** READONLY subjects refuse writes; read only for subjects a plan writes to. */
  readonly mode?: string;
  /** The registry's answer to "is the desired schema compatible", for subjects that get a new version. */
  readonly verdict?: RegistryVerdict;
  /** Live version numbers of a subject kgov may delete (inside subjectPrefixes and not desired). */
  readonly versions?: readonly number[];
}

export interface ObservedRegistry {
  /** The registry's URL without credentials, for the plan's target line. */
  readonly url: string;
  readonly subjects: ReadonlyMap<string, ObservedSubject>;
  /** Live subjects inside settings.scope.subjectPrefixes (one GET /subjects), sorted; empty without prefixes. */
  readonly inScope: readonly string[];
  /** Stored versions that references of `history` point at, keyed `subject\0version`, for kgov's own check. */
  readonly referenced: ReadonlyMap<string, StoredSchema>;
  /** HTTP requests sent to read all this (retries included). */
  readonly requests: number;
}
