import type { Diagnostic } from "../diagnostics/index.js";
import { parseSchemaFile } from "../schema-files/index.js";
import type { JsonValue } from "../schema-files/json-source.js";

/** A resolved subject as the Avro check needs it. */
export interface AvroCheckSubject {
  readonly file: string;
  readonly text: string;
  readonly avroJson?: JsonValue;
  /** The subjects it references. */
  readonly references: readonly string[];
}

/**
 * Checks an `.avsc` schema that uses types of other subjects, which `kgov validate`'s file check leaves unchecked
 * until they are known: avsc reads the referenced schemas first (dependencies before what uses them), then this one.
 */
export function checkWithReferences(
  subject: AvroCheckSubject,
  bySubject: ReadonlyMap<string, AvroCheckSubject>,
): Diagnostic[] {
  const referenced: JsonValue[] = [];
  const visited = new Set<string>();
  const visit = (name: string): void => {
    if (visited.has(name)) return;
    visited.add(name);
    const target = bySubject.get(name);
    if (target?.avroJson === undefined) return;
    for (const dependency of target.references) visit(dependency);
    referenced.push(target.avroJson);
  };
  for (const name of subject.references) visit(name);
  const result = parseSchemaFile({ path: subject.file, text: subject.text, type: "AVRO", referencedTypes: referenced });
  return result.diagnostics.filter((d) => d.severity === "error");
}
