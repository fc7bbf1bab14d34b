/**
 * The Avro compatibility rules kgov reports, with one sentence each on what the rule protects. Together they are
 * Apache Avro's reader/writer resolution (SchemaCompatibility), which Confluent Schema Registry applies for AVRO
 * subjects; docs/compat-rules.md is generated from and checked against this table.
 */
export const AVRO_RULES = {
  "avro/type-mismatch":
    "The reader expects a different kind of value than the writer wrote and Avro has no promotion between the two (only int→long/float/double, long→float/double, float→double and string↔bytes exist).",
  "avro/name-mismatch":
    "A record, enum or fixed type is matched by its unqualified name or by one of the reader's aliases naming the writer's full name; a rename without such an alias breaks reading.",
  "avro/field-missing-default":
    "A reader field that the writer's record lacks (also under the reader field's aliases) must have a default, or the reader has no value to fill in.",
  "avro/field-alias-ambiguous":
    "A reader field whose name and aliases match more than one writer field cannot be resolved.",
  "avro/enum-symbol-missing":
    "Every symbol the writer's enum can write must exist in the reader's enum, unless the reader's enum has a default symbol to fall back on.",
  "avro/fixed-size-mismatch": "A fixed type must have the same size on both sides.",
  "avro/union-branch-unreadable":
    "Every branch of the writer's union must be readable, since the writer may have written any of them.",
  "avro/missing-union-branch": "The reader's union needs a branch that can read what the writer wrote.",
} as const;

export type AvroRuleId = keyof typeof AVRO_RULES;
