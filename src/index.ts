/** kgov's library API. The CLI is one consumer of it; tools can import the same functions. */
export type { Diagnostic, Severity, SourceRange, Position } from "./core/diagnostics/index.js";
