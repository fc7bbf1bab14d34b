import protobuf from "protobufjs";
import { parseProtobufFile } from "../../schema-files/protobuf.js";
import { checkSchemaText } from "../../schema-files/schema-text.js";
import type { LineIndex } from "../../schema-files/text-position.js";
import type { SourceRange } from "../../diagnostics/index.js";
import type { SchemaVersion } from "../types.js";
import { ProtoLocator } from "./locate.js";

/** A .proto file ready for comparison: protobufjs' reflection tree plus what is needed to locate findings. */
export interface ParsedProto {
  readonly root: protobuf.Root;
  /** The package, or "" when the file declares none. */
  readonly package: string;
  readonly syntax: "proto2" | "proto3" | "editions";
  /** The file the text came from, when known (the check's readerPath/writerPath take precedence). */
  readonly path?: string;
  readonly lines: LineIndex;
  /** Built on first use: only findings need positions. */
  readonly locator: ProtoLocator;
}

const SCRATCH_NAME = "schema.proto";

/**
 * Parses a version. The candidate must be a valid schema (syntax, duplicate names or numbers, field number range,
 * unknown types when every import is a bundled well-known type); a previous version only has to get past the
 * protobufjs parser, since the registry already accepted it and its imports may not be available here.
 */
export function parseProto(
  version: SchemaVersion,
  role: "previous" | "candidate",
): { parsed?: ParsedProto; error?: string; source?: SourceRange } {
  const file = version.path ?? SCRATCH_NAME;
  const checked = checkSchemaText(file, version.text);
  const problem =
    checked.problem ??
    (role === "candidate"
      ? parseProtobufFile(file, checked).diagnostics.find((d) => d.severity === "error")
      : undefined);
  if (problem !== undefined) return failure(problem.message, version.path === undefined ? undefined : problem.source);

  let result: protobuf.IParserResult;
  try {
    result = protobuf.parse(checked.text, { keepCase: true });
  } catch (error) {
    // Only reached for previous versions: the candidate's syntax errors were reported above, with a position.
    const located = parseProtobufFile(file, checked).diagnostics.find((d) => d.severity === "error");
    return failure(located?.message ?? String(error), version.path === undefined ? undefined : located?.source);
  }
  let locator: ProtoLocator | undefined;
  return {
    parsed: {
      root: result.root,
      package: result.package ?? "",
      syntax: syntaxOf(checked.text),
      ...(version.path === undefined ? {} : { path: version.path }),
      lines: checked.lines,
      get locator() {
        return (locator ??= new ProtoLocator(checked.text));
      },
    },
  };
}

function failure(message: string, source: SourceRange | undefined): { error: string; source?: SourceRange } {
  return source === undefined ? { error: message } : { error: message, source };
}

/** protobufjs does not return the syntax; a file without a `syntax` statement is proto2. */
function syntaxOf(text: string): ParsedProto["syntax"] {
  const statement = /^\s*(syntax|edition)\s*=\s*["']([^"']*)["']/m.exec(text);
  if (statement === null) return "proto2";
  if (statement[1] === "edition") return "editions";
  return statement[2] === "proto3" ? "proto3" : "proto2";
}
