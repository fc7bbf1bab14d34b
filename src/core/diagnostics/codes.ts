import type { Severity } from "./diagnostic.js";

/**
 * Every diagnostic code kgov can emit, with its default severity and a title.
 * docs/diagnostics.md documents each one; a unit test keeps the two in step.
 * Add new codes here first, then raise them through a small factory next to the code that detects them.
 */
export const DIAGNOSTIC_CODES = {
  "cli/invalid-argument": { severity: "error", title: "A command-line flag or argument is invalid" },
  "connection/invalid-config": { severity: "error", title: "The Kafka connection settings are incomplete or contradictory" },
  "connection/properties-file": { severity: "error", title: "The client properties file cannot be read or parsed" },
  "kafka/unreachable": { severity: "error", title: "No broker answered within the connect timeout" },
  "kafka/authentication-failed": { severity: "error", title: "The broker rejected the credentials" },
  "kafka/authorization-failed": { severity: "error", title: "The principal lacks a permission the operation needs" },
  "kafka/tls-failed": { severity: "error", title: "The TLS handshake with the broker failed" },
  "kafka/request-failed": { severity: "error", title: "The broker returned an error" },
  "internal/bug": { severity: "error", title: "kgov hit an unexpected internal error" },
} as const satisfies Record<string, { severity: Severity; title: string }>;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;
