import type {
  AvroEnum,
  AvroField,
  AvroFixed,
  AvroPrimitive,
  AvroRecord,
  AvroType,
  NamedType,
  Place,
  TypeUse,
} from "./model.js";
import type { AvroRuleId } from "./rules.js";

/**
 * Avro's reader/writer resolution ("can data written with `writer` be read with `reader`"), as Apache Avro's
 * SchemaCompatibility decides it and Confluent Schema Registry applies it, but collecting every incompatibility
 * instead of a verdict. The rules, in kgov's words (see /docs and rules.ts):
 * - a writer union: every branch must be readable; a reader union: some branch must read the writer's type;
 * - same kinds: arrays and maps compare their items and values, records their fields, enums their symbols, fixed
 *   their size; named types also their names (unqualified, or a reader alias equal to the writer's full name);
 * - different primitives: only the promotions int→long/float/double, long→float/double, float→double, string↔bytes;
 * - logical types, docs, order and defaults' values are invisible; a field default only counts by its presence.
 * A record pair already being compared counts as compatible, which ends the recursion of recursive types.
 */
export interface RawFinding {
  readonly rule: AvroRuleId;
  readonly message: string;
  /** Below the compared pair: `.field` per record field, `[]` for array items, `{}` for map values. */
  readonly path: string;
  /** Which schema `at` points into. */
  readonly side: "reader" | "writer";
  readonly at?: Place;
}

const PROMOTIONS: Readonly<Record<AvroPrimitive, readonly AvroPrimitive[]>> = {
  null: [],
  boolean: [],
  int: ["long", "float", "double"],
  long: ["float", "double"],
  float: ["double"],
  double: [],
  string: ["bytes"],
  bytes: ["string"],
};

export function resolveAvro(reader: TypeUse, writer: TypeUse): RawFinding[] {
  const records = new Map<AvroRecord, Map<AvroRecord, readonly RawFinding[] | "in progress">>();

  const check = (r: TypeUse, w: TypeUse): RawFinding[] => {
    const rt = r.type;
    const wt = w.type;
    if (wt.kind === "union") {
      return wt.branches.flatMap((branch) =>
        rt.kind !== "union" && !comparable(rt, branch.type) ? [branchUnreadable(r, branch)] : check(r, branch),
      );
    }
    if (rt.kind === "union") return readWithUnion(r, w);
    if (!comparable(rt, wt)) return [typeMismatch(r, w)];
    switch (rt.kind) {
      case "primitive":
        return [];
      case "array":
        return under("[]", check(rt.items, (wt as typeof rt).items));
      case "map":
        return under("{}", check(rt.values, (wt as typeof rt).values));
      case "fixed":
        return [...names(r, rt, wt as AvroFixed), ...fixedSize(rt, wt as AvroFixed)];
      case "enum":
        return [...names(r, rt, wt as AvroEnum), ...enumSymbols(rt, wt as AvroEnum)];
      case "record":
        return [...recordPair(rt, wt as AvroRecord)];
    }
  };

  const recordPair = (rt: AvroRecord, wt: AvroRecord): readonly RawFinding[] => {
    let byWriter = records.get(rt);
    if (byWriter === undefined) records.set(rt, (byWriter = new Map()));
    const known = byWriter.get(wt);
    if (known === "in progress") return [];
    if (known !== undefined) return known;
    byWriter.set(wt, "in progress");
    const findings = [...names({ type: rt, ...(rt.nameAt ? { at: rt.nameAt } : {}) }, rt, wt)];
    for (const field of rt.fields) findings.push(...under(`.${field.name}`, readField(field, wt)));
    byWriter.set(wt, findings);
    return findings;
  };

  const readField = (field: AvroField, wt: AvroRecord): RawFinding[] => {
    const matches = wt.fields.filter((w) => w.name === field.name || field.aliases.includes(w.name));
    const [match, ...more] = matches;
    if (match === undefined) {
      if (field.hasDefault) return [];
      const alsoNamed = field.aliases.length === 0 ? "" : ` (nor one named ${list(field.aliases)})`;
      return [
        finding(
          "avro/field-missing-default",
          `the reader's field \`${field.name}\` has no default and the writer's record \`${wt.name}\` has no field \`${field.name}\`${alsoNamed}: records written with the writer's schema lack it, so the reader has no value to fill in`,
          "reader",
          field.at,
        ),
      ];
    }
    if (more.length > 0) {
      return [
        finding(
          "avro/field-alias-ambiguous",
          `the reader's field \`${field.name}\` matches ${matches.length} fields of the writer's record \`${wt.name}\` through its name and aliases (${list(matches.map((m) => m.name))}), so Avro cannot tell which one to read`,
          "reader",
          field.aliasesAt ?? field.at,
        ),
      ];
    }
    return check(field.type, match.type);
  };

  /** A reader union reads the writer's type with the first branch that can; when none can, explain why. */
  const readWithUnion = (r: TypeUse, w: TypeUse): RawFinding[] => {
    const rt = r.type as Extract<AvroType, { kind: "union" }>;
    if (rt.branches.some((branch) => check(branch, w).length === 0)) return [];
    // A single branch of the same kind (and name) is what the schema author meant: its own findings say more.
    const meant = rt.branches.filter(
      (branch) =>
        comparable(branch.type, w.type) && (!isNamed(branch.type) || nameMatches(branch.type, w.type as NamedType)),
    );
    const [only, ...others] = meant;
    if (only !== undefined && others.length === 0) return check(only, w);
    return [
      finding(
        "avro/missing-union-branch",
        `no branch of the reader's union ${describe(rt)} can read the writer's ${describe(w.type)}`,
        "reader",
        r.at,
      ),
    ];
  };

  return check(reader, writer);
}

