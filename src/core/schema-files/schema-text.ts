import type { Diagnostic } from "../diagnostics/index.js";
import { schemaProblem } from "./schema-diagnostic.js";
import { LineIndex } from "./text-position.js";

export interface CheckedText {
  /** The text without a leading byte-order mark, which editors do not count as a column. */
  readonly text: string;
  readonly lines: LineIndex;
  /** Empty, binary or undecodable input; the file cannot be parsed further. */
  readonly problem?: Diagnostic;
}

// NUL never appears in a text schema; U+FFFD is what a UTF-8 decoder puts in place of invalid bytes.
const NOT_TEXT = /[\u0000\uFFFD]/;

export function checkSchemaText(file: string, raw: string): CheckedText {
  const text = raw.startsWith("\uFEFF") ? raw.slice(1) : raw;
  const lines = new LineIndex(text);
  if (text.trim() === "") {
    return {
      text,
      lines,
      problem: schemaProblem("schema/empty", "the schema file is empty", lines.range(file, 0), {
        fix: "Write the schema into the file, or remove the reference to it",
      }),
    };
  }
  const bad = NOT_TEXT.exec(text);
  if (bad !== null) {
    const what = bad[0] === "\u0000" ? "a NUL character (binary data)" : "bytes that are not valid UTF-8";
    return {
      text,
      lines,
      problem: schemaProblem("schema/not-text", `the schema file contains ${what}`, lines.range(file, bad.index), {
        why: "Schema files are read as UTF-8 text",
        fix: "Point the reference at the schema's source file and save it as UTF-8",
      }),
    };
  }
  return { text, lines };
}
