import type { Diagnostic, SourceRange } from "../../diagnostics/index.js";
import type { ParsedYaml } from "../../load/parse-yaml.js";
import type { ImportReportItem } from "../estate.js";

export type YamlPath = readonly (string | number)[];

/**
 * Typed reads of one topology file. A value of the wrong shape becomes a located `import/invalid-source`
 * diagnostic and a neutral result, so one pass collects every problem of the file.
 */
export class TopologyReader {
  readonly diagnostics: Diagnostic[] = [];
  readonly report: ImportReportItem[] = [];

  constructor(readonly file: ParsedYaml) {}

  at(path: YamlPath, part: "key" | "value" = "value"): SourceRange {
    return this.file.rangeOf(path, part);
  }

  invalid(path: YamlPath, message: string, fix: string, why?: string): void {
    this.diagnostics.push({
      code: "import/invalid-source",
      severity: "error",
      message,
      why: why ?? "JulieOps would reject this topology or read it differently, so it cannot be converted as it is.",
      fix,
      source: this.at(path),
    });
  }

  /** A report item located at the key it is about (`skipped` unless told). */
  note(
    kind: ImportReportItem["kind"],
    name: string,
    path: YamlPath,
    reason: string,
    outcome: ImportReportItem["outcome"] = "skipped",
  ): void {
    this.report.push({ kind, name, outcome, reason, source: this.at(path, "key") });
  }

  /** A mapping, or undefined (with a diagnostic unless the value is absent). */
  map(value: unknown, path: YamlPath, what: string): Record<string, unknown> | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
    this.invalid(path, `${what} must be a mapping`, `Write ${what} as \`key: value\` entries.`);
    return undefined;
  }

  /** A list; absent or null is the empty list, as JulieOps reads it. */
  list(value: unknown, path: YamlPath, what: string): readonly unknown[] {
    if (value === undefined || value === null) return [];
    if (Array.isArray(value)) return value;
    this.invalid(path, `${what} must be a list`, `Write ${what} as a YAML list (\`- ...\` items).`);
    return [];
  }

  /**
   * A scalar as the text JulieOps reads (Jackson's `asText`: numbers and booleans as written); undefined when
   * absent. A mapping, a list or null is a diagnostic.
   */
  text(value: unknown, path: YamlPath, what: string, required = false): string | undefined {
    if (value === undefined) {
      if (required) this.invalid(path, `${what} is missing`, `Add ${what}.`);
      return undefined;
    }
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return String(value);
    this.invalid(path, `${what} must be a single value, not ${describe(value)}`, `Write ${what} as one string.`);
    return undefined;
  }

  /** A non-empty `Type:name` principal, which Kafka needs for every binding. */
  principal(value: unknown, path: YamlPath): string | undefined {
    const principal = this.text(value, path, "`principal`", true);
    if (principal === undefined) return undefined;
    if (/^[^:\s]+:.+$/.test(principal)) return principal;
    this.invalid(
      path,
      `principal \`${principal}\` has no type prefix`,
      "Write the principal as Kafka does, e.g. `User:order-service`.",
      "Kafka stores every ACL binding under a `Type:name` principal; JulieOps passes the text on unchanged.",
    );
    return undefined;
  }

  boolean(value: unknown, path: YamlPath, what: string): boolean {
    if (value === undefined || value === null) return false;
    if (typeof value === "boolean") return value;
    if (value === "true" || value === "false") return value === "true";
    this.invalid(path, `${what} must be true or false`, `Write ${what}: true or ${what}: false.`);
    return false;
  }

  /** A list of topic names (streams and connector `topics.read` / `topics.write`). */
  names(value: unknown, path: YamlPath, what: string): string[] {
    return this.list(value, path, what).flatMap(
      (item, i) => this.text(item, [...path, i], `an entry of ${what}`, true) ?? [],
    );
  }
}

function describe(value: unknown): string {
  if (value === null) return "null";
  return Array.isArray(value) ? "a list" : "a mapping";
}
