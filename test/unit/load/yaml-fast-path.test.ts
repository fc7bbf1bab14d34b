import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isMap, isScalar, isSeq, parseDocument, type Node } from "yaml";
import { exactInteger, exactIntegers, YAML_LIMITS } from "../../../src/core/load/parse-yaml.js";
import { MAX_NESTING, parsePlainYaml, type Located } from "../../../src/core/load/plain-yaml.js";

// The fast path must agree with `yaml` exactly (value and every node's range) whenever it accepts a text, and it
// must decline every text `yaml` reports a problem in. Checked on generated texts, mutations of them and fixtures.

function withYaml(text: string) {
  const doc = parseDocument(text, {
    uniqueKeys: true,
    prettyErrors: false,
    strict: true,
    customTags: exactIntegers,
  });
  return doc;
}

/** Lists every node's range as `path → [start, end]`, from `yaml`'s nodes or from the fast path's index. */
function rangesOfYaml(node: unknown, path: string, out: Map<string, unknown>): void {
  const n = node as Node | null;
  if (!n) return;
  out.set(path, n.range ? [n.range[0], n.range[1]] : undefined);
  if (isMap(n)) {
    for (const p of n.items) {
      const key = isScalar(p.key) ? String(p.key.value) : String(p.key);
      if (out.has(`${path}/${key}:key`)) continue;
      rangesOfYaml(p.key, `${path}/${key}:key`, out);
      rangesOfYaml(p.value, `${path}/${key}`, out);
    }
  } else if (isSeq(n)) {
    n.items.forEach((item, i) => rangesOfYaml(item, `${path}/${i}`, out));
  }
}

function rangesOfLocated(node: Located | undefined, path: string, out: Map<string, unknown>): void {
  if (!node) return;
  out.set(path, node.start === undefined ? undefined : [node.start, node.end]);
  for (const [key, pair] of node.entries ?? []) {
    rangesOfLocated(pair.key, `${path}/${key}:key`, out);
    rangesOfLocated(pair.value, `${path}/${key}`, out);
  }
  node.items?.forEach((item, i) => rangesOfLocated(item, `${path}/${i}`, out));
}

function checkAgreement(text: string): boolean {
  const fast = parsePlainYaml(text, exactInteger);
  if (!fast) return false;
  const doc = withYaml(text);
  expect({ text, errors: doc.errors.map((e) => e.message), warnings: doc.warnings.map((w) => w.message) }).toEqual({
    text,
    errors: [],
    warnings: [],
  });
  expect({ text, value: fast.value }).toEqual({ text, value: doc.toJS() });
  const expected = new Map<string, unknown>();
  const actual = new Map<string, unknown>();
  rangesOfYaml(doc.contents, "", expected);
  rangesOfLocated(fast.root, "", actual);
  expect({ text, ranges: Object.fromEntries(actual) }).toEqual({ text, ranges: Object.fromEntries(expected) });
  return true;
}

/** A small seeded generator, so failures reproduce. */
function random(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  return { next, pick };
}

const SCALARS = [
  "a",
  "b.c",
  "User:svc-1",
  "x-y_z",
  "1",
  "-1",
  "+5",
  "0",
  "007",
  "3.5",
  ".5",
  "1.",
  "1e3",
  "0x1F",
  "0o7",
  ".inf",
  ".nan",
  "true",
  "False",
  "null",
  "~",
  "NULL",
  "yes",
  "9223372036854775807",
  "-9223372036854775808",
  "'q'",
  "'a b'",
  '"d"',
  '"a:b"',
  "'it''s'",
  '"e\\n"',
  "a b",
  "a#b",
  "a # c",
  "10.0.1.1",
  "-x",
  "*",
  "'*'",
  "[]",
  "{}",
  "[a, b]",
  "[1, 'x', \"y\"]",
  "{ a: 1, b: [x, y] }",
  "{a: b}",
  "[a,b]",
  "{ k: v }",
  "a: b",
  "- a",
  "&x a",
  "!t a",
  "|",
  ">",
  "@a",
  "`a",
  "%a",
  "?a",
  ":a",
  "a:",
  "[a, ]",
  "{ a }",
];
const KEYS = ["a", "b", "name", "x.y", "'q'", '"d"', "1", "true", "null", "<<", "__proto__", "a b", "*", "'*'", "k-1"];

