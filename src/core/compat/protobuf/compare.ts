import protobuf from "protobufjs";
import type { SourceRange } from "../../diagnostics/index.js";
import type { CompatFinding } from "../types.js";
import type { ParsedProto } from "./model.js";
import type { ProtobufRuleId } from "./rules.js";

/**
 * Confluent Schema Registry's Protobuf rules, for "can `reader` read data written with `writer`" (the registry's
 * diff with original = writer, update = reader). Messages are matched by name at each nesting level, fields by tag
 * number across the whole message (oneof members included). Every incompatibility is reported, in the writer's
 * declaration order, then tag order.
 */
export function compareProtos(
  reader: ParsedProto,
  writer: ParsedProto,
  context: { readerPath?: string; writerPath?: string },
): CompatFinding[] {
  const comparison = new Comparison(
    { proto: reader, file: context.readerPath ?? reader.path },
    { proto: writer, file: context.writerPath ?? writer.path },
  );
  return comparison.run();
}

interface Side {
  readonly proto: ParsedProto;
  readonly file: string | undefined;
}

/** A field's type as the rules see it. Enums are scalars in the varint group, as in the registry. */
type FieldType =
  | { readonly kind: "scalar"; readonly group: string; readonly display: string }
  | { readonly kind: "message"; readonly name: string; readonly display: string }
  | { readonly kind: "map"; readonly key: FieldType; readonly value: FieldType; readonly display: string };

/** Wire-type groups: a scalar may change type within its group without breaking decoding. */
const SCALAR_GROUPS: Readonly<Record<string, string>> = {
  int32: "varint",
  int64: "varint",
  uint32: "varint",
  uint64: "varint",
  bool: "varint",
  sint32: "zigzag",
  sint64: "zigzag",
  string: "length-delimited",
  bytes: "length-delimited",
  fixed32: "fixed32",
  sfixed32: "fixed32",
  fixed64: "fixed64",
  sfixed64: "fixed64",
  float: "float",
  double: "double",
};

const GROUP_DESCRIPTION: Readonly<Record<string, string>> = {
  varint: "a varint",
  zigzag: "a zigzag-encoded varint",
  "length-delimited": "length-delimited",
  fixed32: "4 fixed bytes",
  fixed64: "8 fixed bytes",
  float: "a 4-byte float",
  double: "an 8-byte double",
};

const KIND_DESCRIPTION = { scalar: "a scalar", message: "a message", map: "a map" } as const;

type Label = "optional" | "required" | "repeated" | undefined;

class Comparison {
  private readonly findings: CompatFinding[] = [];

  constructor(
    private readonly reader: Side,
    private readonly writer: Side,
  ) {}

  run(): CompatFinding[] {
    const readerPackage = this.reader.proto.package;
    const writerPackage = this.writer.proto.package;
    if (readerPackage !== writerPackage) {
      const inReader = this.reader.proto.locator.packageName();
      const side = inReader === undefined ? this.writer : this.reader;
      this.report(
        "protobuf/package-changed",
        `the package changed from ${quoteOrNone(writerPackage)} to ${quoteOrNone(readerPackage)}: messages are identified by their full name, so consumers cannot match the types`,
        readerPackage === "" ? writerPackage || "(package)" : readerPackage,
        side,
        side.proto.locator.packageName(),
      );
    }
    this.compareTypes(packageNamespace(this.writer.proto), packageNamespace(this.reader.proto), "");
    return this.findings;
  }

  /** Messages declared directly in `writerScope`, matched by name with those in `readerScope`. */
  private compareTypes(
    writerScope: protobuf.NamespaceBase | undefined,
    readerScope: protobuf.NamespaceBase | undefined,
    prefix: string,
  ): void {
    for (const writerType of writerScope?.nestedArray ?? []) {
      if (!(writerType instanceof protobuf.Type)) continue;
      const relative = prefix === "" ? writerType.name : `${prefix}.${writerType.name}`;
      const readerType = readerScope?.get(writerType.name);
      if (readerType instanceof protobuf.Type) {
        this.compareMessage(writerType, readerType, relative);
      } else {
        this.report(
          "protobuf/message-removed",
          `message ${code(this.fullName(this.writer, relative))} was removed (or renamed): data written with it can no longer be decoded as that type`,
          this.fullName(this.writer, relative),
          this.writer,
          this.writer.proto.locator.declaration(relative),
        );
      }
    }
  }

