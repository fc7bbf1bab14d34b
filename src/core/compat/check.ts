import type {
  CompatFinding,
  CompatibilityLevel,
  FormatChecker,
  JsonCompatibilityPolicy,
  SchemaType,
  SchemaVersion,
} from "./types.js";

export interface CompatibilityRequest {
  readonly schemaType: SchemaType;
  readonly level: CompatibilityLevel;
  /** Earlier versions, oldest first; plain strings or { text, path } for located findings. */
  readonly previous: readonly (string | SchemaVersion)[];
  readonly candidate: string | SchemaVersion;
  /** JSON Schema only: Confluent's STRICT rule set (default) or LENIENT. */
  readonly policy?: JsonCompatibilityPolicy;
}

export interface LevelFinding extends CompatFinding {
  /** Which previous version (1-based, oldest first) the candidate was compared with. */
  readonly againstVersion: number;
  /** BACKWARD: the new schema reads old data; FORWARD: the old schema reads new data. */
  readonly direction: "BACKWARD" | "FORWARD";
}

export type CompatibilityResult =
  | { readonly compatible: boolean; readonly findings: readonly LevelFinding[]; readonly invalid?: undefined }
  /** The candidate (or a previous version) could not be parsed: no verdict is possible. */
  | { readonly compatible: false; readonly findings: readonly LevelFinding[]; readonly invalid: InvalidSchema };

export interface InvalidSchema {
  readonly which: "candidate" | "previous";
  /** 1-based index of the previous version, oldest first. */
  readonly version?: number;
  readonly message: string;
}

const asVersion = (v: string | SchemaVersion): SchemaVersion => (typeof v === "string" ? { text: v } : v);

/**
 * Schema Registry's level machinery, for any format: BACKWARD checks that the candidate can read the previous
 * version, FORWARD that the previous can read the candidate, FULL both; the _TRANSITIVE forms do so for every
 * previous version instead of the latest only. NONE checks nothing.
 */
export function checkWithLevel<Parsed>(
  checker: FormatChecker<Parsed>,
  request: CompatibilityRequest,
): CompatibilityResult {
  const candidateVersion = asVersion(request.candidate);
  const candidate = checker.parse(candidateVersion, "candidate");
  if (candidate.parsed === undefined) {
    return {
      compatible: false,
      findings: [],
      invalid: { which: "candidate", message: candidate.error ?? "cannot parse the candidate" },
    };
  }
  if (request.level === "NONE" || request.previous.length === 0) return { compatible: true, findings: [] };
  const transitive = request.level.endsWith("_TRANSITIVE");
  const base = request.level.replace("_TRANSITIVE", "");
  const indexes = transitive ? request.previous.map((_, i) => i) : [request.previous.length - 1];
  const findings: LevelFinding[] = [];
  // Newest first, as the registry walks the history.
  for (const index of indexes.reverse()) {
    const previousVersion = asVersion(request.previous[index]!);
    const previous = checker.parse(previousVersion, "previous");
    if (previous.parsed === undefined) {
      return {
        compatible: false,
        findings,
        invalid: {
          which: "previous",
          version: index + 1,
          message: previous.error ?? "cannot parse a previous version",
        },
      };
    }
    const tag =
      (direction: "BACKWARD" | "FORWARD") =>
      (f: CompatFinding): LevelFinding => ({ ...f, againstVersion: index + 1, direction });
    const paths = (readerPath?: string, writerPath?: string) => ({
      ...(readerPath !== undefined ? { readerPath } : {}),
      ...(writerPath !== undefined ? { writerPath } : {}),
      ...(request.policy ? { policy: request.policy } : {}),
    });
    if (base === "BACKWARD" || base === "FULL") {
      findings.push(
        ...checker
          .canRead(candidate.parsed, previous.parsed, paths(candidateVersion.path, previousVersion.path))
          .map(tag("BACKWARD")),
      );
    }
    if (base === "FORWARD" || base === "FULL") {
      findings.push(
        ...checker
          .canRead(previous.parsed, candidate.parsed, paths(previousVersion.path, candidateVersion.path))
          .map(tag("FORWARD")),
      );
    }
  }
  return { compatible: findings.length === 0, findings };
}
