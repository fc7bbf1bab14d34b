import { describe, expect, it } from "vitest";
import { checkCompatibility } from "../../../../src/core/compat/index.js";
import { JSON_RULES } from "../../../../src/core/compat/json/index.js";
import { AGREEMENT_CASES, type AgreementCase } from "./confluent-agreement/cases.js";

/**
 * kgov's offline JSON Schema verdicts agree with Confluent Schema Registry's, BACKWARD, for the `required`,
 * array (items / additionalItems / tuples) and combined-schema (allOf / anyOf / oneOf) families. The cases and where
 * their verdicts come from are in confluent-agreement/cases.ts.
 */
function check(c: AgreementCase, policy: "STRICT" | "LENIENT") {
  return checkCompatibility({
    schemaType: "JSON",
    level: "BACKWARD",
    previous: [JSON.stringify(c.previous, null, 2)],
    candidate: JSON.stringify(c.next, null, 2),
    policy,
  });
}

describe("JSON Schema verdicts agree with Confluent (BACKWARD)", () => {
  it("has unique case names and enough cases per family", () => {
    const names = AGREEMENT_CASES.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    for (const family of ["required", "array", "combined"] as const)
      expect(AGREEMENT_CASES.filter((c) => c.family === family).length).toBeGreaterThanOrEqual(15);
  });

  describe.each(["required", "array", "combined"] as const)("%s", (family) => {
    it.each(AGREEMENT_CASES.filter((c) => c.family === family).map((c) => [c.name, c] as const))(
      "%s",
      (_name, c) => {
        const strict = check(c, "STRICT");
        expect(strict.invalid).toBeUndefined();
        const rules = [...new Set(strict.findings.map((f) => f.rule))];
        expect({ compatible: strict.compatible, rules }).toEqual({
          compatible: c.compatible,
          rules: c.compatible ? [] : (c.rules ?? rules),
        });
        for (const rule of rules) expect(Object.keys(JSON_RULES)).toContain(rule);
        expect(check(c, "LENIENT").compatible).toBe(c.lenient ?? c.compatible);
      },
    );
  });
});
