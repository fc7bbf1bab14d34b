import {
  AVRO_PRIMITIVES,
  avroFieldSites,
  declaredName,
  isJsonObject,
  isValidAvroName,
  qualifyAvroName,
  type AvroFieldSite,
  type AvroTypeSite,
} from "./avro-walk.js";
import {
  fieldWithInvalidDefault,
  findDuplicateBranch,
  findInvalidName,
  findSymbol,
  isEnum,
} from "./avro-blame-search.js";
import type { JsonPath, JsonValue } from "./json-source.js";
import { closestMatch } from "./suggest.js";

/**
 * avsc stops at the first problem and names it in a message without a location. These rules turn the common
 * messages into a readable one and find the node it is about; anything else is reported as avsc worded it.
 */
export interface AvroBlame {
  /** The node the problem is about; empty when not found (the whole schema). */
  readonly path: JsonPath;
  readonly message: string;
  readonly fix?: string;
}

/** Parses a modified copy of the document again: avsc's error message, or undefined when it parses. */
export type AvroReparse = (document: JsonValue) => string | undefined;

interface Context {
  readonly document: JsonValue;
  readonly sites: readonly AvroTypeSite[];
  readonly fields: readonly AvroFieldSite[];
  readonly error: string;
  readonly reparse: AvroReparse;
}

type Rule = readonly [pattern: RegExp, explain: (match: RegExpExecArray, context: Context) => AvroBlame];

const NAME_RULE = "names start with a letter or '_' and contain only letters, digits and '_'";
const TYPE_LIST =
  "a primitive (null, boolean, int, long, float, double, bytes, string), record, enum, array, map or fixed";

