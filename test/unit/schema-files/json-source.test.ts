import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nodeAt, parseJsonWithPositions, propertyAt } from "../../../src/core/schema-files/json-source.js";

describe("parseJsonWithPositions", () => {
  it("produces the same values as JSON.parse for any JSON text", () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        const result = parseJsonWithPositions(text);
        expect(result.ok && result.root.value).toEqual(JSON.parse(text));
      }),
    );
  });

  it("rejects whatever JSON.parse rejects", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        expect(parseJsonWithPositions(text).ok).toBe(valid);
      }),
      { numRuns: 1000 },
    );
  });

  it("keeps the offsets of values and keys", () => {
    const text = '{\n  "a": [1, {"b": true}],\n  "c": "x"\n}';
    const result = parseJsonWithPositions(text);
    if (!result.ok) throw new Error(result.error.message);
    const b = nodeAt(result.root, ["a", 1, "b"]);
    expect(b && text.slice(b.start, b.end)).toBe("true");
    const c = propertyAt(result.root, ["c"]);
    expect(c && text.slice(c.keyStart, c.keyEnd)).toBe('"c"');
    expect(nodeAt(result.root, ["a", 5])).toBeUndefined();
  });

  it("adds __proto__ as an ordinary key, as JSON.parse does", () => {
    const result = parseJsonWithPositions('{"__proto__": {"polluted": true}}');
    expect(result.ok && Object.keys(result.root.value as object)).toEqual(["__proto__"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ['{"a": 1,}', 7, "trailing comma before '}' is not allowed in JSON"],
    ["[1 2]", 3, "unexpected \"2\", expected ',' or ']' after an array element"],
    ['{"a" 1}', 5, "unexpected \"1\", expected ':' after a property name"],
    ["{'a': 1}", 1, 'unexpected "\'", expected a property name in double quotes'],
    ['"abc', 0, "unterminated string"],
    ["01", 0, "invalid number"],
    ['"\\x"', 1, "invalid escape '\\x' in string"],
    ["", 0, "unexpected end of file, expected a JSON value"],
  ])("reports %j at offset %i", (text, offset, message) => {
    expect(parseJsonWithPositions(text)).toEqual({ ok: false, error: { message, offset } });
  });
});
