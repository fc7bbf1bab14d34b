/** kgov's library API. The CLI is one consumer of it; tools can import the same functions. */
export type { Diagnostic, Severity, SourceRange, Position } from "./core/diagnostics/index.js";
export { checkCompatibility } from "./core/compat/index.js";
export type {
  CompatibilityRequest,
  CompatibilityResult,
  CompatFinding,
  CompatibilityLevel,
  InvalidSchema,
  LevelFinding,
  SchemaType,
  SchemaVersion,
} from "./core/compat/index.js";