  private compareMessage(writerType: protobuf.Type, readerType: protobuf.Type, relative: string): void {
    this.compareOneofs(writerType, readerType, relative);
    const tags = [...new Set([...writerType.fieldsArray, ...readerType.fieldsArray].map((f) => f.id))].sort(
      (a, b) => a - b,
    );
    for (const tag of tags) {
      const writerField = writerType.fieldsArray.find((f) => f.id === tag);
      const readerField = readerType.fieldsArray.find((f) => f.id === tag);
      if (readerField === undefined && writerField !== undefined) {
        if (writerField.rule === "required") {
          this.report(
            "protobuf/required-field-removed",
            `required field ${tag} ${code(writerField.name)} was removed: schemas that still require it reject data written without it`,
            this.fieldPath(this.writer, relative, writerField.name),
            this.writer,
            this.writer.proto.locator.field(relative, writerField.name, tag),
          );
        }
      } else if (writerField === undefined && readerField !== undefined) {
        if (readerField.rule === "required") {
          this.report(
            "protobuf/required-field-added",
            `required field ${tag} ${code(readerField.name)} was added: data written without it fails to parse`,
            this.fieldPath(this.reader, relative, readerField.name),
            this.reader,
            this.reader.proto.locator.field(relative, readerField.name, tag),
          );
        }
      } else if (writerField !== undefined && readerField !== undefined) {
        this.compareField(writerField, readerField, relative);
      }
    }
    this.compareTypes(writerType, readerType, relative);
  }

  private compareField(writerField: protobuf.Field, readerField: protobuf.Field, relative: string): void {
    const tag = readerField.id;
    const path = this.fieldPath(this.reader, relative, readerField.name);
    // Located only if a finding is reported: most fields are compatible.
    const offset = () => this.reader.proto.locator.field(relative, readerField.name, tag);
    const subject = `field ${tag} ${code(readerField.name)}`;
    const writerType = this.fieldType(this.writer, writerField);
    const readerType = this.fieldType(this.reader, readerField);
    this.compareFieldTypes(writerType, readerType, subject, path, offset);

    const writerLabel = this.label(this.writer, writerField);
    const readerLabel = this.label(this.reader, readerField);
    const numeric = (t: FieldType): boolean => t.kind === "scalar" && t.group !== "length-delimited";
    if (
      writerLabel !== undefined &&
      readerLabel !== undefined &&
      writerLabel !== readerLabel &&
      (writerLabel === "repeated" || readerLabel === "repeated") &&
      numeric(writerType) &&
      numeric(readerType)
    ) {
      this.report(
        "protobuf/field-numeric-label-changed",
        `${subject} changed from ${writerLabel} to ${readerLabel}: repeated numbers may be written packed into one length-delimited record, which a non-repeated field cannot decode`,
        path,
        this.reader,
        offset,
      );
    }
  }

  private compareFieldTypes(
    writerType: FieldType,
    readerType: FieldType,
    subject: string,
    path: string,
    offset: Offset,
  ): void {
    const change = `${subject} changed from ${writerType.display} to ${readerType.display}`;
    if (writerType.kind !== readerType.kind) {
      this.report(
        "protobuf/field-kind-changed",
        `${change}: it was ${KIND_DESCRIPTION[writerType.kind]} and is now ${KIND_DESCRIPTION[readerType.kind]}, so consumers cannot decode it`,
        path,
        this.reader,
        offset,
      );
    } else if (writerType.kind === "scalar" && readerType.kind === "scalar") {
      if (writerType.group !== readerType.group) {
        this.report(
          "protobuf/field-scalar-kind-changed",
          `${change}: the wire types differ (${GROUP_DESCRIPTION[writerType.group] ?? writerType.group} vs ${GROUP_DESCRIPTION[readerType.group] ?? readerType.group}), so consumers cannot decode it`,
          path,
          this.reader,
          offset,
        );
      }
    } else if (writerType.kind === "message" && readerType.kind === "message") {
      if (writerType.name !== readerType.name) {
        this.report(
          "protobuf/field-named-type-changed",
          `${change}: it now refers to a different message, so consumers would decode it as the wrong type`,
          path,
          this.reader,
          offset,
        );
      }
    } else if (writerType.kind === "map" && readerType.kind === "map") {
      this.compareFieldTypes(writerType.key, readerType.key, `the key of map ${subject}`, path, offset);
      this.compareFieldTypes(writerType.value, readerType.value, `the value of map ${subject}`, path, offset);
    }
  }

