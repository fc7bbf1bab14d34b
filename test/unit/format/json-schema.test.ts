import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { DESIRED_STATE_JSON_SCHEMA } from "../../../src/core/format/json-schema.js";

describe("the published JSON Schema", () => {
  it("is exactly the schema kgov validates with (run `npm run schema` after changing it)", () => {
    const published = JSON.parse(readFileSync(new URL("../../../schemas/kgov.schema.json", import.meta.url), "utf8"));
    expect(published).toEqual(DESIRED_STATE_JSON_SCHEMA);
  });

  it("is a valid 2020-12 schema under strict mode", () => {
    const ajv = new Ajv2020({ strict: true, allowUnionTypes: true });
    expect(() => ajv.compile(DESIRED_STATE_JSON_SCHEMA)).not.toThrow();
  });
});
