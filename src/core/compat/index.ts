import { avroChecker } from "./avro/index.js";
import { checkWithLevel, type CompatibilityRequest, type CompatibilityResult } from "./check.js";
import { jsonSchemaChecker } from "./json/index.js";
import { protobufChecker } from "./protobuf/index.js";

export type { CompatibilityRequest, CompatibilityResult, InvalidSchema, LevelFinding } from "./check.js";
export type { CompatFinding, CompatibilityLevel, JsonCompatibilityPolicy, SchemaType, SchemaVersion } from "./types.js";

/**
 * Schema Registry's compatibility check, offline, with Confluent's semantics for AVRO, JSON and PROTOBUF.
 * `previous` lists earlier versions oldest first. An unparsable candidate comes back with `invalid` set, not as
 * an incompatibility.
 */
export function checkCompatibility(request: CompatibilityRequest): CompatibilityResult {
  switch (request.schemaType) {
    case "AVRO":
      return checkWithLevel(avroChecker, request);
    case "JSON":
      return checkWithLevel(jsonSchemaChecker, request);
    case "PROTOBUF":
      return checkWithLevel(protobufChecker, request);
  }
}