const RULES: readonly Rule[] = [
  [
    /^undefined type name: (.+)$/,
    ([, name = ""], { sites }) => {
      const known = [...AVRO_PRIMITIVES, ...sites.flatMap((s) => declaredName(s) ?? [])].map(shortName);
      const suggestion = closestMatch(shortName(name), known);
      const site =
        sites.find((s) => typeof s.value === "string" && qualifyAvroName(s.value, s.namespace) === name) ??
        sites.find((s) => typeof s.value === "string" && name.endsWith(s.value));
      return {
        path: site?.path ?? [],
        message: `unknown type "${typeof site?.value === "string" ? site.value : name}"`,
        fix:
          (suggestion === undefined ? "" : `Did you mean "${suggestion}"? `) +
          `Use ${TYPE_LIST}, or the name of a type defined earlier in the schema (a named type must be defined before its first use)`,
      };
    },
  ],
  [
    /^unknown type: (.*)$/,
    ([, typeJson = ""], { sites }) => {
      if (typeJson === "undefined") {
        return {
          path: find(sites, (s) => !isTypeLike(s.value)) ?? [],
          message: 'expected an Avro type: a type name, an object with a "type", or an array of union branches',
        };
      }
      const definition = find(sites, (s) => isJsonObject(s.value) && JSON.stringify(s.value.type) === typeJson);
      return {
        path: withKey(definition, "type"),
        message: `${typeJson} is not an Avro type`,
        fix: `Use ${TYPE_LIST}`,
      };
    },
  ],
  [
    /^incompatible field default (.*)$/,
    ([, detail = ""], context) => {
      const field = fieldWithInvalidDefault(context.fields, context.document, context.error, context.reparse);
      const name = field === undefined ? "" : ` of field "${String(field.field.name)}"`;
      return {
        path: field === undefined ? [] : [...field.path, "default"],
        message: `invalid default${name}: ${detail}`,
        fix: 'Give a default of the field\'s type; for a union, the default must match the first branch (put "null" first for a null default)',
      };
    },
  ],
  [
    /^duplicate field name: /,
    (_match, { fields }) => {
      const duplicate = fields.find((f, i) =>
        fields.some((g, j) => j < i && g.recordPath === f.recordPath && g.field.name === f.field.name),
      );
      return {
        path: duplicate === undefined ? [] : [...duplicate.path, "name"],
        message: `field "${String(duplicate?.field.name)}" is declared twice in the same record`,
      };
    },
  ],
  [
    /^invalid field name: (.*)$/,
    ([, name = ""], { fields }) => {
      const field = fields.find((f) => typeof f.field.name !== "string" || !isValidAvroName(f.field.name));
      return {
        path: field === undefined ? [] : field.field.name === undefined ? field.path : [...field.path, "name"],
        message: field?.field.name === undefined ? 'a field has no "name"' : `invalid field name "${name}"`,
        fix: `Avro ${NAME_RULE}`,
      };
    },
  ],
  [
    /^invalid name: "(.*)"$/,
    ([, name = ""], { sites }) => ({
      path: findInvalidName(sites, name) ?? [],
      message: `invalid name "${name}"`,
      fix: `Avro ${NAME_RULE}; a namespace is such names joined by '.'`,
    }),
  ],
  [
    /^duplicate type name: (.+)$/,
    ([, name = ""], { sites }) => {
      const definitions = sites.filter((s) => declaredName(s) === name);
      const second = definitions[1] ?? definitions[0];
      return {
        path: second === undefined ? [] : [...second.path, "name"],
        message: `type "${name}" is defined more than once`,
        fix: "Define a named type once and refer to it by its name afterwards",
      };
    },
  ],
  [
    /^cannot rename primitive type: "(.*)"$/,
    ([, name = ""], { sites }) => ({
      path: withKey(
        find(sites, (s) => isJsonObject(s.value) && s.value.name === name),
        "name",
      ),
      message: `"${name}" is a primitive type and cannot be used as the name of a type`,
    }),
  ],
  [
    /^missing name property in schema/,
    (_match, { sites }) => ({
      path: find(sites, (s) => isJsonObject(s.value) && isNamedKind(s.value.type) && s.value.name === undefined) ?? [],
      message: 'a record, enum or fixed type needs a "name"',
    }),
  ],
  [
    /^non-array record fields/,
    (_match, { sites }) => ({
      path: withKey(
        find(sites, (s) => isJsonObject(s.value) && isRecord(s.value.type) && !Array.isArray(s.value.fields)),
        "fields",
      ),
      message: 'a record needs "fields": an array of field objects',
    }),
  ],
  [
    /^invalid order: (.*)$/,
    ([, order = ""], { fields }) => ({
      path: withKey(fields.find((f) => JSON.stringify(f.field.order) === order)?.path, "order"),
      message: `invalid field order ${order}`,
      fix: 'Use "ascending", "descending" or "ignore"',
    }),
  ],
  [
    /^invalid enum symbols/,
    (_match, { sites }) => ({
      path: withKey(
        find(sites, (s) => isEnum(s.value) && !Array.isArray(s.value.symbols)),
        "symbols",
      ),
      message: 'an enum needs "symbols": an array of names',
    }),
  ],
  [
    /^(invalid|duplicate) .* symbol: (".*")$/,
    ([, kind, symbol = ""], { sites }) => ({
      path: findSymbol(sites, symbol, kind === "duplicate") ?? [],
      message: kind === "duplicate" ? `enum symbol ${symbol} is listed twice` : `invalid enum symbol ${symbol}`,
      ...(kind === "duplicate" ? {} : { fix: `Enum symbols follow the Avro name rule: ${NAME_RULE}` }),
    }),
  ],
  [
    /^invalid .* default: (.*)$/,
    ([, symbol = ""], { sites }) => ({
      path: withKey(
        find(sites, (s) => isEnum(s.value) && JSON.stringify(s.value.default) === symbol),
        "default",
      ),
      message: `enum default ${symbol} is not one of the enum's symbols`,
    }),
  ],
  [
    /^invalid .* size$/,
    (_match, { sites }) => ({
      path: withKey(
        find(sites, (s) => isJsonObject(s.value) && s.value.type === "fixed" && !isSize(s.value.size)),
        "size",
      ),
      message: 'a fixed type needs a "size": a non-negative integer number of bytes',
    }),
  ],
  [
    /^missing (array items|map values)/,
    ([, what = ""], { sites }) => {
      const kind = what.startsWith("array") ? "array" : "map";
      const key = kind === "array" ? "items" : "values";
      return {
        path: find(sites, (s) => isJsonObject(s.value) && s.value.type === kind && s.value[key] === undefined) ?? [],
        message: `an ${kind} type needs "${key}"`,
      };
    },
  ],
  [
    /^empty union$/,
    (_match, { sites }) => ({
      path: find(sites, (s) => Array.isArray(s.value) && s.value.length === 0) ?? [],
      message: "a union needs at least one branch",
    }),
  ],
  [
    /^unions cannot be directly nested$/,
    (_match, { sites }) => {
      const union = sites.find((s) => Array.isArray(s.value) && s.value.some(Array.isArray));
      const index = Array.isArray(union?.value) ? union.value.findIndex(Array.isArray) : -1;
      return {
        path: union === undefined ? [] : [...union.path, index],
        message: "a union cannot be a branch of another union",
      };
    },
  ],
  [
    /^duplicate union branch name: (".*")$/,
    ([, branch = ""], { sites }) => ({
      path: findDuplicateBranch(sites, JSON.parse(branch) as string) ?? [],
      message: `a union has two branches of type ${branch}`,
      fix: "A union may hold each type once; named types count by name",
    }),
  ],
  [
    /^invalid type: null/,
    (_match, { sites }) => ({
      path: find(sites, (s) => s.value === null) ?? [],
      message: 'null is not a type here; the null type is written as the string "null"',
    }),
  ],
];

export function blameAvroError(
  document: JsonValue,
  sites: readonly AvroTypeSite[],
  error: string,
  reparse: AvroReparse,
): AvroBlame {
  const context: Context = { document, sites, fields: avroFieldSites(sites), error, reparse };
  for (const [pattern, explain] of RULES) {
    const match = pattern.exec(error);
    if (match !== null) return explain(match, context);
  }
  return { path: [], message: error };
}

function shortName(name: string): string {
  return name.slice(name.lastIndexOf(".") + 1);
}

function find(sites: readonly AvroTypeSite[], test: (site: AvroTypeSite) => boolean): JsonPath | undefined {
  return sites.find(test)?.path;
}

function withKey(path: JsonPath | undefined, key: string): JsonPath {
  return path === undefined ? [] : [...path, key];
}

function isTypeLike(value: JsonValue): boolean {
  return typeof value === "string" || Array.isArray(value) || (isJsonObject(value) && typeof value.type === "string");
}

function isRecord(type: JsonValue | undefined): boolean {
  return type === "record" || type === "error";
}

function isNamedKind(type: JsonValue | undefined): boolean {
  return isRecord(type) || type === "enum" || type === "fixed";
}

function isSize(value: JsonValue | undefined): boolean {
  return typeof value === "number" && Number.isInteger(value) && value >= 0;
}
