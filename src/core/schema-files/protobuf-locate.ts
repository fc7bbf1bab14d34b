import { findWord, type TextSpan } from "./avro-idl-text.js";
import type { LineIndex } from "./text-position.js";

/**
 * protobufjs reports syntax errors with a line number only, and reflection errors (duplicates, unknown types) with
 * names only. These helpers turn both into a message and a span in the .proto source.
 */
export interface ProtobufProblem extends TextSpan {
  readonly message: string;
}

const SKIP_ERROR = /^illegal token '(.*)', '(.*)' expected \(line (\d+)\)$/;
const TOKEN_ERROR = /^illegal (.+?) '(.*)' \((?:.*, )?line (\d+)\)$/;
const BARE_ERROR = /^illegal (\w+) \(line (\d+)\)$/;

export function explainProtobufSyntaxError(
  message: string,
  text: string,
  masked: string,
  lines: LineIndex,
): ProtobufProblem | undefined {
  const skip = SKIP_ERROR.exec(message);
  if (skip !== null) {
    const [, actual = "", expected = "", line = "1"] = skip;
    const what = actual === "null" ? "end of file" : `'${actual}'`;
    return {
      ...tokenOnLine(masked, lines, Number(line), actual),
      message: `unexpected ${what}, expected '${expected}'`,
    };
  }
  const token = TOKEN_ERROR.exec(message);
  if (token !== null) {
    const [, kind = "", actual = "", line = "1"] = token;
    const span = tokenOnLine(masked, lines, Number(line), actual);
    if (kind === "end of input" || actual === "null") return { ...span, message: "unexpected end of file" };
    return { ...span, message: kind === "token" ? `unexpected '${actual}'` : `invalid ${kind} '${actual}'` };
  }
  const bare = BARE_ERROR.exec(message);
  if (bare !== null) {
    const [, kind = "", line = "1"] = bare;
    // protobufjs gives the line where it gave up: the end of the file for a comment, the line for a string.
    const opening = kind === "comment" ? text.lastIndexOf("/*") : text.indexOf('"', lines.lineStart(Number(line)));
    const start = opening >= 0 ? opening : firstNonBlank(masked, lines, Number(line));
    const problem = kind === "comment" || kind === "string" ? `unterminated ${kind}` : `invalid ${kind}`;
    return { start, end: start, message: problem };
  }
  return undefined;
}

/** Errors from building or resolving the reflection tree, which name the element and its parent. */
export function explainProtobufReflectionError(message: string, masked: string): ProtobufProblem | undefined {
  const duplicate = /^duplicate (name|id) '?([^' ]+)'? in (\w+) (\S+)$/.exec(message);
  if (duplicate !== null) {
    const [, kind, subject = "", parentKind, parent = ""] = duplicate;
    const from = parentKind === "Root" ? 0 : (findDeclaration(masked, parent)?.end ?? 0);
    const span = kind === "id" ? findNumber(masked, subject, from, 1) : findWord(masked, subject, from, 1);
    const what = kind === "id" ? `number ${subject}` : `name '${subject}'`;
    return {
      ...(span ?? { start: from, end: from }),
      message: `${what} is used twice in ${describeParent(parentKind, parent)}`,
    };
  }
  const unresolved = /^no such Type or Enum '(.+)' in Type (\S+)$/.exec(message);
  if (unresolved !== null) {
    const [, name = "", parent = ""] = unresolved;
    const from = findDeclaration(masked, parent)?.end ?? 0;
    const span = findWord(masked, name, from) ?? findWord(masked, name.slice(name.lastIndexOf(".") + 1), from);
    return { ...(span ?? { start: from, end: from }), message: `unknown type '${name}' in message ${trimDot(parent)}` };
  }
  return undefined;
}

/** The declaration of a message, enum, service or oneof by (possibly qualified) name. */
export function findDeclaration(masked: string, qualified: string): TextSpan | undefined {
  const name = qualified.slice(qualified.lastIndexOf(".") + 1);
  const match = new RegExp(`\\b(?:message|enum|service|oneof)\\s+(${name.replace(/\W/g, "\\$&")})\\b`).exec(masked);
  if (match === null) return undefined;
  const start = match.index + match[0].length - name.length;
  return { start, end: start + name.length };
}

/** The nth `= number` assignment after `from`; the span is the number. */
export function findNumber(masked: string, value: string, from: number, nth = 0): TextSpan | undefined {
  const pattern = new RegExp(`=\\s*(${value.replace(/\W/g, "\\$&")})(?![0-9A-Za-z_])`, "g");
  pattern.lastIndex = from;
  let seen = 0;
  for (let match = pattern.exec(masked); match !== null; match = pattern.exec(masked)) {
    if (seen++ === nth) {
      const start = match.index + match[0].length - value.length;
      return { start, end: start + value.length };
    }
  }
  return undefined;
}

function tokenOnLine(masked: string, lines: LineIndex, line: number, token: string): TextSpan {
  if (token === "null" || line > lines.lineCount) return { start: masked.length, end: masked.length };
  const start = lines.lineStart(line);
  const text = masked.slice(start, lines.lineEnd(line));
  const word = findWord(text, token);
  const at = word?.start ?? text.indexOf(token);
  if (at < 0 || token === "") {
    const first = firstNonBlank(masked, lines, line);
    return { start: first, end: first };
  }
  return { start: start + at, end: start + at + token.length };
}

function firstNonBlank(masked: string, lines: LineIndex, line: number): number {
  const start = lines.lineStart(line);
  const offset = masked.slice(start, lines.lineEnd(line)).search(/\S/);
  return offset < 0 ? start : start + offset;
}

function describeParent(kind = "", name: string): string {
  if (kind === "Root") return "the file";
  return `${kind === "Type" ? "message" : kind.toLowerCase()} ${trimDot(name)}`;
}

function trimDot(name: string): string {
  return name.replace(/^\./, "");
}
