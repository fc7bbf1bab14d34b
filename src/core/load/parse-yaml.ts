import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Tags } from "yaml";
import type { Diagnostic, SourceRange } from "../diagnostics/index.js";
import { parsePlainYaml, type Located } from "./plain-yaml.js";

/** A desired-state file as given to the pure core: the adapter has already read it from disk. */
export interface SourceText {
  readonly path: string;
  readonly text: string;
}

/** A parsed YAML file that can still answer "where is this value?" for every path in it. */
export interface ParsedYaml {
  readonly path: string;
  readonly text: string;
  readonly value: unknown;
  rangeOf(path: readonly (string | number)[], part?: "key" | "value"): SourceRange;
}

/** Bounds that keep hostile input (alias bombs, deep nesting, huge files) from exhausting memory or the stack. */
export const YAML_LIMITS = {
  maxBytes: 10 * 1024 * 1024,
  maxAliasCount: 100,
  maxDepth: 64,
} as const;

/**
 * Integers beyond 2^53 would silently lose digits as JS numbers (retention.bytes can be 2^63-1), so they are kept
 * as their exact decimal text; Kafka config values are strings on the wire anyway.
 */
export function exactInteger(source: string): number | string {
  const n = Number(source);
  return Number.isSafeInteger(n) ? n : source.replace(/^\+/, "");
}

export function exactIntegers(tags: Tags): Tags {
  return tags.map((tag) => {
    if (typeof tag !== "object" || tag.tag !== "tag:yaml.org,2002:int" || !("test" in tag) || !tag.test) return tag;
    if (tag.format) return tag;
    return { ...tag, resolve: exactInteger };
  });
}

function position(lineCounter: LineCounter, offset: number): { line: number; column: number } {
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

function indexNode(node: unknown): Located {
  const n = node as Node;
  const base = n.range ? { start: n.range[0], end: n.range[1] } : {};
  if (isMap(n)) {
    const entries = new Map<string, { key?: Located; value?: Located }>();
    for (const p of n.items) {
      const name = isScalar(p.key) ? String(p.key.value) : String(p.key);
      if (entries.has(name)) continue;
      entries.set(name, {
        ...(p.key ? { key: indexNode(p.key) } : {}),
        ...(p.value ? { value: indexNode(p.value) } : {}),
      });
    }
    return { ...base, entries };
  }
  if (isSeq(n)) return { ...base, items: n.items.map((item) => (item ? indexNode(item) : undefined)) };
  return base;
}

/**
 * The node a path points at: its key's node for "key" (the value's for list items), its value's for "value", and
 * failing those the deepest node on the way, so a finding about something missing still points near it.
 */
function locate(
  root: Located | undefined,
  path: readonly (string | number)[],
  part: "key" | "value",
): Located | undefined {
  let current = root;
  let keyNode: Located | undefined;
  for (const segment of path) {
    if (current === undefined) return undefined;
    if (current.entries) {
      const pair = current.entries.get(typeof segment === "string" ? segment : String(segment));
      if (!pair) return current;
      if (pair.value === undefined) return pair.key ?? current;
      keyNode = pair.key;
      current = pair.value;
    } else if (current.items && typeof segment === "number") {
      keyNode = undefined;
      current = current.items[segment] ?? current;
    } else {
      return current;
    }
  }
  return part === "key" ? (keyNode ?? current) : current;
}

function depthExceeds(text: string, limit: number): boolean {
  // A cheap pre-scan for flow nesting ([[[[…) that would otherwise recurse deeply in the parser.
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 91 || c === 123) {
      if (++depth > limit) return true;
    } else if (c === 93 || c === 125) depth = Math.max(0, depth - 1);
  }
  return false;
}

function valueDepth(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (d > limit) return true;
    if (v !== null && typeof v === "object") for (const child of Object.values(v)) stack.push([child, d + 1]);
  }
  return false;
}

function syntaxDiagnostic(file: string, message: string, line = 1, column = 1, fix?: string): Diagnostic {
  return {
    code: "format/yaml-syntax",
    severity: "error",
    message,
    source: { file, start: { line, column } },
    ...(fix ? { fix } : {}),
  };
}

/**
 * Parses one YAML file strictly: duplicate keys, syntax errors and resource-exhaustion attempts become
 * diagnostics located in the file. Never throws.
 */
