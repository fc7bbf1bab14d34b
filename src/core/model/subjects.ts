import type { SourceRange } from "../diagnostics/index.js";
import type { CompatibilityLevel, SchemaType } from "./desired.js";

/** How a topic binding's subject is named (Confluent's subject name strategies). */
export const SUBJECT_NAME_STRATEGIES = ["topic", "record", "topic-record"] as const;
export type SubjectNameStrategy = (typeof SUBJECT_NAME_STRATEGIES)[number];

/**
 * A reference from one desired subject to another: `name` is how the schema refers to the other one (the Avro full
 * name of a named type, the Protobuf import path, the JSON Schema `$ref` URL), `subject` the desired subject that
 * holds it. The version is decided when planning (the referenced subject's version holding its desired schema).
 */
export interface DesiredReference {
  readonly name: string;
  readonly subject: string;
}

/**
 * A subject the desired state manages, with the exact schema text kgov registers: a file's text for `.avsc`, JSON
 * Schema and `.proto`; for `.avdl`, the Avro JSON of the chosen type with IDL imports resolved.
 */
export interface DesiredSubject {
  readonly name: string;
  readonly schemaType: SchemaType;
  /** The schema file (relative to the working directory). */
  readonly file: string;
  readonly schema: string;
  /** Sorted by name. */
  readonly references: readonly DesiredReference[];
  /** The level to set on the subject; absent: kgov leaves the subject's level alone. */
  readonly compatibility?: CompatibilityLevel;
  /** What declared it: a topic's key or value binding, or a standalone `schemas:` entry. */
  readonly declaredBy:
    | { readonly kind: "topic"; readonly topic: string; readonly role: "key" | "value" }
    | { readonly kind: "standalone" };
  readonly source: SourceRange;
}
