import { maskIdl } from "../schema-files/avro-idl-text.js";
import type { CheckedText } from "../schema-files/schema-text.js";
import type { ReferenceNeed, SchemaFacts } from "./schema-facts.js";

/** Imports the registry provides itself. */
const WELL_KNOWN = "google/protobuf/";

/**
 * A `.proto` file, scanned with comments and strings blanked: its record name is the fully-qualified name of its
 * first top-level message (as Confluent's RecordNameStrategy takes it), and every import other than the well-known
 * types is a reference, named by the import path.
 */
export function protobufFacts(file: string, source: CheckedText): SchemaFacts {
  const { text } = source;
  const masked = maskIdl(text);
  const needs: ReferenceNeed[] = [];
  for (const match of masked.matchAll(/\bimport\s+(?:(?:public|weak)\s+)?(["'])/g)) {
    const open = (match.index as number) + match[0].length;
    const close = text.indexOf(match[1] as string, open);
    if (close < 0) continue;
    const name = text.slice(open, close);
    if (name.startsWith(WELL_KNOWN) || needs.some((need) => need.name === name)) continue;
    needs.push({ kind: "protobuf-import", name, locate: () => source.lines.range(file, open - 1, close + 1) });
  }
  const packageName = /\bpackage\s+([A-Za-z_][\w.]*)\s*;/.exec(masked)?.[1];
  const message = firstTopLevelMessage(masked);
  const recordName = message === undefined ? undefined : packageName ? `${packageName}.${message}` : message;
  return { schemaType: "PROTOBUF", schema: text, ...(recordName !== undefined ? { recordName } : {}), needs };
}

function firstTopLevelMessage(masked: string): string | undefined {
  let depth = 0;
  for (const match of masked.matchAll(/[{}]|\bmessage\s+([A-Za-z_]\w*)/g)) {
    if (match[0] === "{") depth++;
    else if (match[0] === "}") depth--;
    else if (depth === 0) return match[1];
  }
  return undefined;
}