  /**
   * Oneofs are matched through their members, so renaming a oneof is not a change. Checked: members removed from a
   * oneof that survives, and independent fields merged into one oneof.
   */
  private compareOneofs(writerType: protobuf.Type, readerType: protobuf.Type, relative: string): void {
    const writerOneofs = realOneofs(writerType);
    const readerOneofs = realOneofs(readerType);
    const writerOneofOf = oneofByTag(writerOneofs);
    const readerTags = new Set(readerType.fieldsArray.map((f) => f.id));

    for (const writerOneof of writerOneofs) {
      const memberTags = writerOneof.fieldsArray.map((f) => f.id);
      const survivor =
        readerOneofs.find((o) => o.name === writerOneof.name) ?? bestOverlap(readerOneofs, new Set(memberTags));
      if (survivor === undefined) continue;
      for (const member of writerOneof.fieldsArray) {
        if (readerTags.has(member.id)) continue;
        this.report(
          "protobuf/oneof-field-removed",
          `field ${member.id} ${code(member.name)} was removed from oneof ${code(survivor.name)}: data where it is the chosen member cannot be read`,
          this.fieldPath(this.writer, relative, member.name),
          this.writer,
          this.writer.proto.locator.field(relative, member.name, member.id),
        );
      }
    }

    for (const readerOneof of readerOneofs) {
      const moved: protobuf.Field[] = [];
      const fromOneofs = new Set<string>();
      for (const member of readerOneof.fieldsArray) {
        const before = writerType.fieldsArray.find((f) => f.id === member.id);
        if (before === undefined) continue;
        const previousOneof = writerOneofOf.get(member.id);
        if (previousOneof === undefined) moved.push(member);
        else fromOneofs.add(previousOneof.name);
      }
      const oneofPath = this.fieldPath(this.reader, relative, readerOneof.name);
      if (moved.length > 1 || fromOneofs.size > 1) {
        const independent = moved.map((f) => `field ${f.id} ${code(f.name)}`);
        if (fromOneofs.size > 0) {
          const names = [...fromOneofs].map(code);
          independent.push(`members of ${names.length > 1 ? "oneofs" : "oneof"} ${list(names)}`);
        }
        this.report(
          "protobuf/multiple-fields-moved-to-oneof",
          `oneof ${code(readerOneof.name)} now holds ${list(independent)}, which were independent: data that sets more than one of them loses all but one`,
          oneofPath,
          this.reader,
          this.reader.proto.locator.declaration(`${relative}.${readerOneof.name}`),
        );
      } else if (moved.length === 1 && fromOneofs.size === 1) {
        const field = moved[0] as protobuf.Field;
        this.report(
          "protobuf/field-moved-to-existing-oneof",
          `field ${field.id} ${code(field.name)} moved into the existing oneof ${code(readerOneof.name)}: data that sets it and another member loses one of them`,
          this.fieldPath(this.reader, relative, field.name),
          this.reader,
          this.reader.proto.locator.field(relative, field.name, field.id),
        );
      }
    }
  }

  private fieldType(side: Side, field: protobuf.Field): FieldType {
    const value = this.namedType(side, field, field.type);
    if (field instanceof protobuf.MapField) {
      const key = this.namedType(side, field, field.keyType);
      return { kind: "map", key, value, display: `map<${key.display}, ${value.display}>` };
    }
    return value;
  }

