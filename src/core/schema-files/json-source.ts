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
    const c = this.text[this.pos];
    if (c === "{") return this.parseObject(depth);
    if (c === "[") return this.parseArray(depth);
    if (c === '"') {
      const start = this.pos;
      const value = this.parseString();
      return { kind: "scalar", value, start, end: this.pos };
    }
    if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) return this.parseNumber();
    for (const [word, value] of [
      ["true", true],
      ["false", false],
      ["null", null],
    ] as const) {
      if (this.text.startsWith(word, this.pos)) {
        const start = this.pos;
        this.pos += word.length;
        return { kind: "scalar", value, start, end: this.pos };
      }
    }
    this.fail(`unexpected ${this.describeHere()}, expected a JSON value`);
  }

  private parseObject(depth: number): JsonNode {
    const start = this.pos++;
    const value: { [key: string]: JsonValue } = {};
    const properties: JsonProperty[] = [];
    const seen = new Set<string>();
    this.skipWhitespace();
    if (this.text[this.pos] !== "}") {
      for (;;) {
        if (this.text[this.pos] !== '"')
          this.fail(`unexpected ${this.describeHere()}, expected a property name in double quotes`);
        const keyStart = this.pos;
        const key = this.parseString();
        const keyEnd = this.pos;
        this.skipWhitespace();
        this.expect(":", "after a property name");
        this.skipWhitespace();
        const node = this.parseValue(depth + 1);
        const property = { key, keyStart, keyEnd, node };
        if (seen.has(key)) this.duplicateKeys.push(property);
        seen.add(key);
        properties.push(property);
        // defineProperty, because assigning "__proto__" would change the prototype instead of adding a key.
        Object.defineProperty(value, key, { value: node.value, enumerable: true, writable: true, configurable: true });
        this.skipWhitespace();
        if (this.text[this.pos] === "}") break;
        const comma = this.pos;
        this.expect(",", "or '}' after a property value");
        this.skipWhitespace();
        if (this.text[this.pos] === "}") this.fail("trailing comma before '}' is not allowed in JSON", comma);
      }
    }
    this.pos++;
    return { kind: "object", value, properties, start, end: this.pos };
  }

  private parseArray(depth: number): JsonNode {
    const start = this.pos++;
    const items: JsonNode[] = [];
    this.skipWhitespace();
    if (this.text[this.pos] !== "]") {
      for (;;) {
        items.push(this.parseValue(depth + 1));
        this.skipWhitespace();
        if (this.text[this.pos] === "]") break;
        const comma = this.pos;
        this.expect(",", "or ']' after an array element");
        this.skipWhitespace();
        if (this.text[this.pos] === "]") this.fail("trailing comma before ']' is not allowed in JSON", comma);
      }
    }
    this.pos++;
    return { kind: "array", value: items.map((item) => item.value), items, start, end: this.pos };
  }

  private parseString(): string {
    const start = this.pos++;
    let result = "";
    for (;;) {
      const c = this.text[this.pos];
      if (c === undefined) this.fail("unterminated string", start);
      if (c === '"') break;
      if (c < " ") this.fail("control character inside a string must be escaped");
      if (c !== "\\") {
        result += c;
        this.pos++;
        continue;
      }
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
      const c = this.text[this.pos];
      if (c === " " || c === "\t" || c === "\n" || c === "\r") this.pos++;
      else if (c === "/" && (this.text[this.pos + 1] === "/" || this.text[this.pos + 1] === "*"))
        this.fail("comments are not allowed in JSON");
      else return;
    }
  }

  private expect(token: string, context: string): void {
    if (this.text[this.pos] !== token) this.fail(`unexpected ${this.describeHere()}, expected '${token}' ${context}`);
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