export function parseYaml(src: SourceText): { file?: ParsedYaml; diagnostics: Diagnostic[] } {
  const { path, text } = src;
  if (text.length > YAML_LIMITS.maxBytes) {
    return {
      diagnostics: [
        syntaxDiagnostic(
          path,
          `file is ${(text.length / 1048576).toFixed(1)} MiB; kgov reads desired-state files up to 10 MiB`,
          1,
          1,
          "Split the file into several smaller files in a directory.",
        ),
      ],
    };
  }
  // The fast path leaves anything nested deeper than MAX_NESTING (< maxDepth) to `yaml`, so needs no depth check.
  const plain = parsePlainYaml(text, exactInteger, false);
  if (plain) {
    // Positions are found again only if something asks where a value is (a finding, a planned action).
    const index = () => {
      const lines = new LineCounter();
      lines.addNewLine(0);
      for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) lines.addNewLine(i + 1);
      return { root: parsePlainYaml(text, exactInteger)?.root, lines };
    };
    return { file: located(path, text, plain.value, index), diagnostics: [] };
  }
  if (depthExceeds(text, YAML_LIMITS.maxDepth)) {
    return { diagnostics: [syntaxDiagnostic(path, `nesting deeper than ${YAML_LIMITS.maxDepth} levels`, 1, 1)] };
  }
  const lineCounter = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(text, {
      lineCounter,
      uniqueKeys: true,
      prettyErrors: false,
      strict: true,
      customTags: exactIntegers,
    });
  } catch (error) {
    return { diagnostics: [syntaxDiagnostic(path, `cannot parse YAML: ${(error as Error).message}`)] };
  }
  const diagnostics: Diagnostic[] = [];
  for (const e of doc.errors) {
    const at = position(lineCounter, e.pos[0]);
    const duplicate = e.code === "DUPLICATE_KEY";
    diagnostics.push({
      code: duplicate ? "format/duplicate-key" : "format/yaml-syntax",
      severity: "error",
      message: duplicate
        ? `duplicate key \`${text.slice(e.pos[0], e.pos[1]).trim()}\`: YAML would silently keep only one of the values`
        : firstLine(e.message),
      source: { file: path, start: at },
      ...(duplicate ? { fix: "Remove or rename one of the two entries." } : {}),
    });
  }
  for (const w of doc.warnings) {
    diagnostics.push({
      code: "format/yaml-warning",
      severity: "warning",
      message: firstLine(w.message),
      source: { file: path, start: position(lineCounter, w.pos[0]) },
    });
  }
  if (doc.errors.length > 0) return { diagnostics };

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: YAML_LIMITS.maxAliasCount });
  } catch (error) {
    const message = (error as Error).message;
    const aliasBomb = /alias/i.test(message);
    diagnostics.push(
      syntaxDiagnostic(
        path,
        aliasBomb
          ? 'too many YAML alias expansions (a resource-exhaustion pattern such as "billion laughs")'
          : `cannot read YAML: ${firstLine(message)}`,
        1,
        1,
        aliasBomb ? "Write the repeated values out, or use fewer aliases." : undefined,
      ),
    );
    return { diagnostics };
  }
  if (valueDepth(value, YAML_LIMITS.maxDepth)) {
    diagnostics.push(syntaxDiagnostic(path, `nesting deeper than ${YAML_LIMITS.maxDepth} levels`));
    return { diagnostics };
  }

  return {
    file: located(path, text, value, () => ({
      root: doc.contents ? indexNode(doc.contents) : undefined,
      lines: lineCounter,
    })),
    diagnostics,
  };
}

/** Where a file's nodes lie and where its lines start: built on the first `rangeOf` call, then kept. */
type PositionIndex = () => { root: Located | undefined; lines: LineCounter };

function located(path: string, text: string, value: unknown, buildIndex: PositionIndex): ParsedYaml {
  let index: ReturnType<PositionIndex> | undefined;
  const rangeOf = (p: readonly (string | number)[], part: "key" | "value" = "value"): SourceRange => {
    index ??= buildIndex();
    const { root, lines: lineCounter } = index;
    const node = locate(root, p, part);
    if (node?.start === undefined || node.end === undefined) return { file: path, start: { line: 1, column: 1 } };
    return {
      file: path,
      start: position(lineCounter, node.start),
      end: position(lineCounter, Math.max(node.start, node.end)),
    };
  };
  return { path, text, value, rangeOf };
}

function firstLine(message: string): string {
  return (message.split("\n")[0] ?? message).replace(/ at line \d+, column \d+:?$/, "");
}
