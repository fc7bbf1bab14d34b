import type { Diagnostic, SourceRange } from "../../diagnostics/index.js";
import type { ParsedYaml } from "../../load/parse-yaml.js";

export type YamlPath = readonly (string | number)[];

/** A name and where it is written (a list item, a mapping key). */
export interface Located<T = string> {
  readonly value: T;
  readonly at: SourceRange;
}

const WHY = "kafka-gitops would refuse this state file or read it differently, so it cannot be converted as it is.";

/**
 * Typed reads of one kafka-gitops file, with the coercions Jackson applies there (a number where text is expected
 * is its text, `"6"` where a number is expected is 6). A value of the wrong shape becomes a located
 * `import/invalid-source` diagnostic and an empty result, so one pass collects every problem of every file.
 */
export class StateReader {
  private lineStarts: number[] | undefined;

  constructor(
    readonly file: ParsedYaml,
    private readonly diagnostics: Diagnostic[],
  ) {}

  at(path: YamlPath, part: "key" | "value" = "value"): SourceRange {
    return this.file.rangeOf(path, part);
  }

  invalid(path: YamlPath, message: string, fix: string, part: "key" | "value" = "value"): void {
    this.diagnostics.push({
      code: "import/invalid-source",
      severity: "error",
      message,
      why: WHY,
      fix,
      source: this.at(path, part),
    });
  }

  /**
   * A mapping whose keys are all in `known` (kafka-gitops fails on an unknown field); undefined when absent.
   * null is a diagnostic: kafka-gitops cannot build an object from it.
   */
  object(value: unknown, path: YamlPath, what: string, known: readonly string[]): Record<string, unknown> | undefined {
    const map = this.mapping(value, path, what);
    for (const key of Object.keys(map ?? {})) {
      if (!known.includes(key)) {
        this.invalid(
          [...path, key],
          `unknown field \`${key}\` in ${what}`,
          `Remove it; kafka-gitops reads only ${known.map((k) => `\`${k}\``).join(", ")} here.`,
          "key",
        );
      }
    }
    return map;
  }

  /** A mapping of named entries (topics, services, …); absent is empty. */
  mapping(value: unknown, path: YamlPath, what: string): Record<string, unknown> | undefined {
    if (value === undefined) return undefined;
    if (value !== null && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
    this.invalid(path, `${what} must be a mapping, not ${describe(value)}`, `Write ${what} as \`key: value\` entries.`);
    return undefined;
  }

  /** A list of names with their places; absent is empty. */
  names(value: unknown, path: YamlPath, what: string): Located[] {
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
      this.invalid(
        path,
        `${what} must be a list, not ${describe(value)}`,
        `Write ${what} as a YAML list (\`- name\`).`,
      );
      return [];
    }
    const out: Located[] = [];
    value.forEach((item: unknown, i) => {
      const text = this.text(item, [...path, i], `an item of ${what}`, true);
      if (text !== undefined) out.push({ value: text, at: this.at([...path, i]) });
    });
    return out;
  }

  /** A scalar as Jackson reads it into a String field: numbers and booleans as written in the file. */
  text(value: unknown, path: YamlPath, what: string, required = false): string | undefined {
    if (value === undefined || (value === null && !required)) {
      if (required) this.invalid(path, `${what} is missing`, `Add ${what}.`);
      return undefined;
    }
    if (typeof value === "string") return value;
    if (typeof value === "number" || typeof value === "boolean") return this.written(path) ?? String(value);
    this.invalid(path, `${what} must be a single value, not ${describe(value)}`, `Write ${what} as one value.`);
    return undefined;
  }

  /** An integer, or a string holding one (Jackson coerces it). */
  integer(value: unknown, path: YamlPath, what: string, required = false): number | undefined {
    // null in an optional field is Jackson's Optional.empty().
    if (value === undefined || (value === null && !required)) {
      if (required) this.invalid(path, `${what} is missing`, `Add ${what}.`);
      return undefined;
    }
    const n = typeof value === "string" && /^[+-]?\d+$/.test(value.trim()) ? Number(value) : value;
    if (typeof n === "number" && Number.isSafeInteger(n)) return n;
    this.invalid(path, `${what} must be a whole number, not ${describe(value)}`, `Write ${what} as a number, e.g. 3.`);
    return undefined;
  }

  /** A boolean, or the text `true` / `false` (Jackson coerces it); absent is false. */
  flag(value: unknown, path: YamlPath, what: string): boolean {
    if (value === undefined) return false;
    if (typeof value === "boolean") return value;
    if (value === "true" || value === "false") return value === "true";
    this.invalid(path, `${what} must be true or false, not ${describe(value)}`, `Write ${what}: true or false.`);
    return false;
  }

  /** The scalar's text exactly as written (Jackson's text of a number token), when it can be found. */
  private written(path: YamlPath): string | undefined {
    const range = this.at(path);
    if (!range.end) return undefined;
    const text = this.file.text;
    this.lineStarts ??= [0, ...[...text.matchAll(/\n/g)].map((m) => m.index + 1)];
    const offset = (p: { line: number; column: number }) => (this.lineStarts?.[p.line - 1] ?? 0) + p.column - 1;
    const raw = text.slice(offset(range.start), offset(range.end)).trim();
    return raw === "" ? undefined : raw;
  }
}

export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return `the text \`${value}\``;
  return `\`${String(value)}\``;
}