/** What desired-state files are made of; even seeds use only these, so most of their texts take the fast path. */
const PLAIN_SCALARS = SCALARS.slice(0, 44).filter((s) => !/^(?:1e3|0x1F|0o7|\.inf|\.nan|'it''s'|"e\\n")$/.test(s));
const PLAIN_KEYS = KEYS.filter((k) => !["1", "true", "null", "<<", "__proto__", "*"].includes(k));

function generate(seed: number): string {
  const base = random(seed);
  const plain = seed % 2 === 0;
  const r = {
    ...base,
    pick: <T>(xs: readonly T[]): T =>
      base.pick(
        plain && xs === (SCALARS as unknown)
          ? (PLAIN_SCALARS as T[])
          : plain && xs === (KEYS as unknown)
            ? (PLAIN_KEYS as T[])
            : xs,
      ),
  };
  const lines: string[] = [];
  const comment = (indent: number) => {
    const roll = r.next();
    if (roll < 0.08) lines.push("");
    else if (roll < 0.12) lines.push(`${" ".repeat(r.pick([0, 0, indent, indent + 2]))}# note`);
    else if (roll < 0.14) lines.push(" ".repeat(r.pick([1, 3])));
  };
  const trailing = () => (r.next() < 0.15 ? r.pick(["  # t", " #t", "   "]) : "");
  const block = (indent: number, depth: number, first?: string): void => {
    const isSeq = depth > 0 && r.next() < 0.35;
    const count = 1 + Math.floor(r.next() * 3);
    const used = new Set<string>();
    for (let i = 0; i < count; i++) {
      const prefix = i === 0 && first !== undefined ? first : " ".repeat(indent);
      if (i > 0 || first === undefined) comment(indent);
      if (isSeq) {
        const dash = `${prefix}-${r.pick([" ", " ", "  "])}`;
        if (depth < 3 && r.next() < 0.4) {
          block(dash.length, depth + 1, dash);
          continue;
        }
        lines.push(`${dash}${r.pick(SCALARS)}${trailing()}`);
        continue;
      }
      let key = r.pick(KEYS);
      if (used.has(key) && r.next() < 0.9) key = `${key}${i}`;
      used.add(key);
      if (depth < 3 && r.next() < 0.35) {
        lines.push(`${prefix}${key}:${trailing()}`);
        comment(indent);
        const compact = r.next() < 0.2;
        if (compact) {
          lines.push(`${" ".repeat(indent)}- ${r.pick(SCALARS)}`);
          lines.push(`${" ".repeat(indent)}- ${r.pick(SCALARS)}`);
        } else block(indent + r.pick([1, 2, 4]), depth + 1);
      } else {
        lines.push(`${prefix}${key}:${r.pick([" ", " ", "  ", ""])}${r.pick(SCALARS)}${trailing()}`);
      }
    }
  };
  if (r.next() < 0.3) lines.push("# header");
  block(0, 0);
  if (r.next() < 0.3) lines.push(r.pick(["", "# end", "  # end", "  "]));
  return lines.join("\n") + (r.next() < 0.8 ? "\n" : "");
}

function mutate(text: string, seed: number): string {
  const r = random(seed);
  const at = Math.floor(r.next() * text.length);
  const roll = r.next();
  if (roll < 0.4) return text.slice(0, at) + text.slice(at + 1);
  if (roll < 0.8)
    return text.slice(0, at) + r.pick([" ", "\n", ":", "-", "#", "'", '"', "[", "]", ",", "\t", "a"]) + text.slice(at);
  return text.slice(0, at) + text.slice(at).replace("\n", "\n  ");
}

