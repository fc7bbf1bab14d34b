/**
 * A parser for the value of Kafka's `sasl.jaas.config`, e.g.
 *
 *   org.apache.kafka.common.security.scram.ScramLoginModule required username="alice" password="s3cr\"t";
 *
 * It follows the grammar of Kafka's `org.apache.kafka.common.security.JaasConfig` (a java.io.StreamTokenizer): one
 * login module class, a control flag (required, requisite, sufficient, optional), then `name=value` options where a
 * value is a quoted string (`"` or `'`, with backslash escapes) or a bare word, terminated by `;`. `//` and `/* *\/`
 * comments are skipped. Kafka allows exactly one login module in `sasl.jaas.config`.
 *
 * The text holds a password, so problems are reported by position only: no message ever quotes any of the input.
 */
export interface JaasConfig {
  readonly loginModule: string;
  readonly controlFlag: "required" | "requisite" | "sufficient" | "optional";
  readonly options: ReadonlyMap<string, string>;
}

export type JaasResult = { ok: true; config: JaasConfig } | { ok: false; message: string };

export const PLAIN_LOGIN_MODULE = "org.apache.kafka.common.security.plain.PlainLoginModule";
export const SCRAM_LOGIN_MODULE = "org.apache.kafka.common.security.scram.ScramLoginModule";

type Token =
  | { kind: "word"; text: string; offset: number }
  | { kind: "quoted"; text: string; offset: number }
  | { kind: "symbol"; text: string; offset: number };

type TokenizeResult = { ok: true; tokens: Token[] } | { ok: false; message: string };

const SYMBOLS = new Set(["=", ";", "{", "}"]);

function isSpace(c: string): boolean {
  return c <= " ";
}

/** Characters that end a bare word. */
function endsWord(c: string): boolean {
  return isSpace(c) || SYMBOLS.has(c) || c === '"' || c === "'";
}

const SIMPLE_ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", b: "\b", f: "\f", a: "\x07", v: "\v" };

function tokenize(text: string): TokenizeResult {
  const tokens: Token[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i] as string;
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === "/" && text[i + 1] === "/") {
      while (i < n && text[i] !== "\n" && text[i] !== "\r") i++;
      continue;
    }
    if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      if (end < 0) return { ok: false, message: `unterminated /* comment at character ${i + 1}` };
      i = end + 2;
      continue;
    }
    if (SYMBOLS.has(c)) {
      tokens.push({ kind: "symbol", text: c, offset: i });
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      const start = i;
      let value = "";
      i++;
      let closed = false;
      while (i < n) {
        const d = text[i] as string;
        if (d === c) {
          closed = true;
          i++;
          break;
        }
        if (d === "\n" || d === "\r") break; // StreamTokenizer ends a quoted string at a line break.
        if (d === "\\" && i + 1 < n) {
          const e = text[i + 1] as string;
          const simple = SIMPLE_ESCAPES[e];
          if (simple !== undefined) {
            value += simple;
            i += 2;
          } else if (e >= "0" && e <= "7") {
            // Octal escape, up to three digits (at most \377), as in StreamTokenizer.
            let digits = e;
            let j = i + 2;
            const maxLen = e <= "3" ? 3 : 2;
            while (digits.length < maxLen && j < n && (text[j] as string) >= "0" && (text[j] as string) <= "7") {
              digits += text[j];
              j++;
            }
            value += String.fromCharCode(parseInt(digits, 8));
            i = j;
          } else {
            value += e;
            i += 2;
          }
          continue;
        }
        value += d;
        i++;
      }
      if (!closed) return { ok: false, message: `unterminated quoted string starting at character ${start + 1}` };
      tokens.push({ kind: "quoted", text: value, offset: start });
      continue;
    }
    const start = i;
    while (i < n && !endsWord(text[i] as string) && !(text[i] === "/" && (text[i + 1] === "/" || text[i + 1] === "*")))
      i++;
    tokens.push({ kind: "word", text: text.slice(start, i), offset: start });
  }
  return { ok: true, tokens };
}

const CONTROL_FLAGS = ["required", "requisite", "sufficient", "optional"] as const;
const CLASS_NAME = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;
const OPTION_NAME = /^[A-Za-z_$][\w$.-]*$/;

function at(token: Token | undefined, text: string): string {
  return token ? `character ${token.offset + 1}` : `the end (character ${text.length + 1})`;
}

export function parseJaasConfig(text: string): JaasResult {
  const tokenized = tokenize(text);
  if (!tokenized.ok) return tokenized;
  const tokens = tokenized.tokens;
  if (tokens.length === 0) return { ok: false, message: "it is empty" };

  let i = 0;
  const moduleToken = tokens[i++];
  if (!moduleToken || moduleToken.kind !== "word" || !CLASS_NAME.test(moduleToken.text)) {
    return { ok: false, message: "it must start with a login module class name" };
  }
  const loginModule = moduleToken.text;
  const flagToken = tokens[i++];
  const flag = flagToken?.kind === "word" ? flagToken.text.toLowerCase() : undefined;
  const controlFlag = CONTROL_FLAGS.find((f) => f === flag);
  if (!controlFlag) {
    return {
      ok: false,
      message: `expected a control flag (required, requisite, sufficient or optional) after the login module class name, at ${at(flagToken, text)}`,
    };
  }

  const options = new Map<string, string>();
  for (;;) {
    const token = tokens[i++];
    if (!token) return { ok: false, message: `missing ";" at the end (character ${text.length + 1})` };
    if (token.kind === "symbol" && token.text === ";") break;
    if (token.kind !== "word" || !OPTION_NAME.test(token.text)) {
      return { ok: false, message: `expected an option name at ${at(token, text)}` };
    }
    // A misplaced word may be the tail of an unquoted password, so not even option names are quoted.
    const name = `the option name at ${at(token, text)}`;
    const equals = tokens[i++];
    if (!equals || equals.kind !== "symbol" || equals.text !== "=") {
      return { ok: false, message: `expected "=" after ${name}, at ${at(equals, text)}` };
    }
    const value = tokens[i++];
    if (!value || value.kind === "symbol") {
      return { ok: false, message: `missing value for ${name}, at ${at(value, text)}` };
    }
    options.set(token.text, value.text);
  }
  if (i < tokens.length) {
    return {
      ok: false,
      message: `sasl.jaas.config must contain exactly one login module; more text follows the ";" at ${at(tokens[i], text)}`,
    };
  }
  return { ok: true, config: { loginModule, controlFlag, options } };
}
