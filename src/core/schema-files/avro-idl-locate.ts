import { findDeclaration, findWord, type TextSpan } from "./avro-idl-text.js";
import { isJsonObject } from "./avro-walk.js";
import type { JsonPath, JsonValue } from "./json-source.js";

/**
 * Finds the IDL source of a node in the protocol's `types` (path[0] is the type's index): the declaration of the
 * type, then the field, symbol or type name inside it that the node stands for.
 */
export function locateIdlNode(types: readonly JsonValue[], path: JsonPath, masked: string): TextSpan | undefined {
  const [index, ...rest] = path;
  const declared = typeof index === "number" ? types[index] : undefined;
  if (!isJsonObject(declared) || typeof declared.name !== "string") return undefined;
  const name = lastSegment(declared.name);
  const sameNameBefore = types
    .slice(0, index as number)
    .filter((t) => isJsonObject(t) && t.name === declared.name).length;
  const anchor = findDeclaration(masked, name, sameNameBefore);
  if (anchor === undefined || rest.length === 0 || (rest.length === 1 && rest[0] === "name")) return anchor;

  const [first, second] = rest;
  if (first === "symbols" && typeof second === "number" && Array.isArray(declared.symbols)) {
    const symbol = declared.symbols[second];
    const nth = declared.symbols.slice(0, second).filter((s) => s === symbol).length;
    return typeof symbol === "string" ? findWord(masked, symbol, anchor.end, nth) : anchor;
  }
  const field =
    first === "fields" && typeof second === "number" && Array.isArray(declared.fields)
      ? declared.fields[second]
      : undefined;
  const target = valueAt(declared, rest);
  if (isJsonObject(field) && typeof field.name === "string") {
    const fields = declared.fields as JsonValue[];
    const nth = fields.slice(0, second as number).filter((f) => isJsonObject(f) && f.name === field.name).length;
    const fieldName = findWord(masked, field.name, anchor.end, nth);
    if (fieldName === undefined) return anchor;
    if (rest.length === 3 && rest[2] === "default") return defaultAfter(masked, fieldName) ?? fieldName;
    if (typeof target === "string" && rest[2] === "type") {
      // The field's type is written between the previous statement (or the record's brace) and the field's name.
      const statement =
        Math.max(masked.lastIndexOf(";", fieldName.start), masked.lastIndexOf("{", fieldName.start)) + 1;
      const typeName = findTypeName(masked, target, statement);
      return typeName !== undefined && typeName.start < fieldName.start ? typeName : fieldName;
    }
    return fieldName;
  }
  return (typeof target === "string" ? findTypeName(masked, target, anchor.end) : undefined) ?? anchor;
}

function valueAt(root: JsonValue, path: JsonPath): JsonValue | undefined {
  let node: JsonValue | undefined = root;
  for (const step of path) {
    if (Array.isArray(node) && typeof step === "number") node = node[step];
    else if (isJsonObject(node) && typeof step === "string") node = node[step];
    else return undefined;
  }
  return node;
}

function findTypeName(masked: string, name: string, from: number): TextSpan | undefined {
  return findWord(masked, name, from) ?? findWord(masked, lastSegment(name), from);
}

/** The default value after `name =`, up to the `;`. */
function defaultAfter(masked: string, fieldName: TextSpan): TextSpan | undefined {
  const match = /^\s*=\s*/.exec(masked.slice(fieldName.end));
  if (match === null) return undefined;
  const start = fieldName.end + match[0].length;
  const end = masked.indexOf(";", start);
  return { start, end: end < 0 ? start : end };
}

function lastSegment(name: string): string {
  return name.slice(name.lastIndexOf(".") + 1);
}
