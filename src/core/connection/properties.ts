/**
 * A parser for Java `.properties` text following `java.util.Properties.load` exactly, so a `--command-config` file
 * written for `kafka-topics.sh --command-config` means the same thing to kgov:
 *
 * - a logical line is one or more natural lines (`\n`, `\r` or `\r\n`); a line ending in an odd number of backslashes
 *   continues on the next, whose leading whitespace is dropped;
 * - blank lines, and lines whose first non-blank character is `#` or `!`, are ignored (a comment never continues);
 * - the key runs to the first unescaped `=`, `:` or whitespace; whitespace around one `=` or `:` is skipped; the value
 *   is the rest of the line, trailing whitespace included;
 * - escapes `\t \n \r \f \uXXXX` are decoded, and a backslash before any other character is dropped;
 * - a repeated key keeps its last value.
 *
 * One deliberate difference: Java reads the bytes as ISO-8859-1, kgov's caller passes text decoded as UTF-8.
 */
export interface PropertyEntry {
  readonly key: string;
  readonly value: string;
  /** 1-based line and column where the key starts. */
  readonly line: number;
  readonly column: number;
}

export interface PropertiesProblem {
  readonly line: number;
  readonly column: number;
  /** Key of the entry, when it could be decoded; never the value. */
  readonly key?: string;
  readonly message: string;
}

export interface ParsedProperties {
  /** In file order, last occurrence of a key wins (its position is the last one). */
  readonly entries: ReadonlyMap<string, PropertyEntry>;
  readonly problems: readonly PropertiesProblem[];
}

interface LogicalLine {
  readonly chars: string;
  /** Line and column of each character of `chars` in the original text. */
  readonly positions: readonly { line: number; column: number }[];
}

function isBlank(c: string): boolean {
  return c === " " || c === "\t" || c === "\f";
}

/** Splits text into logical lines, dropping comments, blank lines and continuation backslashes. */
function logicalLines(text: string): LogicalLine[] {
  const lines: LogicalLine[] = [];
  let i = 0;
  let line = 1;
  let column = 1;
  const n = text.length;

  const advance = (): string => {
    const c = text[i++] as string;
    if (c === "\n" || (c === "\r" && text[i] !== "\n")) {
      line++;
      column = 1;
    } else if (c !== "\r") {
      column++;
    }
    return c;
  };

  while (i < n) {
    // Start of a logical line: skip leading blanks.
    while (i < n && isBlank(text[i] as string)) advance();
    if (i >= n) break;
    const first = text[i] as string;
    if (first === "\n" || first === "\r") {
      advance();
      continue;
    }
    if (first === "#" || first === "!") {
      while (i < n && text[i] !== "\n" && text[i] !== "\r") advance();
      continue;
    }
    let chars = "";
    const positions: { line: number; column: number }[] = [];
    let precedingBackslash = false;
    while (i < n) {
      const c = text[i] as string;
      if (c === "\n" || c === "\r") {
        if (!precedingBackslash) {
          advance();
          break;
        }
        // Continuation: drop the backslash and the line break, then the next line's leading blanks.
        chars = chars.slice(0, -1);
        positions.pop();
        advance();
        if (c === "\r" && text[i] === "\n") advance();
        while (i < n && isBlank(text[i] as string)) advance();
        precedingBackslash = false;
        continue;
      }
      precedingBackslash = c === "\\" ? !precedingBackslash : false;
      positions.push({ line, column });
      chars += c;
      advance();
    }
    if (precedingBackslash) {
      // A backslash before the end of the text continues onto nothing; Java drops it.
      chars = chars.slice(0, -1);
      positions.pop();
    }
    lines.push({ chars, positions });
  }
  return lines;
}

type Decoded = { ok: true; text: string } | { ok: false; offset: number };

/** Decodes escapes in `s`; reports the offset of a malformed `\uXXXX`. */
function decode(s: string): Decoded {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c !== "\\") {
      out += c;
      continue;
    }
    const next = s[++i];
    if (next === undefined) break;
    switch (next) {
      case "t":
        out += "\t";
        break;
      case "n":
        out += "\n";
        break;
      case "r":
        out += "\r";
        break;
      case "f":
        out += "\f";
        break;
      case "u": {
        const hex = s.slice(i + 1, i + 5);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) return { ok: false, offset: i - 1 };
        out += String.fromCharCode(parseInt(hex, 16));
        i += 4;
        break;
      }
      default:
        out += next;
    }
  }
  return { ok: true, text: out };
}

export function parseProperties(text: string): ParsedProperties {
  const entries = new Map<string, PropertyEntry>();
  const problems: PropertiesProblem[] = [];
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;

  for (const { chars, positions } of logicalLines(body)) {
    const limit = chars.length;
    let keyLen = 0;
    let valueStart = limit;
    let hasSeparator = false;
    let precedingBackslash = false;
    while (keyLen < limit) {
      const c = chars[keyLen] as string;
      if ((c === "=" || c === ":") && !precedingBackslash) {
        valueStart = keyLen + 1;
        hasSeparator = true;
        break;
      }
      if (isBlank(c) && !precedingBackslash) {
        valueStart = keyLen + 1;
        break;
      }
      precedingBackslash = c === "\\" ? !precedingBackslash : false;
      keyLen++;
    }
    while (valueStart < limit) {
      const c = chars[valueStart] as string;
      if (!isBlank(c)) {
        if (!hasSeparator && (c === "=" || c === ":")) hasSeparator = true;
        else break;
      }
      valueStart++;
    }
    const at = positions[0] ?? { line: 1, column: 1 };
    const key = decode(chars.slice(0, keyLen));
    if (!key.ok) {
      const pos = positions[key.offset] ?? at;
      problems.push({ ...pos, message: "malformed \\uXXXX escape in a key" });
      continue;
    }
    const value = decode(chars.slice(valueStart));
    if (!value.ok) {
      const pos = positions[valueStart + value.offset] ?? at;
      problems.push({ ...pos, key: key.text, message: `malformed \\uXXXX escape in the value of "${key.text}"` });
      continue;
    }
    entries.delete(key.text);
    entries.set(key.text, { key: key.text, value: value.text, line: at.line, column: at.column });
  }
  return { entries, problems };
}
