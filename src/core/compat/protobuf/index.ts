import type { FormatChecker } from "../types.js";
import { compareProtos } from "./compare.js";
import { parseProto, type ParsedProto } from "./model.js";

export type { ParsedProto } from "./model.js";
export { PROTOBUF_RULES, type ProtobufRuleId } from "./rules.js";

/**
 * Confluent Schema Registry's Protobuf compatibility rules. `canRead(reader, writer)` is the registry's
 * `reader.isBackwardCompatible(writer)`: every message of the writer's file (top-level and nested) is compared by
 * name with the reader's, fields by tag number; each incompatibility is one finding (see rules.ts for the ids).
 */
export const protobufChecker: FormatChecker<ParsedProto> = {
  parse: (version, role) => parseProto(version, role),
  canRead: (reader, writer, context) => compareProtos(reader, writer, context),
};
