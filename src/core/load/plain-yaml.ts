/**
 * A fast path for the plain YAML that desired-state files are made of: block mappings and sequences, one-line flow
 * collections, plain and simple quoted scalars, comments at column 1. The `yaml` package parses ~2 MB/s, too slow
 * for estates with tens of thousands of ACL entries; this reads the same files ~20× faster.
 *
 * It returns undefined for anything outside that subset (anchors, tags, multi-line or block scalars, empty values,
 * indented comment lines, duplicate keys, errors of any kind…) and the caller then parses with `yaml`, so every
 * diagnostic still comes from `yaml`. Values and ranges must equal `yaml`'s exactly (`yaml-fast-path.test.ts`).
 */

/**
 * Where each node of a file lies: offsets as YAML's `range[0]` and `range[1]` (two fields rather than an array: a
 * large estate has hundreds of thousands of nodes), mappings indexed by key.
 */
export interface Located {
  readonly start?: number;
  readonly end?: number;
  /** A mapping's entries by key text, the first pair winning as in `Array.find`. */
  readonly entries?: ReadonlyMap<string, { readonly key?: Located; readonly value?: Located }>;
  readonly items?: readonly (Located | undefined)[];
}

interface Parsed {
  value: unknown;
  node: Located;
  /** YAML's `range[2]`: the value's end including its trailing comment and newline. */
  end: number;
}

const NO_ENTRIES: Map<string, { key: Located; value: Located }> = new Map();
const NO_ITEMS: Located[] = [];

/** Thrown to leave the fast path; never escapes parsePlainYaml. */
const BAIL = Symbol("bail");

/** Collections nested deeper than this go to `yaml`; below YAML_LIMITS.maxDepth, which then needs no second check. */
export const MAX_NESTING = 60;

const SPACE = 32;
const NEWLINE = 10;
const HASH = 35;
const COLON = 58;
/** `[ ] { } ,` as character codes. */
const FLOW_INDICATORS = new Set([91, 93, 123, 125, 44]);
const DASH = 45;
const OPEN_BRACKET = 91;
const OPEN_BRACE = 123;
/** Characters that may not start a plain scalar in this subset (YAML indicators, quotes handled separately). */
const INDICATORS = new Set("-?:,[]{}#&*!|>'\"%@`");

// The core schema's scalar tests, in `yaml`'s order. Octal, hex, .inf/.nan and exponents are left to `yaml`.
const NULL = /^(?:~|[Nn]ull|NULL)$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT = /^[-+]?[0-9]+$/;
const PLAIN_STRING_START = /^[A-EG-MO-SU-Za-eg-mo-su-z_]/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;
const OTHER_NUMBER =
  /^(?:0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+)$/;

function bail(): never {
  throw BAIL;
}

class Reader {
  pos = 0;
  depth = 0;
  constructor(
    readonly text: string,
    readonly resolveInt: (source: string) => unknown,
    /** false: build no index of nodes (values only); most files are never asked where something is. */
    readonly positions: boolean,
  ) {}

  /** Moves to the start of the next line holding content and returns its indent, or -1 at the end of the text. */
  nextContentLine(): number {
    const { text } = this;
    // Already on a content line: an inner block stopped at it.
    if (this.pos > 0 && this.pos < text.length && text.charCodeAt(this.pos - 1) !== NEWLINE) return this.column();
    for (;;) {
      if (this.pos >= text.length) return -1;
      let i = this.pos;
      while (text.charCodeAt(i) === SPACE) i++;
      const c = text.charCodeAt(i);
      if (i >= text.length) {
        this.pos = i;
        return -1;
      }
      if (c === NEWLINE || (c === HASH && i === this.pos)) {
        const nl = text.indexOf("\n", i);
        this.pos = nl < 0 ? text.length : nl + 1;
        continue;
      }
      // An indented comment line can belong to the previous value's range in `yaml`; not worth modelling.
      if (c === HASH) bail();
      const indent = i - this.pos;
      this.pos = i;
      return indent;
    }
  }

