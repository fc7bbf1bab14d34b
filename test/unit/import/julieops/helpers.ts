import { expect } from "vitest";
import type { ConversionResult, Estate } from "../../../../src/core/import/estate.js";
import { convertJulieOps } from "../../../../src/core/import/julieops/index.js";
import { compareBindings, type AclBinding } from "../../../../src/core/model/acl.js";

/** Converts topology texts given by path; schema texts by their resolved path. */
export function convert(files: Record<string, string>, schemas: Record<string, string> = {}): ConversionResult {
  const sources = Object.entries(files).map(([path, text]) => ({ path, text }));
  return convertJulieOps(sources, new Map(Object.entries(schemas)));
}

/** The estate of a conversion that must succeed. */
export function estateOf(files: Record<string, string>, schemas: Record<string, string> = {}): Estate {
  const result = convert(files, schemas);
  expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  expect(result.estate).toBeDefined();
  return result.estate!;
}

/** A binding as one short line: `User:a topic:shop.x literal read`, sorted, so expected lists read like ACL tables. */
export function bindingLines(estate: Estate, principal?: string): string[] {
  return estate.bindings
    .map((b) => b.binding)
    .filter((b) => principal === undefined || b.principal === principal)
    .sort(compareBindings)
    .map(line);
}

function line(b: AclBinding): string {
  const host = b.host === "*" ? "" : ` host:${b.host}`;
  const deny = b.permission === "allow" ? "" : " deny";
  return `${b.principal} ${b.resourceType}:${b.resourceName} ${b.patternType} ${b.operation}${host}${deny}`;
}

/** A topology file with one context and the given YAML body (indented as written). */
export function topology(body: string, context = "shop"): string {
  return `context: "${context}"\n${body}`;
}