function under(segment: string, findings: readonly RawFinding[]): RawFinding[] {
  return findings.map((f) => ({ ...f, path: segment + f.path }));
}

function finding(rule: AvroRuleId, message: string, side: "reader" | "writer", at: Place | undefined): RawFinding {
  return at === undefined ? { rule, message, path: "", side } : { rule, message, path: "", side, at };
}

/** Same kind of type, or primitives related by a promotion from the writer's to the reader's (unions aside). */
function comparable(reader: AvroType, writer: AvroType): boolean {
  if (reader.kind === "union" || writer.kind === "union") return true;
  if (reader.kind === "primitive" && writer.kind === "primitive")
    return reader.primitive === writer.primitive || PROMOTIONS[writer.primitive].includes(reader.primitive);
  return reader.kind === writer.kind;
}

function isNamed(type: AvroType): type is NamedType {
  return type.kind === "record" || type.kind === "enum" || type.kind === "fixed";
}

/** Avro compares unqualified names (namespaces are ignored), or accepts a reader alias equal to the writer's full name. */
function nameMatches(reader: NamedType, writer: NamedType): boolean {
  return reader.name === writer.name || reader.aliases.includes(writer.fullName);
}

function names(r: TypeUse, rt: NamedType, wt: NamedType): RawFinding[] {
  if (nameMatches(rt, wt)) return [];
  return [
    finding(
      "avro/name-mismatch",
      `the reader's ${rt.kind} \`${rt.fullName}\` cannot read the writer's ${wt.kind} \`${wt.fullName}\`: the names differ and the reader does not list \`${wt.fullName}\` in its aliases`,
      "reader",
      rt.nameAt ?? r.at,
    ),
  ];
}

function fixedSize(rt: AvroFixed, wt: AvroFixed): RawFinding[] {
  if (rt.size === wt.size) return [];
  return [
    finding(
      "avro/fixed-size-mismatch",
      `the reader's fixed \`${rt.name}\` is ${rt.size} bytes but the writer's is ${wt.size} bytes`,
      "reader",
      rt.sizeAt ?? rt.nameAt,
    ),
  ];
}

function enumSymbols(rt: AvroEnum, wt: AvroEnum): RawFinding[] {
  if (rt.defaultSymbol !== undefined) return [];
  const known = new Set(rt.symbols.map((s) => s.name));
  return wt.symbols
    .filter((symbol) => !known.has(symbol.name))
    .map((symbol) =>
      finding(
        "avro/enum-symbol-missing",
        `the writer's enum \`${wt.name}\` can write \`${symbol.name}\`, which the reader's enum \`${rt.name}\` lacks, and the reader's enum has no default symbol to fall back on`,
        "writer",
        symbol.at,
      ),
    );
}

function typeMismatch(r: TypeUse, w: TypeUse): RawFinding {
  return finding(
    "avro/type-mismatch",
    `the reader expects ${describe(r.type)} where the writer wrote ${describe(w.type)}, and Avro cannot convert ${label(w.type)} to ${label(r.type)}`,
    "reader",
    r.at,
  );
}

function branchUnreadable(r: TypeUse, branch: TypeUse): RawFinding {
  return finding(
    "avro/union-branch-unreadable",
    `the writer's union can hold ${describe(branch.type)}, which the reader's ${describe(r.type)} cannot read`,
    "writer",
    branch.at,
  );
}

function describe(type: AvroType): string {
  return isNamed(type) ? `${type.kind} \`${type.name}\`` : `\`${label(type)}\``;
}

function label(type: AvroType): string {
  switch (type.kind) {
    case "primitive":
      return type.primitive;
    case "record":
    case "enum":
    case "fixed":
      return type.name;
    case "array":
      return `array<${label(type.items.type)}>`;
    case "map":
      return `map<${label(type.values.type)}>`;
    case "union":
      return `[${type.branches.map((b) => label(b.type)).join(", ")}]`;
  }
}

function list(names: readonly string[]): string {
  return names.map((n) => `\`${n}\``).join(", ");
}

/** How findings' paths start: the reader's top-level type. */
export function rootLabel(type: AvroType): string {
  return label(type);
}
