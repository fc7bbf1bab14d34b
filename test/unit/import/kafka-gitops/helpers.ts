import { convertKafkaGitops } from "../../../../src/core/import/kafka-gitops/index.js";
import type { Estate } from "../../../../src/core/import/estate.js";
import { bindingKey, type AclBinding } from "../../../../src/core/model/acl.js";

/** Converts files given as `{path: text}`, in that order. */
export function convert(files: Record<string, string>) {
  return convertKafkaGitops(Object.entries(files).map(([path, text]) => ({ path, text })));
}

/** The estate of valid input; fails the test with the diagnostics otherwise. */
export function estateOf(files: Record<string, string>): Estate {
  const result = convert(files);
  if (!result.estate) throw new Error(`expected an estate, got ${JSON.stringify(result.diagnostics, null, 2)}`);
  return result.estate;
}

/** A binding written compactly: `User:x topic literal orders read` (host `*`, allow unless `deny` is appended). */
export function b(spec: string): AclBinding {
  const [principal, resourceType, patternType, resourceName, operation, permission] = spec.split(" ");
  return {
    principal: principal!,
    host: "*",
    resourceType: resourceType as AclBinding["resourceType"],
    patternType: patternType as AclBinding["patternType"],
    resourceName: resourceName!,
    operation: operation as AclBinding["operation"],
    permission: (permission ?? "allow") as AclBinding["permission"],
  };
}

/** The estate's bindings as sorted identity keys, to compare as a set. */
export function bindingSet(estate: Estate): string[] {
  return estate.bindings.map((x) => bindingKey(x.binding)).sort();
}

export function keysOf(specs: readonly string[]): string[] {
  return specs.map((s) => bindingKey(b(s))).sort();
}