  private namedType(side: Side, field: protobuf.Field, type: string): FieldType {
    const group = SCALAR_GROUPS[type];
    if (group !== undefined) return { kind: "scalar", group, display: type };
    const scope = field.parent ?? side.proto.root;
    let resolved: protobuf.ReflectionObject | null = null;
    try {
      resolved = scope.lookup(type, [protobuf.Type, protobuf.Enum]);
    } catch {
      resolved = null;
    }
    const name = packageRelative(side.proto, resolved === null ? type : resolved.fullName);
    if (resolved instanceof protobuf.Enum) return { kind: "scalar", group: "varint", display: `enum ${name}` };
    // Types that cannot be resolved (imports that are registry references) are compared by name, as messages.
    return { kind: "message", name, display: name };
  }

  /** The label as written: proto3 fields without one (and oneof or map fields) have none. */
  private label(side: Side, field: protobuf.Field): Label {
    // `rule`, not `required`/`repeated`: protobufjs only derives those once the tree is resolved.
    if (field.rule === "repeated") return "repeated";
    if (field.rule === "required") return "required";
    if (field.options?.["proto3_optional"] === true) return "optional";
    const inOneof = field.partOf !== null && field.partOf !== undefined;
    if (side.proto.syntax === "proto2" && !inOneof && !(field instanceof protobuf.MapField)) return "optional";
    return undefined;
  }

  private fullName(side: Side, relative: string): string {
    return side.proto.package === "" ? relative : `${side.proto.package}.${relative}`;
  }

  private fieldPath(side: Side, relative: string, name: string): string {
    return `${this.fullName(side, relative)}.${name}`;
  }

  private report(rule: ProtobufRuleId, message: string, path: string, side: Side, offset: Offset): void {
    const at = typeof offset === "function" ? offset() : offset;
    const source: SourceRange | undefined =
      side.file === undefined ? undefined : side.proto.lines.range(side.file, at ?? 0);
    this.findings.push(source === undefined ? { rule, message, path } : { rule, message, path, source });
  }
}

/** Where a finding points in its file, or how to find it. */
type Offset = number | undefined | (() => number | undefined);

/** The namespace holding the file's top-level messages. */
function packageNamespace(proto: ParsedProto): protobuf.NamespaceBase | undefined {
  if (proto.package === "") return proto.root;
  const found = proto.root.lookup(proto.package);
  return found instanceof protobuf.Namespace ? found : undefined;
}

/** Oneofs as written; proto3 `optional` fields get a synthetic single-member oneof that is not one. */
function realOneofs(type: protobuf.Type): protobuf.OneOf[] {
  return type.oneofsArray.filter(
    (o) => !(o.fieldsArray.length === 1 && o.fieldsArray[0]?.options?.["proto3_optional"] === true),
  );
}

function oneofByTag(oneofs: readonly protobuf.OneOf[]): Map<number, protobuf.OneOf> {
  const byTag = new Map<number, protobuf.OneOf>();
  for (const oneof of oneofs) for (const field of oneof.fieldsArray) byTag.set(field.id, oneof);
  return byTag;
}

function bestOverlap(candidates: readonly protobuf.OneOf[], tags: ReadonlySet<number>): protobuf.OneOf | undefined {
  let best: protobuf.OneOf | undefined;
  let bestCount = 0;
  for (const candidate of candidates) {
    const count = candidate.fieldsArray.filter((f) => tags.has(f.id)).length;
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}

/** `.shop.Order.Line` → `Order.Line` in package shop; other packages keep their full name. */
function packageRelative(proto: ParsedProto, name: string): string {
  const absolute = name.replace(/^\./, "");
  const prefix = proto.package === "" ? "" : `${proto.package}.`;
  return prefix !== "" && absolute.startsWith(prefix) ? absolute.slice(prefix.length) : absolute;
}

function code(name: string): string {
  return `\`${name}\``;
}

function quoteOrNone(packageName: string): string {
  return packageName === "" ? "no package" : code(packageName);
}

function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1) ?? ""}`;
}
