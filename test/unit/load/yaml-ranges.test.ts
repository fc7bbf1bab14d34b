/** Where `ParsedYaml.rangeOf` points, for both parsers (the plain fast path and `yaml` for anything else). */
import { describe, expect, it } from "vitest";
import { parseYaml } from "../../../src/core/load/parse-yaml.js";

const PLAIN = ["topics:", "  a.b:", "    partitions: 3", "    config:", "  c.d:", "acls:", "  - x", "  - y", ""].join(
  "\n",
);
// A flow sequence with an anchor sends the file to `yaml`; the places asked about are the same.
const FULL = PLAIN.replace("  - y", "  - &y y");

describe.each([
  ["plain fast path", PLAIN],
  ["yaml", FULL],
])("rangeOf (%s)", (_, text) => {
  const file = parseYaml({ path: "k.yaml", text }).file!;
  const start = (path: (string | number)[], part?: "key" | "value") => file.rangeOf(path, part).start;

  it("points at a value, or at its key when asked for the key", () => {
    expect(start(["topics", "a.b", "partitions"])).toEqual({ line: 3, column: 17 });
    expect(start(["topics", "a.b", "partitions"], "key")).toEqual({ line: 3, column: 5 });
    expect(start(["acls", 0])).toEqual({ line: 7, column: 5 });
  });

  it("points at the nearest thing there is when the path goes further than the file", () => {
    expect(start(["topics", "a.b", "retention"])).toEqual({ line: 3, column: 5 });
    expect(start(["acls", 5])).toEqual({ line: 7, column: 3 });
    expect(start(["topics", "a.b", "partitions", "deeper"])).toEqual({ line: 3, column: 17 });
    expect(start(["topics", "c.d", "partitions"])).toEqual({ line: 5, column: 7 });
  });
});
