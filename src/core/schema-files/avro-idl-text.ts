/**
 * Text helpers for Avro IDL: avsc's IDL reader returns JSON without positions, so problems found afterwards are
 * located by searching the source for the names they mention, skipping comments and string literals.
 */
export interface TextSpan {
  readonly start: number;
  readonly end: number;
}

export interface IdlImport extends TextSpan {
  readonly kind: string;
  /** The imported path as written between the quotes. */
  readonly file: string;
}

/** The text with comments blanked and string contents blanked (quotes kept); offsets and line breaks unchanged. */
export function maskIdl(text: string): string {
  let masked = "";
  let i = 0;
  const blank = (s: string): string => s.replace(/[^\r\n]/g, " ");
  while (i < text.length) {
    const c = text[i];
    if (c === "/" && text[i + 1] === "/") {
      const end = text.slice(i).search(/[\r\n]/);
      const stop = end < 0 ? text.length : i + end;
      masked += blank(text.slice(i, stop));
      i = stop;
    } else if (c === "/" && text[i + 1] === "*") {
      const close = text.indexOf("*/", i + 2);
      const stop = close < 0 ? text.length : close + 2;
      masked += blank(text.slice(i, stop));
      i = stop;
    } else if (c === '"') {
      let stop = i + 1;
      while (stop < text.length && text[stop] !== '"' && text[stop] !== "\n") stop += text[stop] === "\\" ? 2 : 1;
      stop = Math.min(stop, text.length);
      masked += `"${blank(text.slice(i + 1, stop))}${stop < text.length && text[stop] === '"' ? '"' : ""}`;
      i = stop < text.length && text[stop] === '"' ? stop + 1 : stop;
    } else {
      masked += c;
      i++;
    }
  }
  return masked;
}

const IDENTIFIER_CHAR = /[A-Za-z0-9_`.]/;

/** The nth (0-based) occurrence of `word` as a whole identifier at or after `from`. */
export function findWord(masked: string, word: string, from = 0, nth = 0): TextSpan | undefined {
  let seen = 0;
  for (let at = masked.indexOf(word, from); at >= 0 && word !== ""; at = masked.indexOf(word, at + 1)) {
    const before = masked[at - 1] ?? " ";
    const after = masked[at + word.length] ?? " ";
    if (IDENTIFIER_CHAR.test(before) || IDENTIFIER_CHAR.test(after)) continue;
    if (seen++ === nth) return { start: at, end: at + word.length };
  }
  return undefined;
}

/** The nth declaration of a record, error, enum or fixed type with this (short) name; the span is the name. */
export function findDeclaration(masked: string, name: string, nth = 0): TextSpan | undefined {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const pattern = new RegExp(`\\b(?:record|error|enum|fixed)\\s+\`?(${escaped})\`?(?![A-Za-z0-9_])`, "g");
  let seen = 0;
  for (const match of masked.matchAll(pattern)) {
    if (seen++ === nth) {
      const start = (match.index as number) + match[0].lastIndexOf(name);
      return { start, end: start + name.length };
    }
  }
  return undefined;
}

export function findImports(text: string, masked: string): IdlImport[] {
  const imports: IdlImport[] = [];
  for (const match of masked.matchAll(/\bimport\s+(idl|protocol|schema)\s*("[^"\n]*")?\s*;?/g)) {
    const start = match.index as number;
    const quoted =
      match[2] === undefined ? "" : text.slice(start + match[0].indexOf('"') + 1, start + match[0].lastIndexOf('"'));
    imports.push({ kind: match[1] as string, file: quoted, start, end: start + match[0].trimEnd().length });
  }
  return imports;
}
