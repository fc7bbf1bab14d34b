// Writes schemas/kgov.schema.json and the precompiled validator src/core/load/structure-validator.generated.ts from
// the TypeScript source of truth (src/core/format/json-schema.ts). `npm run schema` builds, runs this and builds again;
// test/unit/format/json-schema.test.ts fails when either drifts apart from the schema.
import { writeFileSync } from "node:fs";
import { DESIRED_STATE_JSON_SCHEMA } from "../dist/core/format/json-schema.js";
import { structureValidatorSource } from "./structure-validator.mjs";

writeFileSync(
  new URL("../schemas/kgov.schema.json", import.meta.url),
  `${JSON.stringify(DESIRED_STATE_JSON_SCHEMA, null, 2)}\n`,
);
writeFileSync(
  new URL("../src/core/load/structure-validator.generated.ts", import.meta.url),
  structureValidatorSource(DESIRED_STATE_JSON_SCHEMA),
);
