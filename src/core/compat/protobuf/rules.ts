/**
 * The incompatibilities the Protobuf checker reports, mirroring the incompatible difference types of Confluent Schema
 * Registry's Protobuf rule set. Changes the registry accepts (adding or removing optional fields, renaming fields,
 * renumbering a field, adding messages, any enum change, adding or removing a oneof, moving a single field into a new
 * oneof or out of one, string <-> bytes, changes within a wire-type group) produce no finding.
 */
export const PROTOBUF_RULES = {
  "protobuf/package-changed": "The file's package must not change, because every message's full name depends on it.",
  "protobuf/message-removed": "A message (top-level or nested) must not be removed or renamed.",
  "protobuf/field-kind-changed": "A field must stay a scalar (enums count as scalars), a message or a map.",
  "protobuf/field-scalar-kind-changed":
    "A scalar field may only change type within its wire-type group: {int32, int64, uint32, uint64, bool, enum}, {sint32, sint64}, {string, bytes}, {fixed32, sfixed32}, {fixed64, sfixed64}, {float}, {double}.",
  "protobuf/field-named-type-changed": "A message-typed field must keep referring to a message of the same name.",
  "protobuf/field-numeric-label-changed":
    "A numeric scalar field must not change between repeated and optional/required, because repeated numbers are packed.",
  "protobuf/required-field-added": "A proto2 `required` field must not be added.",
  "protobuf/required-field-removed": "A proto2 `required` field must not be removed.",
  "protobuf/oneof-field-removed": "A member must not be removed from a oneof that still exists.",
  "protobuf/multiple-fields-moved-to-oneof":
    "Fields that were independent (top-level fields, or members of different oneofs) must not be put into one oneof.",
  "protobuf/field-moved-to-existing-oneof":
    "An existing top-level field must not be moved into a oneof that already existed.",
} as const satisfies Record<string, string>;

export type ProtobufRuleId = keyof typeof PROTOBUF_RULES;
