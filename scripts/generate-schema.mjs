// Writes schemas/kgov.schema.json from the TypeScript source of truth (src/core/format/json-schema.ts).
// Run after `npm run build`; test/unit/format/json-schema.test.ts fails when the two drift apart.
import { writeFileSync } from "node:fs";
import { DESIRED_STATE_JSON_SCHEMA } from "../dist/core/format/json-schema.js";

writeFileSync(
  new URL("../schemas/kgov.schema.json", import.meta.url),
  `${JSON.stringify(DESIRED_STATE_JSON_SCHEMA, null, 2)}\n`,
);
