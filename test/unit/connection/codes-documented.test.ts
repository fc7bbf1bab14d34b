import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DIAGNOSTIC_CODES } from "../../../src/core/diagnostics/index.js";

describe("docs/diagnostics.md", () => {
  const doc = readFileSync(new URL("../../../docs/diagnostics.md", import.meta.url), "utf8");
  const documented = new Set([...doc.matchAll(/^### `([a-z-]+\/[a-z-]+)`$/gm)].map((m) => m[1] as string));

  it("has a section for every code in codes.ts", () => {
    const missing = Object.keys(DIAGNOSTIC_CODES).filter((code) => !documented.has(code));
    expect(missing, "add a `### \\`code\\`` section to docs/diagnostics.md").toEqual([]);
  });

  it("documents no code that codes.ts does not have", () => {
    const unknown = [...documented].filter((code) => !(code in DIAGNOSTIC_CODES));
    expect(unknown).toEqual([]);
  });
});
