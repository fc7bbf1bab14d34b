import type { ErrorObject, ValidateFunction } from "ajv/dist/2020.js";
import type { Diagnostic } from "../diagnostics/index.js";
import { closestMatches } from "../text/did-you-mean.js";
import type { ParsedYaml } from "./parse-yaml.js";
// The desired-state JSON Schema compiled at build time (`npm run schema`): compiling it at run time would cost more
// than validating thousands of topics.
import { validate as generatedValidator } from "./structure-validator.generated.js";

const validate = generatedValidator as ValidateFunction;

function pathOf(instancePath: string): string[] {
  if (instancePath === "") return [];
  return instancePath
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function describe(path: readonly string[]): string {
  return path.length === 0 ? "the file" : `\`${path.join(".")}\``;
}

/** Names the properties a schema node allows, so an unknown key can get a "did you mean" hint. */
function allowedProperties(error: ErrorObject): string[] {
  const props = (error.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties;
  return props ? Object.keys(props) : [];
}

function toDiagnostic(error: ErrorObject, file: ParsedYaml): Diagnostic | undefined {
  const path = pathOf(error.instancePath);
  const where = describe(path);
  switch (error.keyword) {
    case "additionalProperties": {
      const key = String((error.params as { additionalProperty: string }).additionalProperty);
      const allowed = allowedProperties(error);
      const suggestion = closestMatches(key, allowed, { max: 1 })[0];
      return {
        code: "format/unknown-field",
        severity: "error",
        message: `unknown field \`${key}\` in ${where}`,
        source: file.rangeOf([...path, key], "key"),
        fix: suggestion ? `Did you mean \`${suggestion}\`?` : `Allowed fields: ${allowed.join(", ")}.`,
      };
    }
    case "required": {
      const missing = String((error.params as { missingProperty: string }).missingProperty);
      return {
        code: "format/missing-field",
        severity: "error",
        message: `${where} is missing the required field \`${missing}\``,
        source: path.length === 0 ? { file: file.path, start: { line: 1, column: 1 } } : file.rangeOf(path, "key"),
        fix: `Add \`${missing}:\`.`,
      };
    }
    case "type":
      return {
        code: "format/wrong-type",
        severity: "error",
        message: `${where} must be ${article(String((error.params as { type: string | string[] }).type))}`,
        source: file.rangeOf(path),
      };
    case "const":
      if (path.length === 1 && path[0] === "version") {
        return {
          code: "format/unsupported-version",
          severity: "error",
          message: `format version ${JSON.stringify(error.data)} is not supported; this kgov reads version 1`,
          source: file.rangeOf(path),
          fix: "Set `version: 1`, or upgrade kgov.",
        };
      }
      break;
    case "enum": {
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues.map(String);
      const suggestion =
        typeof error.data === "string" ? closestMatches(error.data, allowed, { max: 1 })[0] : undefined;
      return {
        code: "format/invalid-value",
        severity: "error",
        message: `${where} must be one of ${allowed.join(", ")}; got ${JSON.stringify(error.data)}`,
        source: file.rangeOf(path),
        ...(suggestion ? { fix: `Did you mean \`${suggestion}\`?` } : {}),
      };
    }
    case "propertyNames":
      // Reported through the nested "pattern" error, which carries the offending name.
      return undefined;
    case "pattern": {
      const isName = error.propertyName !== undefined;
      const name = isName ? String(error.propertyName) : String(error.data);
      const principal = (error.parentSchema as { description?: string } | undefined)?.description?.includes(
        "principal",
      );
      if (principal) {
        return {
          code: "acl/invalid-principal",
          severity: "error",
          message: `principal ${JSON.stringify(name)} is not of the form \`Type:name\``,
          source: file.rangeOf(path),
          fix: `Write it as \`User:${name.includes(":") ? name.split(":").pop() : name}\`.`,
        };
      }
      return {
        code: "format/invalid-value",
        severity: "error",
        message: isName
          ? `name \`${name}\` in ${where} contains characters that are not allowed`
          : `${where} does not match the expected pattern`,
        source: isName ? file.rangeOf([...path, name], "key") : file.rangeOf(path),
        fix: isName
          ? "Topic names may use letters, digits, '.', '_' and '-'."
          : `Expected ${String((error.params as { pattern: string }).pattern)}.`,
      };
    }
    default:
      break;
  }
  return {
    code: "format/invalid-value",
    severity: "error",
    message: `${where} ${error.message ?? "is invalid"}`,
    source:
      error.propertyName !== undefined
        ? file.rangeOf([...path, String(error.propertyName)], "key")
        : file.rangeOf(path),
  };
}

function article(type: string): string {
  const words = type
    .split(",")
    .map((t) =>
      t === "integer" ? "a whole number" : t === "object" ? "a mapping" : t === "array" ? "a list" : `a ${t}`,
    );
  return words.join(" or ");
}

/** Checks one parsed file against the desired-state JSON Schema; every violation becomes a located diagnostic. */
export function checkStructure(file: ParsedYaml): Diagnostic[] {
  if (file.value === null || file.value === undefined) return [];
  if (validate(file.value)) return [];
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const error of validate.errors ?? []) {
    const d = toDiagnostic(error, file);
    if (!d) continue;
    const key = `${d.code}|${d.message}|${d.source?.start.line}:${d.source?.start.column}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(d);
    }
  }
  return out;
}
