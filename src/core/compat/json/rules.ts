/**
 * The JSON Schema change types kgov's compatibility check distinguishes, mirroring Confluent Schema Registry's
 * difference types (json-schema-provider `diff/Difference.java`) in kebab-case. Each entry says what the change is
 * and whether it breaks "the reader can read everything the writer's schema allows" under Confluent's STRICT
 * (default) and LENIENT `compatibilityPolicy`. Only changes that are incompatible under the active policy are
 * reported as findings; the compatible ones are listed so the table documents the whole rule set.
 */
export interface JsonRule {
  readonly purpose: string;
  readonly incompatible: { readonly STRICT: boolean; readonly LENIENT: boolean };
}

const breaks = (purpose: string): JsonRule => ({ purpose, incompatible: { STRICT: true, LENIENT: true } });
const fine = (purpose: string): JsonRule => ({ purpose, incompatible: { STRICT: false, LENIENT: false } });
const strictOnly = (purpose: string): JsonRule => ({ purpose, incompatible: { STRICT: true, LENIENT: false } });

export const JSON_RULES = {
  // Types
  "json/type-changed": breaks(
    "The reader expects a different type of value (e.g. string vs number, object vs array) than the writer's schema allows, or one side is a combination the other cannot stand for: an anyOf/oneOf of several schemas became one schema, or one schema became an allOf of several (Confluent compares these only with a combination).",
  ),
  "json/type-narrowed": breaks(
    "The reader accepts fewer types than the writer's schema, e.g. number → integer, any value → a typed schema, or a schema that rejects everything.",
  ),
  "json/type-extended": fine("The reader accepts more types, e.g. integer → number."),

  // Strings
  "json/max-length-added": breaks("The reader limits the length of strings the writer's schema did not limit."),
  "json/max-length-decreased": breaks(
    "The reader's maxLength is smaller, so longer strings the writer allowed are rejected.",
  ),
  "json/max-length-increased": fine("The reader's maxLength is larger."),
  "json/max-length-removed": fine("The reader drops maxLength."),
  "json/min-length-added": breaks("The reader requires a minimum string length the writer's schema did not require."),
  "json/min-length-increased": breaks(
    "The reader's minLength is larger, so shorter strings the writer allowed are rejected.",
  ),
  "json/min-length-decreased": fine("The reader's minLength is smaller."),
  "json/min-length-removed": fine("The reader drops minLength."),
  "json/pattern-added": breaks("The reader requires strings to match a pattern the writer's schema did not have."),
  "json/pattern-changed": breaks(
    "The reader's pattern differs from the writer's, so strings matching only the writer's pattern are rejected.",
  ),
  "json/pattern-removed": fine("The reader drops the pattern."),

  // Numbers
  "json/maximum-added": breaks("The reader sets a maximum the writer's schema did not have."),
  "json/maximum-decreased": breaks("The reader's maximum is lower, so larger numbers the writer allowed are rejected."),
  "json/maximum-increased": fine("The reader's maximum is higher."),
  "json/maximum-removed": fine("The reader drops the maximum."),
  "json/minimum-added": breaks("The reader sets a minimum the writer's schema did not have."),
  "json/minimum-increased": breaks(
    "The reader's minimum is higher, so smaller numbers the writer allowed are rejected.",
  ),
  "json/minimum-decreased": fine("The reader's minimum is lower."),
  "json/minimum-removed": fine("The reader drops the minimum."),
  "json/exclusive-maximum-added": breaks("The reader sets an exclusiveMaximum the writer's schema did not have."),
  "json/exclusive-maximum-decreased": breaks(
    "The reader's exclusiveMaximum is lower, so numbers the writer allowed are rejected.",
  ),
  "json/exclusive-maximum-increased": fine("The reader's exclusiveMaximum is higher."),
  "json/exclusive-maximum-removed": fine("The reader drops exclusiveMaximum."),
  "json/exclusive-minimum-added": breaks("The reader sets an exclusiveMinimum the writer's schema did not have."),
  "json/exclusive-minimum-increased": breaks(
    "The reader's exclusiveMinimum is higher, so numbers the writer allowed are rejected.",
  ),
  "json/exclusive-minimum-decreased": fine("The reader's exclusiveMinimum is lower."),
  "json/exclusive-minimum-removed": fine("The reader drops exclusiveMinimum."),
  "json/multiple-of-added": breaks(
    "The reader requires numbers to be a multiple of a value the writer's schema did not require.",
  ),
  "json/multiple-of-expanded": breaks(
    "The reader's multipleOf is a multiple of the writer's, so some numbers the writer allowed are rejected.",
  ),
  "json/multiple-of-changed": breaks(
    "The reader's multipleOf is unrelated to the writer's, so numbers the writer allowed are rejected.",
  ),
  "json/multiple-of-reduced": fine(
    "The writer's multipleOf is a multiple of the reader's, so every number it allowed is still accepted.",
  ),
  "json/multiple-of-removed": fine("The reader drops multipleOf."),

  // Objects: properties and content models
  "json/property-with-empty-schema-added-to-open-model": fine(
    "The reader adds a property with the empty schema `{}` to an open content model; any value the writer put there is still accepted.",
  ),
  "json/optional-property-added-to-open-model": strictOnly(
    "The reader adds a typed optional property to an open content model (additionalProperties absent or true), where the writer's schema allowed any value under that name.",
  ),
  "json/required-property-with-default-added-to-open-model": strictOnly(
    "The reader adds a required property with a default to an open content model, where the writer's schema allowed any value (or none) under that name.",
  ),
  "json/required-property-added-to-open-model": breaks(
    "The reader adds a required property without a default to an open content model: the writer's data may lack it or hold any value there.",
  ),
  "json/optional-property-added-to-unopen-model": fine(
    "The reader adds an optional property to a closed or partially open content model, which the writer's data cannot contain.",
  ),
  "json/required-property-with-default-added-to-unopen-model": fine(
    "The reader adds a required property with a default to a closed or partially open content model.",
  ),
  "json/required-property-added-to-unopen-model": breaks(
    "The reader adds a required property without a default, which the writer's data does not contain.",
  ),
  "json/property-added-is-covered-by-partially-open-model": fine(
    "The reader adds a property whose schema accepts what the writer's patternProperties / additionalProperties schema allowed under that name.",
  ),
  "json/property-added-not-covered-by-partially-open-model": breaks(
    "The reader adds a property whose schema rejects values the writer's patternProperties / additionalProperties schema allowed under that name.",
  ),
  "json/property-removed-from-open-model": fine(
    "The reader drops a property but keeps an open content model, so any value there is still accepted.",
  ),
  "json/property-removed-from-closed-model": strictOnly(
    "The reader drops a property and does not allow it as an additional property (additionalProperties false, or patternProperties none of which match it and no additional schema), so the writer's data carrying it is rejected.",
  ),
  "json/property-with-false-removed-from-closed-model": fine(
    "The reader drops a property whose schema was false from a closed content model: the writer's data never held it.",
  ),
  "json/property-removed-is-covered-by-partially-open-model": fine(
    "The reader drops a property, but its patternProperties / additionalProperties schema accepts what the writer allowed there.",
  ),
  "json/property-removed-not-covered-by-partially-open-model": breaks(
    "The reader drops a property, and its patternProperties / additionalProperties schema rejects values the writer allowed there.",
  ),
  "json/required-property-added": breaks(
    "The reader makes a property both schemas declare required without a default (in the reader's schema), but the writer's data may lack it. Required names without a property schema on both sides are not judged, as in Confluent.",
  ),
  "json/required-property-with-default-added": fine("The reader makes a property required and gives it a default."),
  "json/required-property-removed": fine("The reader no longer requires a property."),
  "json/max-properties-added": breaks("The reader limits the number of properties the writer's schema did not limit."),
  "json/max-properties-decreased": breaks("The reader's maxProperties is smaller."),
  "json/max-properties-increased": fine("The reader's maxProperties is larger."),
  "json/max-properties-removed": fine("The reader drops maxProperties."),
  "json/min-properties-added": breaks(
    "The reader requires a minimum number of properties the writer's schema did not require.",
  ),
  "json/min-properties-increased": breaks("The reader's minProperties is larger."),
  "json/min-properties-decreased": fine("The reader's minProperties is smaller."),
  "json/min-properties-removed": fine("The reader drops minProperties."),
  "json/additional-properties-added": fine(
    "The reader allows additional properties the writer's schema forbade (false → true or absent).",
  ),
  "json/additional-properties-removed": strictOnly(
    "The reader forbids additional properties (→ false) the writer's schema allowed.",
  ),
  "json/additional-properties-narrowed": strictOnly(
    "The reader constrains additional properties with a schema where the writer's schema allowed any value.",
  ),
  "json/additional-properties-extended": fine(
    "The reader loosens additional properties (a schema → absent or true, or false → a schema).",
  ),
  "json/unevaluated-properties-added": fine("The reader allows unevaluated properties the writer's schema forbade."),
  "json/unevaluated-properties-removed": strictOnly(
    "The reader forbids unevaluated properties (→ false) the writer's schema allowed.",
  ),
  "json/unevaluated-properties-narrowed": strictOnly(
    "The reader constrains unevaluated properties with a schema where the writer's schema allowed any value.",
  ),
  "json/unevaluated-properties-extended": fine("The reader loosens unevaluated properties."),
  "json/dependency-array-added": breaks(
    "The reader adds a property dependency (dependencies / dependentRequired) the writer's data need not satisfy.",
  ),
  "json/dependency-array-extended": breaks(
    "The reader's property dependency requires more properties than the writer's.",
  ),
  "json/dependency-array-changed": breaks(
    "The reader's property dependency requires different properties than the writer's.",
  ),
  "json/dependency-array-narrowed": fine("The reader's property dependency requires fewer properties."),
  "json/dependency-array-removed": fine("The reader drops a property dependency."),
  "json/dependency-schema-added": breaks(
    "The reader adds a schema dependency (dependencies / dependentSchemas) the writer's data need not satisfy.",
  ),
  "json/dependency-schema-removed": fine("The reader drops a schema dependency."),

  // Arrays
  "json/items-added": breaks(
    "The reader constrains every array item with a schema (the list form of items) where the writer's schema had none, also when the writer had a tuple instead.",
  ),
  "json/items-removed": fine("The reader drops the items schema."),
  "json/additional-items-added": fine(
    "The reader allows items beyond the tuple (additionalItems true, absent or a schema) that the writer's schema forbade (false).",
  ),
  "json/additional-items-removed": breaks(
    "The reader forbids items beyond the tuple (additionalItems → false) that the writer's schema allowed; compared even without a tuple.",
  ),
  "json/additional-items-narrowed": breaks(
    "The reader constrains items beyond the tuple with a schema (even {}) where the writer's additionalItems was absent or true.",
  ),
  "json/additional-items-extended": fine("The reader's additionalItems goes from a schema to absent or true."),
  "json/item-added-to-open-model": breaks(
    "The reader adds a typed tuple position where the writer's additionalItems was absent or true (the writer's list-form items does not count), so its arrays may hold any item there.",
  ),
  "json/item-with-empty-schema-added-to-open-model": fine(
    "The reader adds a tuple position with the schema true or {} where the writer's schema allowed any item.",
  ),
  "json/item-added-to-closed-model": fine("The reader adds a tuple position the writer's arrays could not have."),
  "json/item-added-is-covered-by-partially-open-model": fine(
    "The reader adds a tuple position whose schema accepts what the writer's additional items schema allowed.",
  ),
  "json/item-added-not-covered-by-partially-open-model": breaks(
    "The reader adds a tuple position whose schema rejects items the writer's additional items schema allowed.",
  ),
  "json/item-removed-from-open-model": fine("The reader drops a tuple position but accepts any further items."),
  "json/item-removed-from-closed-model": breaks(
    "The reader drops a tuple position and forbids further items, so the writer's longer arrays are rejected.",
  ),
  "json/item-with-false-removed-from-closed-model": fine(
    "The reader drops a tuple position whose schema was false and forbids further items: the writer's arrays never reached it.",
  ),
  "json/item-removed-is-covered-by-partially-open-model": fine(
    "The reader drops a tuple position, but its additional items schema accepts what the writer allowed there.",
  ),
  "json/item-removed-not-covered-by-partially-open-model": breaks(
    "The reader drops a tuple position, and its additional items schema rejects items the writer allowed there.",
  ),
  "json/max-items-added": breaks("The reader limits the array length the writer's schema did not limit."),
  "json/max-items-decreased": breaks("The reader's maxItems is smaller."),
  "json/max-items-increased": fine("The reader's maxItems is larger."),
  "json/max-items-removed": fine("The reader drops maxItems."),
  "json/min-items-added": breaks("The reader requires a minimum array length the writer's schema did not require."),
  "json/min-items-increased": breaks("The reader's minItems is larger."),
  "json/min-items-decreased": fine("The reader's minItems is smaller."),
  "json/min-items-removed": fine("The reader drops minItems."),
  "json/contains-added": breaks(
    "The reader requires an array to contain a matching item, which the writer's schema did not.",
  ),
  "json/contains-removed": fine("The reader drops `contains`."),
  "json/max-contains-added": breaks("The reader limits how many items may match `contains`."),
  "json/max-contains-decreased": breaks("The reader's maxContains is smaller."),
  "json/max-contains-increased": fine("The reader's maxContains is larger."),
  "json/max-contains-removed": fine("The reader drops maxContains."),
  "json/min-contains-added": breaks("The reader requires more items to match `contains`."),
  "json/min-contains-increased": breaks("The reader's minContains is larger."),
  "json/min-contains-decreased": fine("The reader's minContains is smaller."),
  "json/min-contains-removed": fine("The reader drops minContains."),
  "json/unique-items-added": breaks("The reader requires unique array items, which the writer's schema did not."),
  "json/unique-items-removed": fine("The reader no longer requires unique items."),

  // Enums and const
  "json/enum-array-narrowed": breaks("The reader's enum lacks values the writer's schema allows."),
  "json/enum-array-changed": breaks("The reader's enum both lacks values the writer's allows and adds others."),
  "json/enum-array-extended": fine("The reader's enum adds values."),
  "json/const-changed": breaks("The reader's const differs from the value the writer's schema allows."),

  // Combined schemas (allOf / anyOf / oneOf) and not
  "json/combined-type-changed": breaks(
    "The combination keyword changed other than towards anyOf, between single-member combinations, from a single member to oneOf, or from an allOf to a single member (e.g. anyOf → oneOf, allOf → oneOf or oneOf → allOf with several members; a type list counts as an anyOf).",
  ),
  "json/combined-type-extended": fine(
    "The combination keyword changed to anyOf, between single-member combinations, from a single-member combination to oneOf, or from an allOf to a single-member combination.",
  ),
  "json/combined-type-subschemas-changed": breaks(
    "Some branches of the writer's allOf/anyOf/oneOf have no compatible branch in the reader's.",
  ),
  "json/sum-type-extended": fine(
    "The reader's anyOf/oneOf has more branches, or a schema became an anyOf/oneOf with a branch that reads it.",
  ),
  "json/sum-type-narrowed": breaks(
    "The reader's anyOf/oneOf has fewer branches, so data matching a dropped branch is rejected.",
  ),
  "json/product-type-extended": breaks(
    "The reader adds a constraint (an allOf member, or an enum/const/not/combination next to the existing keywords) the writer's data need not satisfy.",
  ),
  "json/product-type-narrowed": fine(
    "The reader drops allOf members or constraints, or an allOf became a schema that reads one of its members.",
  ),
  "json/not-type-extended": breaks("The reader's `not` excludes values the writer's schema allows."),
  "json/not-type-narrowed": fine("The reader's `not` excludes fewer values."),

  // References
  "json/external-reference-changed": breaks(
    "A `$ref` to another document points elsewhere; kgov cannot load other documents offline and compares such references by URI.",
  ),
} as const satisfies Record<string, JsonRule>;

export type JsonRuleId = keyof typeof JSON_RULES;

export function isIncompatible(rule: JsonRuleId, policy: "STRICT" | "LENIENT"): boolean {
  return JSON_RULES[rule].incompatible[policy];
}
