import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { DESIRED_STATE_JSON_SCHEMA } from "../../../src/core/format/json-schema.js";
import { structureValidatorSource } from "../../../scripts/structure-validator.mjs";

describe("the published JSON Schema", () => {
  it("is exactly the schema kgov validates with (run `npm run schema` after changing it)", () => {
    const published = JSON.parse(readFileSync(new URL("../../../schemas/kgov.schema.json", import.meta.url), "utf8"));
    expect(published).toEqual(DESIRED_STATE_JSON_SCHEMA);
  });

  it("is the schema the precompiled validator was generated from (run `npm run schema` after changing it)", () => {
    const committed = readFileSync(
      new URL("../../../src/core/load/structure-validator.generated.ts", import.meta.url),
      "utf8",
    );
    expect(committed).toBe(structureValidatorSource(DESIRED_STATE_JSON_SCHEMA));
  });

  it("is a valid 2020-12 schema under strict mode", () => {
    const ajv = new Ajv2020({ strict: true, allowUnionTypes: true });
    expect(() => ajv.compile(DESIRED_STATE_JSON_SCHEMA)).not.toThrow();
  });
});
