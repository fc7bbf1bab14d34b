import type { Diagnostic, SourceRange } from "../diagnostics/index.js";
import { locateIdlNode } from "./avro-idl-locate.js";
import { protocolNamespace, readIdlFile, type IdlFile } from "./avro-idl-read.js";
import { importPath } from "./avro-idl-import-paths.js";
import type { IdlImport } from "./avro-idl-text.js";
import { isJsonObject } from "./avro-walk.js";
import { jsonDocument } from "./json-document.js";
import { nodeAt, type JsonNode, type JsonPath, type JsonValue } from "./json-source.js";
import { schemaProblem } from "./schema-diagnostic.js";
import { checkSchemaText, type CheckedText } from "./schema-text.js";

/**
 * Avro IDL imports, followed as Avro does: `import idl` reads another protocol (and its imports), `import protocol`
 * an .avpr and `import schema` an .avsc file, each path relative to the importing file. Every file is read once,
 * the first time it is imported, so an import cycle ends there. The imported types come before the importer's own,
 * in import order, each keeping the namespace it had in its file.
 */

/** A type of the assembled protocol, with the way to find its nodes in the file it came from. */
export interface IdlTypeEntry {
  readonly schema: JsonValue;
  /** The source of a node inside this type (`[]`: its declaration). */
  locate(path: JsonPath): SourceRange;
}

export interface AssembledIdl {
  /** The root file, as read. */
  readonly root: IdlFile;
  readonly types: readonly IdlTypeEntry[];
  /** Problems in the root file and the imported ones; the protocol is usable when none is an error. */
  readonly diagnostics: Diagnostic[];
}

/** Reads the root file and everything it imports, from `files` (texts by path relative to the working directory). */
export function assembleIdl(
  file: string,
  source: CheckedText,
  files: ReadonlyMap<string, string>,
): AssembledIdl | { readonly diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const seen = new Set([file]);
  const readIdl = (path: string, checked: CheckedText): { idl: IdlFile; types: IdlTypeEntry[] } | undefined => {
    const read = readIdlFile(path, checked);
    diagnostics.push(...read.diagnostics);
    if (read.idl === undefined) return undefined;
    const { idl } = read;
    const imported = idl.imports.flatMap((found) => {
      const target = importPath(path, found);
      if (seen.has(target)) return [];
      seen.add(target);
      const text = files.get(target);
      if (text === undefined) {
        diagnostics.push(missingImport(found, target, checked.lines.range(path, found.start, found.end)));
        return [];
      }
      const importedSource = checkSchemaText(target, text);
      if (importedSource.problem !== undefined) {
        diagnostics.push(importedSource.problem);
        return [];
      }
      if (found.kind !== "idl") return readJsonImport(target, importedSource, found.kind === "schema", diagnostics);
      const nested = readIdl(target, importedSource);
      return nested === undefined ? [] : inNamespace(nested.types, nested.idl.namespace);
    });
    const own = idl.types.map((schema, i) => ({
      schema,
      locate: (at: JsonPath) => {
        const span = locateIdlNode(idl.types, [i, ...at], idl.masked);
        return checked.lines.range(path, span?.start ?? idl.protocolStart, span?.end);
      },
    }));
    return { idl, types: [...imported, ...own] };
  };
  const root = readIdl(file, source);
  return root === undefined ? { diagnostics } : { root: root.idl, types: root.types, diagnostics };
}

/** An imported type without a namespace of its own keeps the one of the protocol it was declared in. */
function inNamespace(types: readonly IdlTypeEntry[], namespace: string): IdlTypeEntry[] {
  return types.map((entry) =>
    isJsonObject(entry.schema) && entry.schema.namespace === undefined
      ? { ...entry, schema: { ...entry.schema, namespace } }
      : entry,
  );
}

/** An `import schema` (.avsc: one type) or `import protocol` (.avpr: its `types`). */
function readJsonImport(
  file: string,
  source: CheckedText,
  isSchema: boolean,
  diagnostics: Diagnostic[],
): IdlTypeEntry[] {
  const document = jsonDocument(file, source);
  diagnostics.push(...document.diagnostics);
  const root = document.root;
  if (root === undefined) return [];
  const located = (base: JsonPath) => (at: JsonPath) => {
    const node: JsonNode = nodeAt(root, [...base, ...at]) ?? root;
    return source.lines.range(file, node.start, node.end);
  };
  if (isSchema) return inNamespace([{ schema: root.value, locate: located([]) }], "");
  const protocol = isJsonObject(root.value) ? root.value : {};
  const types = Array.isArray(protocol.types) ? protocol.types : [];
  const entries = types.map((schema, i) => ({ schema, locate: located(["types", i]) }));
  return inNamespace(entries, protocolNamespace(protocol));
}

function missingImport(found: IdlImport, target: string, source: SourceRange): Diagnostic {
  return schemaProblem(
    "schema/avro-idl-import-missing",
    `imported file \`${found.file}\` is missing or unreadable (looked for ${target})`,
    source,
    { fix: "Import paths are relative to the importing file; correct the path or add the file" },
  );
}
