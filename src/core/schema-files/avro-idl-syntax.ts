import { findWord, type TextSpan } from "./avro-idl-text.js";
import { TOO_DEEP } from "./avro-read.js";

/**
 * Explains an error thrown by avsc's IDL reader. avsc reads the protocol syntax of Avro IDL 1.8-1.10; the newer
 * constructs it cannot read are recognised here and reported as unsupported rather than as mistakes.
 */
export interface IdlSyntaxProblem extends TextSpan {
  readonly unsupported: boolean;
  readonly message: string;
  readonly fix?: string;
}

interface IdlToken {
  readonly pos: number;
  readonly id?: string;
  readonly val?: string;
}

/** The fields avsc's tokenizer adds to the errors it throws. */
interface IdlReaderError {
  readonly message?: unknown;
  readonly token?: IdlToken;
  readonly lineNum?: number;
  readonly colNum?: number;
}

const SCHEMA_SYNTAX_STARTS = new Set(["namespace", "schema", "record", "enum", "fixed", "error"]);

export function explainIdlSyntaxError(error: unknown, text: string, masked: string): IdlSyntaxProblem {
  if (error instanceof RangeError) return { start: 0, end: 0, unsupported: false, message: TOO_DEEP };
  const details = (typeof error === "object" && error !== null ? error : {}) as IdlReaderError;
  const message = typeof details.message === "string" ? details.message : String(error);
  const token = details.token;
  // "invalid token {...}: expected ID name": the reason follows the token's JSON.
  if (token !== undefined) return explainToken(token, message.slice(message.lastIndexOf(": ") + 2), masked);
  if (message === "union annotations are not supported") {
    const at = /\)\s*union\b/.exec(masked);
    const start = at === null ? 0 : at.index + at[0].length - "union".length;
    return {
      start,
      end: start + "union".length,
      unsupported: true,
      message: "annotations on a union type are not supported by kgov's Avro IDL reader",
      fix: "Move the annotation to the field (after the type), or remove it",
    };
  }
  const duplicate = /^duplicate message: (.+)$/.exec(message);
  if (duplicate !== null) {
    const name = duplicate[1] as string;
    const span = findWord(masked, name, 0, 1) ?? findWord(masked, name) ?? { start: 0, end: 0 };
    return { ...span, unsupported: false, message: `message "${name}" is declared twice` };
  }
  const start = offsetOfLineColumn(text, details.lineNum, details.colNum);
  if (message === "invalid JSON") {
    return {
      start,
      end: start,
      unsupported: false,
      message: "a JSON value (default or annotation argument) is not closed before the end of the file",
    };
  }
  return { start, end: start, unsupported: false, message };
}

/** avsc's reader loops forever on an `@annotation` that no `(` follows, so that case is caught before calling it. */
export function findUnfinishedAnnotation(masked: string): IdlSyntaxProblem | undefined {
  const at = masked.lastIndexOf("@");
  if (at < 0 || masked.includes("(", at)) return undefined;
  return {
    start: at,
    end: at + 1,
    unsupported: false,
    message: 'an annotation needs a value in parentheses, e.g. `@namespace("com.example")`',
  };
}

function explainToken(token: IdlToken, reason: string, masked: string): IdlSyntaxProblem {
  // avsc's token position is where it started skipping whitespace and comments before the token.
  const skipped = masked.slice(token.pos).search(/\S/);
  const start = token.id === "(eof)" || skipped < 0 ? masked.length : token.pos + skipped;
  const end = token.id === "(eof)" ? start : start + String(token.val ?? "").length;
  const at = { start, end };
  const before = masked.slice(0, start).trimEnd();
  if (token.val === "?") {
    return {
      ...at,
      unsupported: true,
      message: "the nullable shorthand `T?` (Avro 1.12 IDL) is not supported by kgov's Avro IDL reader",
      fix: "Write the union explicitly: `union { null, T } name = null;`",
    };
  }
  if (token.val === "(" && /\bdecimal$/.test(before)) {
    const close = masked.indexOf(")", start);
    return {
      start: before.length - "decimal".length,
      end: close < 0 ? end : close + 1,
      unsupported: true,
      message: "`decimal(precision, scale)` is not supported by kgov's Avro IDL reader",
      fix: 'Annotate the bytes type instead: `@logicalType("decimal") @precision(9) @scale(2) bytes amount;`',
    };
  }
  if (reason === "expected value protocol" && SCHEMA_SYNTAX_STARTS.has(String(token.val))) {
    return {
      ...at,
      unsupported: true,
      message:
        "Avro IDL without a `protocol` block (the Avro 1.12 schema syntax) is not supported by kgov's Avro IDL reader",
      fix: 'Wrap the declarations in `@namespace("com.example") protocol Name { ... }`; kgov registers the last type declared',
    };
  }
  if (reason === "expected value ;" && token.val === ",") {
    return {
      ...at,
      unsupported: true,
      message: "declaring several fields in one statement (`T a, b;`) is not supported by kgov's Avro IDL reader",
      fix: "Declare each field in its own statement: `T a; T b;`",
    };
  }
  if (token.id === "json")
    return { ...at, unsupported: false, message: "invalid JSON in a default value or annotation" };
  return { ...at, unsupported: false, message: `unexpected ${describeToken(token)}: ${describeExpectation(reason)}` };
}

function describeToken(token: IdlToken): string {
  if (token.id === "(eof)") return "end of file";
  return `\`${String(token.val)}\``;
}

function describeExpectation(reason: string): string {
  const expected = /^expected (ID|value) (.+)$/.exec(reason);
  if (expected === null) return reason;
  const [, kind, what = ""] = expected;
  if (kind === "value") return `expected \`${what}\``;
  const names: Record<string, string> = {
    name: "a name",
    number: "a number",
    string: "a string",
    "(eof)": "end of file",
    json: "a JSON value",
  };
  return `expected ${names[what] ?? what}`;
}

/**
 * avsc's line and column for errors without a token: 1-based lines, but the column counts from the previous line
 * break, which makes it 0-based on the first line only.
 */
function offsetOfLineColumn(text: string, line: number | undefined, column: number | undefined): number {
  if (line === undefined || column === undefined || column < 0) return text.length;
  let lineStart = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf("\n", lineStart);
    if (next < 0) break;
    lineStart = next + 1;
  }
  return Math.min(text.length, lineStart + (line === 1 ? column : column - 1));
}
