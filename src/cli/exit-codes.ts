/**
 * kgov's exit codes. Scripts written for Terraform keep working: 0 no changes, 2 changes, anything else stops.
 * FINDINGS is separate from TOOL_FAILURE so CI can retry an unreachable cluster but never a broken schema.
 */
export const ExitCode = {
  /** Success; for plan without --detailed-exitcode also "there are changes". */
  SUCCESS: 0,
  /** kgov could not do its job: bad flags, unreadable input, cluster unreachable, apply step failed, bug. */
  TOOL_FAILURE: 1,
  /** Only with --detailed-exitcode: success, and the plan has changes. */
  CHANGES: 2,
  /** kgov ran fine and the input breaks rules: validation errors, incompatible schemas, policy refusals. */
  FINDINGS: 3,
  /** Interrupted by SIGINT. */
  INTERRUPTED: 130,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
