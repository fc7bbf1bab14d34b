/**
 * A strict JSON parser (RFC 8259) that keeps the character offsets of every value and key, so problems found later by
 * avsc or ajv can be reported at the line and column of the node in the user's file. Values come out exactly as
 * `JSON.parse` would produce them (a repeated key keeps its last value); repeated keys are also listed.
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Keys into objects and indexes into arrays, from the root down. */
export type JsonPath = readonly (string | number)[];

export interface JsonProperty {
  readonly key: string;
  readonly keyStart: number;
  readonly keyEnd: number;
  readonly node: JsonNode;
}

interface NodeBase {
  readonly value: JsonValue;
  readonly start: number;
  readonly end: number;
}

export type JsonNode =
  | (NodeBase & { readonly kind: "object"; readonly properties: readonly JsonProperty[] })
  | (NodeBase & { readonly kind: "array"; readonly items: readonly JsonNode[] })
  | (NodeBase & { readonly kind: "scalar" });

export interface JsonSyntaxError {
  readonly message: string;
  readonly offset: number;
}

export type JsonParseResult =
  | { readonly ok: true; readonly root: JsonNode; readonly duplicateKeys: readonly JsonProperty[] }
  | { readonly ok: false; readonly error: JsonSyntaxError };

// Deeper documents would exhaust the call stack here or in the schema libraries.
const MAX_DEPTH = 512;

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

// Characters of a string that need no attention: not a quote, not a backslash, not a control character.
const PLAIN_RUN = /[^"\\\u0000-\u001f]*/y;

const LITERALS = [
  ["true", true],
  ["false", false],
  ["null", null],
] as const;

// Character codes the parser dispatches on.
const TAB = 0x09;
const NEWLINE = 0x0a;
const RETURN = 0x0d;
const SPACE = 0x20;
const QUOTE = 0x22; // "
const COMMA = 0x2c;
const MINUS = 0x2d;
const SLASH = 0x2f;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const COLON = 0x3a;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};

class JsonSyntax extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

export function parseJsonWithPositions(text: string): JsonParseResult {
  const parser = new Parser(text);
  try {
    const root = parser.parseDocument();
    return { ok: true, root, duplicateKeys: parser.duplicateKeys };
  } catch (error) {
    if (error instanceof JsonSyntax) return { ok: false, error: { message: error.message, offset: error.offset } };
    throw error;
  }
}

/** The node at `path`, or undefined when the path leaves the document. A repeated key resolves to its last value. */
export function nodeAt(root: JsonNode, path: JsonPath): JsonNode | undefined {
  let node: JsonNode | undefined = root;
  for (const step of path) {
    if (node === undefined) return undefined;
    node = childOf(node, step);
  }
  return node;
}

/** The property whose value is at `path`, to point at a key rather than its value. */
export function propertyAt(root: JsonNode, path: JsonPath): JsonProperty | undefined {
  const parent = nodeAt(root, path.slice(0, -1));
  const key = path[path.length - 1];
  if (parent?.kind !== "object" || typeof key !== "string") return undefined;
  return parent.properties.findLast((p) => p.key === key);
}

function childOf(node: JsonNode, step: string | number): JsonNode | undefined {
  if (node.kind === "object") return node.properties.findLast((p) => p.key === String(step))?.node;
  if (node.kind === "array" && typeof step === "number") return node.items[step];
  return undefined;
}

class Parser {
  private pos = 0;
  readonly duplicateKeys: JsonProperty[] = [];

  constructor(private readonly text: string) {}

  parseDocument(): JsonNode {
    this.skipWhitespace();
    const root = this.parseValue(0);
    this.skipWhitespace();
    if (this.pos < this.text.length) this.fail(`unexpected ${this.describeHere()} after the end of the JSON value`);
    return root;
  }

  private parseValue(depth: number): JsonNode {
    if (depth > MAX_DEPTH) this.fail(`JSON nested deeper than ${MAX_DEPTH} levels`);
    const c = this.text.charCodeAt(this.pos);
    if (c === OPEN_BRACE) return this.parseObject(depth);
    if (c === OPEN_BRACKET) return this.parseArray(depth);
    if (c === QUOTE) {
      const start = this.pos;
      const value = this.parseString();
      return { kind: "scalar", value, start, end: this.pos };
    }
    if (c === MINUS || (c >= DIGIT_0 && c <= DIGIT_9)) return this.parseNumber();
    const literal = LITERALS.find(([word]) => this.text.startsWith(word, this.pos));
    if (literal === undefined) this.fail(`unexpected ${this.describeHere()}, expected a JSON value`);
    const start = this.pos;
    this.pos += literal[0].length;
    return { kind: "scalar", value: literal[1], start, end: this.pos };
  }