describe("plain YAML fast path", () => {
  it("agrees with yaml on generated texts", () => {
    let accepted = 0;
    for (let seed = 1; seed <= 3000; seed++) if (checkAgreement(generate(seed))) accepted++;
    // Most generated texts stay within the subset; otherwise this test would prove little.
    expect(accepted).toBeGreaterThan(500);
  });

  it("agrees with yaml on mutated texts", () => {
    let accepted = 0;
    for (let seed = 1; seed <= 3000; seed++) if (checkAgreement(mutate(generate(seed), seed * 7919))) accepted++;
    expect(accepted).toBeGreaterThan(300);
  });

  it("reads words as yaml does, as keys and as values, whatever letter they start with", () => {
    const words = ["True", "TRUE", "tRUE", "Null", "NULL", "nULL", "Nope", "nah", "Truth", "tru", "FALSE", "False"];
    words.push("falsey", "f", "F", "n", "N", "t", "T", "_x", "Z9", "a1", "e5", "E5", "yes", "No", "Off", "inf", "nan");
    for (const word of words) {
      expect(checkAgreement(`k: ${word}\n`), word).toBe(true);
      if (/^[A-Za-z_]/.test(word) && !/^(?:true|false|null|True|False|Null|TRUE|FALSE|NULL)$/.test(word)) {
        expect(checkAgreement(`${word}: v\n`), word).toBe(true);
      }
    }
  });

  it("agrees with yaml on the repository's YAML fixtures", () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const full = join(dir, name);
        if (statSync(full).isDirectory()) walk(full);
        else if (/\.ya?ml$/.test(name)) files.push(full);
      }
    };
    walk("test");
    walk("examples");
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) checkAgreement(readFileSync(file, "utf8"));
  });

  it("reads flow collections written as sequence entries, as raw ACL lists are", () => {
    const acls =
      'acls:\n  - { principal: "User:a", resource: { type: topic, name: t.1 }, operations: [read] }\n' +
      "  - [x, { k: v }]  # note\n  - {a: b}\n";
    expect(checkAgreement(acls)).toBe(true);
    // A flow collection used as a key is beyond the subset.
    for (const text of ["- {a: b}: c\n", "- [a]: b\n", "- { a: b } c\n"]) {
      expect(parsePlainYaml(text, exactInteger), text).toBeUndefined();
    }
  });

  it("declines what it does not model", () => {
    for (const text of [
      "a:\n  # indented\n  b: 1\n",
      "a: &x 1\nb: *x\n",
      "a: |\n  x\n",
      "a:\n",
      "a: 1\na: 2\n",
      "a: 'b\n  c'\n",
    ]) {
      expect(parsePlainYaml(text, exactInteger)).toBeUndefined();
    }
  });

  it("leaves collections nested deeper than MAX_NESTING (block, flow or both) to yaml and its depth check", () => {
    expect(MAX_NESTING).toBeLessThan(YAML_LIMITS.maxDepth);
    const block = (levels: number, leaf = "x") =>
      Array.from({ length: levels }, (_, i) => `${"  ".repeat(i)}k${i}:\n`).join("") +
      `${"  ".repeat(levels)}v: ${leaf}\n`;
    // `levels` keys hold `levels` nested mappings plus the root: levels + 1 collections.
    expect(parsePlainYaml(block(MAX_NESTING - 1), exactInteger)).toBeDefined();
    expect(parsePlainYaml(block(MAX_NESTING), exactInteger)).toBeUndefined();
    const flow = (n: number) => `${"[".repeat(n)}1${"]".repeat(n)}`;
    expect(parsePlainYaml(block(MAX_NESTING - 11, flow(10)), exactInteger)).toBeDefined();
    expect(parsePlainYaml(block(MAX_NESTING - 11, flow(11)), exactInteger)).toBeUndefined();
    // `n` sequence entries that each hold a mapping, ending in a mapping: 2n + 1 collections.
    const sequences = (n: number) =>
      Array.from({ length: n }, (_, i) => `${"  ".repeat(i)}- k${i}:\n`).join("") + `${"  ".repeat(n + 1)}v: 1\n`;
    expect(parsePlainYaml(sequences((MAX_NESTING - 2) / 2), exactInteger)).toBeDefined();
    expect(parsePlainYaml(sequences(MAX_NESTING / 2), exactInteger)).toBeUndefined();
  });
});
