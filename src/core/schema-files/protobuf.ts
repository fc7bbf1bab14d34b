import protobuf from "protobufjs";
import { maskIdl } from "./avro-idl-text.js";
import {
  explainProtobufReflectionError,
  explainProtobufSyntaxError,
  findDeclaration,
  findNumber,
  type ProtobufProblem,
} from "./protobuf-locate.js";
import { schemaProblem } from "./schema-diagnostic.js";
import type { CheckedText } from "./schema-text.js";
import type { SchemaFileResult } from "./types.js";

/**
 * A `.proto` file, parsed by protobufjs with field names kept as written. Type references are resolved only when
 * every import is a google/protobuf well-known type (bundled with protobufjs): other imports are registry
 * references that cannot be followed offline.
 */
export function parseProtobufFile(file: string, source: CheckedText): SchemaFileResult {
  const { text, lines } = source;
  // Comments and string literals are blanked so searches for names cannot land inside them; offsets are unchanged.
  // Only needed to place a problem, so blanked on first use.
  let maskedText: string | undefined;
  const masked = (): string => (maskedText ??= maskIdl(text));
  const fail = (problem: ProtobufProblem): SchemaFileResult => ({
    schemaType: "PROTOBUF",
    diagnostics: [
      schemaProblem("schema/protobuf-invalid", problem.message, lines.range(file, problem.start, problem.end)),
    ],
  });
  const explain = (error: unknown): ProtobufProblem => {
    const message = error instanceof Error ? error.message : String(error);
    return (
      explainProtobufSyntaxError(message, text, masked(), lines) ??
      explainProtobufReflectionError(message, masked()) ?? { start: 0, end: 0, message }
    );
  };

  let result: protobuf.IParserResult;
  try {
    result = protobuf.parse(text, { keepCase: true });
  } catch (error) {
    return fail(explain(error));
  }
  const imports = [...(result.imports ?? []), ...(result.weakImports ?? [])];
  if (imports.every((name) => protobuf.common.get(name) !== null)) {
    try {
      for (const name of imports) result.root.addJSON(protobuf.common.get(name)?.nested ?? {});
      result.root.resolveAll();
    } catch (error) {
      return fail(explain(error));
    }
  }
  const diagnostics = fieldNumberProblems(result.root, masked).map((problem) =>
    schemaProblem("schema/protobuf-invalid", problem.message, lines.range(file, problem.start, problem.end), {
      fix: "Use a field number from 1 to 536870911, outside 19000-19999 (reserved for the protobuf implementation)",
    }),
  );
  if (diagnostics.length > 0) return { schemaType: "PROTOBUF", diagnostics };
  return {
    schemaType: "PROTOBUF",
    parsed: {
      schemaType: "PROTOBUF",
      canonicalText: text,
      root: result.root,
      ...(result.package === undefined ? {} : { package: result.package }),
      imports,
    },
    diagnostics: [],
  };
}

const MAX_FIELD_NUMBER = 536_870_911;

/** protobufjs accepts field numbers protoc and the registry reject. */
function fieldNumberProblems(root: protobuf.Root, masked: () => string): ProtobufProblem[] {
  const problems: ProtobufProblem[] = [];
  const visit = (namespace: protobuf.NamespaceBase): void => {
    for (const nested of namespace.nestedArray) {
      if (nested instanceof protobuf.Type) {
        for (const field of nested.fieldsArray) {
          const id = field.id;
          if (id >= 1 && id <= MAX_FIELD_NUMBER && (id < 19_000 || id > 19_999)) continue;
          const from = findDeclaration(masked(), nested.name)?.end ?? 0;
          const span = findNumber(masked(), String(id), from) ?? { start: from, end: from };
          problems.push({ ...span, message: `field ${field.name} has number ${id}, which is not allowed` });
        }
      }
      if (nested instanceof protobuf.Namespace) visit(nested);
    }
  };
  visit(root);
  return problems;
}