  private parseObject(depth: number): JsonNode {
    const start = this.pos++;
    const value: { [key: string]: JsonValue } = {};
    const properties: JsonProperty[] = [];
    this.skipWhitespace();
    if (this.text.charCodeAt(this.pos) !== CLOSE_BRACE) {
      for (;;) {
        if (this.text.charCodeAt(this.pos) !== QUOTE)
          this.fail(`unexpected ${this.describeHere()}, expected a property name in double quotes`);
        const keyStart = this.pos;
        const key = this.parseString();
        const keyEnd = this.pos;
        this.skipWhitespace();
        this.expect(COLON, "':' after a property name");
        this.skipWhitespace();
        const node = this.parseValue(depth + 1);
        const property = { key, keyStart, keyEnd, node };
        if (Object.hasOwn(value, key)) this.duplicateKeys.push(property);
        properties.push(property);
        // Assigning "__proto__" would change the prototype instead of adding a key, as JSON.parse does.
        if (key === "__proto__")
          Object.defineProperty(value, key, {
            value: node.value,
            enumerable: true,
            writable: true,
            configurable: true,
          });
        else value[key] = node.value;
        this.skipWhitespace();
        if (this.text.charCodeAt(this.pos) === CLOSE_BRACE) break;
        const comma = this.pos;
        this.expect(COMMA, "',' or '}' after a property value");
        this.skipWhitespace();
        if (this.text.charCodeAt(this.pos) === CLOSE_BRACE)
          this.fail("trailing comma before '}' is not allowed in JSON", comma);
      }
    }
    this.pos++;
    return { kind: "object", value, properties, start, end: this.pos };
  }

  private parseArray(depth: number): JsonNode {
    const start = this.pos++;
    const items: JsonNode[] = [];
    const value: JsonValue[] = [];
    this.skipWhitespace();
    if (this.text.charCodeAt(this.pos) !== CLOSE_BRACKET) {
      for (;;) {
        const item = this.parseValue(depth + 1);
        items.push(item);
        value.push(item.value);
        this.skipWhitespace();
        if (this.text.charCodeAt(this.pos) === CLOSE_BRACKET) break;
        const comma = this.pos;
        this.expect(COMMA, "',' or ']' after an array element");
        this.skipWhitespace();
        if (this.text.charCodeAt(this.pos) === CLOSE_BRACKET)
          this.fail("trailing comma before ']' is not allowed in JSON", comma);
      }
    }
    this.pos++;
    return { kind: "array", value, items, start, end: this.pos };
  }

  private parseString(): string {
    const start = this.pos++;
    let result = "";
    for (;;) {
      // Most strings have no escapes: take the plain run in one slice.
      PLAIN_RUN.lastIndex = this.pos;
      PLAIN_RUN.test(this.text);
      result += this.text.slice(this.pos, PLAIN_RUN.lastIndex);
      this.pos = PLAIN_RUN.lastIndex;
      const c = this.text.charCodeAt(this.pos);
      if (Number.isNaN(c)) this.fail("unterminated string", start);
      if (c === QUOTE) break;
      if (c < SPACE) this.fail("control character inside a string must be escaped");
      const escape = this.text[this.pos + 1];
      if (escape === "u") {
        const hex = this.text.slice(this.pos + 2, this.pos + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail("invalid \\u escape, expected four hex digits");
        result += String.fromCharCode(parseInt(hex, 16));
        this.pos += 6;
      } else if (escape !== undefined && ESCAPES[escape] !== undefined) {
        result += ESCAPES[escape];
        this.pos += 2;
      } else {
        this.fail(`invalid escape '\\${escape ?? ""}' in string`);
      }
    }
    this.pos++;
    return result;
  }

  private parseNumber(): JsonNode {
    const start = this.pos;
    NUMBER.lastIndex = start;
    const match = NUMBER.exec(this.text);
    if (match === null) this.fail("invalid number");
    this.pos += match[0].length;
    if (/^[0-9.eE+-]/.test(this.text[this.pos] ?? "")) this.fail("invalid number", start);
    return { kind: "scalar", value: Number(match[0]), start, end: this.pos };
  }

  private skipWhitespace(): void {
    for (;;) {
      const c = this.text.charCodeAt(this.pos);
      if (c === SPACE || c === TAB || c === NEWLINE || c === RETURN) this.pos++;
      else if (c === SLASH && (this.text[this.pos + 1] === "/" || this.text[this.pos + 1] === "*"))
        this.fail("comments are not allowed in JSON");
      else return;
    }
  }

  private expect(token: number, expected: string): void {
    if (this.text.charCodeAt(this.pos) !== token) this.fail(`unexpected ${this.describeHere()}, expected ${expected}`);
    this.pos++;
  }

  private describeHere(): string {
    const c = this.text[this.pos];
    if (c === undefined) return "end of file";
    const code = c.codePointAt(0) as number;
    return code < 0x20 || code === 0x7f
      ? `character U+${code.toString(16).toUpperCase().padStart(4, "0")}`
      : JSON.stringify(c);
  }

  private fail(message: string, offset = this.pos): never {
    throw new JsonSyntax(message, offset);
  }
}
