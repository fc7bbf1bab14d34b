import type { SourceRange } from "../diagnostics/index.js";
import type { CompatibilityLevel, SchemaType } from "../model/desired.js";

export type { CompatibilityLevel, SchemaType };

/** The JSON Schema rule set: Confluent's default STRICT, or LENIENT (compatibilityPolicy). */
export type JsonCompatibilityPolicy = "STRICT" | "LENIENT";

/**
 * One reason why a reader schema cannot read data written with a writer schema. `rule` is a stable id
 * (`avro/field-removed-without-default`, `json/property-removed-from-closed-model`, `protobuf/field-type-changed`),
 * documented in docs/compat-rules.md.
 */
export interface CompatFinding {
  readonly rule: string;
  /** A sentence a person understands, naming the element and the consequence for consumers or producers. */
  readonly message: string;
  /** Logical location, e.g. `OrderRequested.amount` or `#/properties/amount` or `shop.Order.amount`. */
  readonly path: string;
  /** Where in the candidate (or, for removals, the previous) schema file, when the text is known. */
  readonly source?: SourceRange;
}

/** A schema version: its text and, for located findings, the file it came from. */
export interface SchemaVersion {
  readonly text: string;
  readonly path?: string;
}

/**
 * Each format implements this one primitive, exactly as Confluent's ParsedSchema.isBackwardCompatible:
 * "can `reader` read data written with `writer`". The level machinery (src/core/compat/check.ts) swaps roles for
 * FORWARD, runs both for FULL, and walks the history for the _TRANSITIVE levels.
 */
export interface FormatChecker<Parsed> {
  /** Parses tolerantly for previous versions (an invalid default in an old version must not block the check). */
  parse(
    version: SchemaVersion,
    role: "previous" | "candidate",
  ): { parsed?: Parsed; error?: string; source?: SourceRange };
  canRead(
    reader: Parsed,
    writer: Parsed,
    context: { readerPath?: string; writerPath?: string; policy?: JsonCompatibilityPolicy },
  ): CompatFinding[];
}