  /** After a value: optional spaces and ` # comment`, then the end of the line. Returns YAML's `range[2]`. */
  lineEnd(): number {
    const { text } = this;
    let i = this.pos;
    while (text.charCodeAt(i) === SPACE) i++;
    if (i < text.length && text.charCodeAt(i) !== NEWLINE) {
      if (text.charCodeAt(i) !== HASH || i === this.pos) bail();
      i = text.indexOf("\n", i);
      if (i < 0) i = text.length;
    }
    this.pos = i < text.length ? i + 1 : i;
    return this.pos;
  }

  /** The column of the current position. */
  column(): number {
    return this.pos - (this.text.lastIndexOf("\n", this.pos - 1) + 1);
  }

  resolve(source: string): unknown {
    // Every null, boolean and number form starts with one of `~nNtTfF.+-` or a digit; most keys and values do not.
    if (PLAIN_STRING_START.test(source)) return source;
    if (NULL.test(source)) return null;
    if (BOOL.test(source)) return source[0] === "t" || source[0] === "T";
    if (INT.test(source)) return this.resolveInt(source);
    if (FLOAT.test(source)) return parseFloat(source);
    if (OTHER_NUMBER.test(source)) bail();
    return source;
  }

  quoted(): { value: string; start: number; end: number } {
    const { text } = this;
    const start = this.pos;
    const quote = text[start]!;
    const close = text.indexOf(quote, start + 1);
    if (close < 0) bail();
    const value = text.slice(start + 1, close);
    // Escapes, doubled single quotes and line folding change the value; leave them to `yaml`.
    if (value.includes("\n") || (quote === '"' && value.includes("\\")) || text[close + 1] === "'") bail();
    this.pos = close + 1;
    return { value, start, end: close + 1 };
  }

  /** A mapping key on the current line, up to and including its `:`. */
  key(): { name: string; node: Located } {
    const { text } = this;
    const start = this.pos;
    let name: string;
    let end: number;
    const c = text[start]!;
    if (c === '"' || c === "'") {
      ({ value: name, end } = this.quoted());
    } else {
      if (INDICATORS.has(c)) bail();
      end = start;
      for (;;) {
        const ch = text.charCodeAt(end);
        if (end >= text.length || ch === NEWLINE || ch === HASH || FLOW_INDICATORS.has(ch)) bail();
        if (ch === COLON) break;
        end++;
      }
      name = text.slice(start, end);
      if (name.endsWith(" ") || this.resolve(name) !== name) bail();
    }
    // Keys that JS objects or YAML merges treat specially go to `yaml`.
    if (name === "__proto__" || name === "<<") bail();
    if (text.charCodeAt(end) !== COLON) bail();
    const after = text.charCodeAt(end + 1);
    if (after !== SPACE && after !== NEWLINE && end + 1 < text.length) bail();
    this.pos = end + 1;
    return { name, node: { start, end } };
  }

