import { Ajv, type ErrorObject } from "ajv";
import { Ajv2019 } from "ajv/dist/2019.js";
import { Ajv2020 } from "ajv/dist/2020.js";
import type { JsonPath, JsonValue } from "./json-source.js";
import { closestMatch } from "./suggest.js";
import type { JsonSchemaDraft } from "./types.js";

/** Meta-validation of a JSON Schema against its draft's meta-schema, with ajv. */
export interface MetaProblem {
  readonly path: JsonPath;
  readonly message: string;
  readonly fix?: string;
}

const DRAFTS: Readonly<Record<string, JsonSchemaDraft>> = {
  "http://json-schema.org/draft-07/schema": "draft-07",
  "http://json-schema.org/draft/2019-09/schema": "2019-09",
  "http://json-schema.org/draft/2020-12/schema": "2020-12",
};

/** The draft `$schema` names; draft-07 when absent (Confluent's default); undefined for a draft kgov cannot check. */
export function declaredDraft(schema: JsonValue): JsonSchemaDraft | undefined {
  const declared = typeof schema === "object" && schema !== null && !Array.isArray(schema) ? schema.$schema : undefined;
  if (typeof declared !== "string") return "draft-07";
  return DRAFTS[declared.replace(/#$/, "").replace(/^https:/, "http:")];
}

type AnyAjv = Ajv | Ajv2019 | Ajv2020;
const validators = new Map<JsonSchemaDraft, AnyAjv>();

function validatorFor(draft: JsonSchemaDraft): AnyAjv {
  let ajv = validators.get(draft);
  if (ajv === undefined) {
    // verbose: errors carry the offending value, to suggest a correction.
    const options = { allErrors: true, strict: false, verbose: true };
    ajv = draft === "2020-12" ? new Ajv2020(options) : draft === "2019-09" ? new Ajv2019(options) : new Ajv(options);
    validators.set(draft, ajv);
  }
  return ajv;
}

export function metaValidate(schema: JsonValue, draft: JsonSchemaDraft): MetaProblem[] {
  // The validator is already chosen by draft; without $schema (which ajv knows under one spelling only) it validates
  // against its own meta-schema.
  const subject = typeof schema === "object" && schema !== null && !Array.isArray(schema) ? { ...schema } : schema;
  if (
    typeof subject === "object" &&
    subject !== null &&
    !Array.isArray(subject) &&
    typeof subject.$schema === "string"
  ) {
    delete subject.$schema;
  }
  const ajv = validatorFor(draft);
  try {
    if (ajv.validateSchema(subject as object | boolean) === true) return [];
  } catch (error) {
    return [{ path: [], message: `the schema cannot be checked: ${(error as Error).message}` }];
  }
  return pickErrors(ajv.errors ?? []).map(explain);
}

// Errors from these keywords only say that a branch below failed; the branch's own error is more useful.
const COMBINATORS = new Set(["anyOf", "oneOf", "allOf", "if", "not"]);

/** One error per location: an `enum` error over the `type`/`anyOf` noise ajv adds for `"type": "strin"`. */
function pickErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const byPath = new Map<string, ErrorObject[]>();
  for (const error of errors) byPath.set(error.instancePath, [...(byPath.get(error.instancePath) ?? []), error]);
  return [...byPath.values()].map(
    (group) =>
      group.find((e) => e.keyword === "enum") ??
      group.find((e) => !COMBINATORS.has(e.keyword)) ??
      (group[0] as ErrorObject),
  );
}

function explain(error: ErrorObject): MetaProblem {
  const path = error.instancePath
    .split("/")
    .slice(1)
    .map((step) => step.replace(/~1/g, "/").replace(/~0/g, "~"));
  const key = path.length === 0 ? "the schema" : `"${path[path.length - 1]}"`;
  const params = error.params as Record<string, unknown>;
  if (error.keyword === "enum" && Array.isArray(params.allowedValues)) {
    const allowed = params.allowedValues.map(String);
    const value = JSON.stringify(error.data);
    const suggestion = typeof error.data === "string" ? closestMatch(error.data, allowed) : undefined;
    return {
      path,
      message: `${key} is ${value}, expected one of: ${allowed.join(", ")}`,
      ...(suggestion === undefined ? {} : { fix: `Did you mean "${suggestion}"?` }),
    };
  }
  if (error.keyword === "type") return { path, message: `${key} must be ${describeTypes(params.type)}` };
  return { path, message: `${key} ${error.message ?? "is invalid"}` };
}

function describeTypes(type: unknown): string {
  const types = (Array.isArray(type) ? type : String(type).split(",")).map(String);
  return types.map((t) => (/^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`)).join(" or ");
}