  /** Whether the current line, from the position on, starts with a mapping key. */
  atKey(): boolean {
    const { text } = this;
    const c = text[this.pos]!;
    if (c === '"' || c === "'") {
      const close = text.indexOf(c, this.pos + 1);
      return close > 0 && text.charCodeAt(close + 1) === COLON;
    }
    for (let i = this.pos; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === NEWLINE || (ch === HASH && text.charCodeAt(i - 1) === SPACE)) return false;
      if (ch === COLON) {
        const next = text.charCodeAt(i + 1);
        if (next === SPACE || next === NEWLINE || i + 1 >= text.length) return true;
      }
    }
    return false;
  }

  /** A value written on the current line after `key: ` or `- `. */
  inlineValue(): Parsed {
    const { text } = this;
    const c = text[this.pos]!;
    if (c === "[" || c === "{") {
      const { value, node } = this.flow();
      return { value, node, end: this.lineEnd() };
    }
    if (c === '"' || c === "'") {
      const { value, start, end } = this.quoted();
      return { value, node: { start, end }, end: this.lineEnd() };
    }
    if (INDICATORS.has(c) && !(c === "-" && text.charCodeAt(this.pos + 1) > SPACE)) bail();
    const start = this.pos;
    let i = start;
    for (; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === NEWLINE || (ch === HASH && text.charCodeAt(i - 1) === SPACE)) break;
      if (ch === COLON && (i + 1 >= text.length || text.charCodeAt(i + 1) <= SPACE)) bail();
    }
    let end = i;
    while (text.charCodeAt(end - 1) === SPACE) end--;
    this.pos = end;
    return { value: this.resolve(text.slice(start, end)), node: { start, end }, end: this.lineEnd() };
  }

  /** A flow collection that opens and closes on the current line. */
  flow(): { value: unknown; node: Located } {
    this.enter();
    const { text } = this;
    const start = this.pos;
    const isMap = text[start] === "{";
    const close = isMap ? "}" : "]";
    this.pos++;
    const values: unknown[] = [];
    const items = this.newItems();
    const object: Record<string, unknown> = {};
    const entries = this.newEntries();
    this.skipSpaces();
    if (text[this.pos] === close) {
      this.pos++;
    } else {
      for (;;) {
        if (isMap) {
          const key = this.flowScalar(true);
          if (typeof key.value !== "string" || text[this.pos] !== ":" || text[this.pos + 1] !== " ") bail();
          if (Object.hasOwn(object, key.value) || key.value === "__proto__" || key.value === "<<") bail();
          this.pos++;
          this.skipSpaces();
          const value = this.flowItem();
          object[key.value] = value.value;
          if (this.positions) entries.set(key.value, { key: key.node, value: value.node });
        } else {
          const item = this.flowItem();
          values.push(item.value);
          if (this.positions) items.push(item.node);
        }
        this.skipSpaces();
        const c = text[this.pos];
        this.pos++;
        if (c === close) break;
        if (c !== ",") bail();
        this.skipSpaces();
        // A trailing comma or an empty entry is left to `yaml`.
        if (text[this.pos] === close || text[this.pos] === ",") bail();
      }
    }
    const end = this.pos;
    this.depth--;
    return isMap ? { value: object, node: { start, end, entries } } : { value: values, node: { start, end, items } };
  }

  flowItem(): { value: unknown; node: Located } {
    const c = this.text[this.pos];
    return c === "[" || c === "{" ? this.flow() : this.flowScalar(false);
  }

  /** A scalar inside a flow collection: it ends at `,`, `]`, `}`, or at `: ` for a key. */
  flowScalar(isKey: boolean): { value: unknown; node: Located } {
    const { text } = this;
    const c = text[this.pos]!;
    if (c === '"' || c === "'") {
      const { value, start, end } = this.quoted();
      return { value, node: { start, end } };
    }
    if (
      INDICATORS.has(c) &&
      !(c === "-" && text.charCodeAt(this.pos + 1) > SPACE && !",]}".includes(text[this.pos + 1]!))
    )
      bail();
    const start = this.pos;
    let i = start;
    for (; ; i++) {
      if (i >= text.length) bail();
      const ch = text[i]!;
      if (ch === "\n" || ch === "[" || ch === "{" || (ch === "#" && text[i - 1] === " ")) bail();
      if (ch === "," || ch === "]" || ch === "}") break;
      if (ch === ":") {
        const next = text[i + 1];
        if (next === " " && isKey) break;
        if (next === " " || next === "," || next === "]" || next === "}") bail();
      }
    }
    let end = i;
    while (text.charCodeAt(end - 1) === SPACE) end--;
    if (end === start) bail();
    this.pos = end;
    const source = text.slice(start, end);
    const value = this.resolve(source);
    // A plain key must stay a string: `{1: a}` or `{null: a}` are keyed differently by `yaml`.
    if (isKey && value !== source) bail();
    return { value, node: { start, end } };
  }

  skipSpaces(): void {
    while (this.text.charCodeAt(this.pos) === SPACE) this.pos++;
  }

  /** The block node that starts at the current position, at `indent`. */
  block(indent: number): Parsed {
    return this.atSequenceEntry() ? this.sequence(indent) : this.mapping(indent);
  }

  /**
   * Counts one more level of collections. Deeply nested input is left to `yaml` and the caller's exact depth check,
   * so a value read here is never nested deeper than MAX_NESTING.
   */
  enter(): void {
    if (++this.depth > MAX_NESTING) bail();
  }

  /** Without positions nothing is ever added, so every collection shares one empty index (50,000 fewer Maps). */
  newEntries(): Map<string, { key: Located; value: Located }> {
    return this.positions ? new Map() : NO_ENTRIES;
  }

  newItems(): Located[] {
    return this.positions ? [] : NO_ITEMS;
  }

  atSequenceEntry(): boolean {
    const next = this.text.charCodeAt(this.pos + 1);
    return this.text.charCodeAt(this.pos) === DASH && (next === SPACE || next === NEWLINE);
  }

  mapping(indent: number): Parsed {
    this.enter();
    const start = this.pos;
    const value: Record<string, unknown> = {};
    const entries = this.newEntries();
    let end = start;
    for (;;) {
      const key = this.key();
      if (Object.hasOwn(value, key.name)) bail();
      const afterColon = this.pos;
      this.skipSpaces();
      let item: Parsed;
      const c = this.text.charCodeAt(this.pos);
      if (c === NEWLINE || c === HASH || this.pos >= this.text.length) {
        // The value is a block on the following lines: deeper, or a sequence at the key's own indent.
        this.pos = afterColon;
        this.lineEnd();
        const next = this.nextContentLine();
        if (next > indent) item = this.block(next);
        else if (next === indent && this.atSequenceEntry()) item = this.sequence(indent);
        else bail();
      } else {
        item = this.inlineValue();
      }
      value[key.name] = item.value;
      if (this.positions) entries.set(key.name, { key: key.node, value: item.node });
      end = item.end;
      const next = this.nextContentLine();
      if (next < indent || (next === indent && this.atSequenceEntry())) break;
      if (next > indent) bail();
    }
    this.depth--;
    return { value, node: { start, end, entries }, end };
  }

  sequence(indent: number): Parsed {
    this.enter();
    const start = this.pos;
    const values: unknown[] = [];
    const items = this.newItems();
    let end = start;
    for (;;) {
      if (!this.atSequenceEntry()) bail();
      this.pos++;
      this.skipSpaces();
      const c = this.text.charCodeAt(this.pos);
      if (c === NEWLINE || c === HASH || this.pos >= this.text.length || this.atSequenceEntry()) bail();
      // `- { a: b }` is a flow item, not a key, though its line holds `: `; a flow key (`- [a]: b`) bails in lineEnd.
      const flowItem = c === OPEN_BRACKET || c === OPEN_BRACE;
      const item = !flowItem && this.atKey() ? this.mapping(this.column()) : this.inlineValue();
      values.push(item.value);
      if (this.positions) items.push(item.node);
      end = item.end;
      const next = this.nextContentLine();
      // A key at the sequence's indent ends a sequence written at its parent key's indent.
      if (next < indent || (next === indent && !this.atSequenceEntry())) break;
      if (next > indent) bail();
    }
    this.depth--;
    return { value: values, node: { start, end, items }, end };
  }
}

/**
 * Parses `text` if it stays within the plain subset; `resolveInt` turns a decimal integer's text into its value,
 * as the custom int tag does for `yaml`. With `positions` false the root indexes no nodes (a second call with it true
 * gives the index of the same text).
 */
export function parsePlainYaml(
  text: string,
  resolveInt: (source: string) => unknown,
  positions = true,
): { value: unknown; root: Located } | undefined {
  // Tabs, carriage returns, byte-order marks, directives and document markers all need the full parser.
  if (/[\t\r\uFEFF]|^(?:%|---|\.\.\.)/m.test(text)) return undefined;
  const reader = new Reader(text, resolveInt, positions);
  try {
    const indent = reader.nextContentLine();
    if (indent !== 0) return undefined;
    const top = reader.block(0);
    if (reader.nextContentLine() !== -1) return undefined;
    return { value: top.value, root: top.node };
  } catch (error) {
    if (error === BAIL) return undefined;
    throw error;
  }
}
