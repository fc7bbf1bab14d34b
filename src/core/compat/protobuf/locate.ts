import { maskIdl } from "../../schema-files/avro-idl-text.js";

/**
 * Finds messages, oneofs, fields and the package statement in .proto text. protobufjs keeps no positions, so the
 * text is scanned once (with comments and string contents blanked) for `message|enum|oneof|... Name {` blocks, and
 * fields are searched as `name = number` inside their message's own body, skipping nested declarations.
 */
export class ProtoLocator {
  private readonly masked: string;
  /** Message, enum and oneof blocks by their package-relative path, e.g. `Order`, `Order.Line`, `Order.choice`. */
  private readonly blocks = new Map<string, Block>();
  private readonly packageOffset: number | undefined;

  constructor(text: string) {
    this.masked = maskIdl(text);
    this.packageOffset = (() => {
      const match = /\bpackage\s+([\w.]+)\s*;/.exec(this.masked);
      return match === null ? undefined : match.index + match[0].indexOf(match[1] as string);
    })();
    this.index();
  }

  /** Offset of the package name, when the file has a package statement. */
  packageName(): number | undefined {
    return this.packageOffset;
  }

  /** Offset of a message's (or oneof's) name in its declaration. */
  declaration(relativeName: string): number | undefined {
    return this.blocks.get(relativeName)?.nameStart;
  }

  /** Offset of a field's name in `name = number`, inside the message's own body. */
  field(messageRelativeName: string, name: string, tag: number): number | undefined {
    const block = this.blocks.get(messageRelativeName);
    if (block === undefined) return undefined;
    const pattern = new RegExp(`(?<![\\w.])(${escape(name)})\\s*=\\s*(?:${tag}|0x${tag.toString(16)})(?![\\w.])`, "gi");
    pattern.lastIndex = block.bodyStart;
    for (let match = pattern.exec(this.masked); match !== null; match = pattern.exec(this.masked)) {
      if (match.index >= block.bodyEnd) return undefined;
      const inside = block.children.some((child) => match.index >= child.start && match.index < child.end);
      if (!inside) return match.index;
    }
    return undefined;
  }

  private index(): void {
    const stack: Block[] = [];
    let statementStart = 0;
    const masked = this.masked;
    for (let i = 0; i < masked.length; i++) {
      const c = masked[i];
      if (c === "{") {
        const header = /\b(message|enum|oneof|extend|service)\s+([\w.]+)\s*$/.exec(masked.slice(statementStart, i));
        const parent = stack.at(-1);
        const kind = (header?.[1] ?? "other") as Block["kind"];
        const name = header?.[2] ?? "";
        const named = kind === "message" || kind === "enum" || kind === "oneof";
        const base = parent?.path ?? "";
        const block: Block = {
          kind,
          path: named ? (base === "" ? name : `${base}.${name}`) : base,
          nameStart: header === null ? i : statementStart + header.index + header[0].indexOf(name, header[1]!.length),
          start: header === null ? i : statementStart + header.index,
          bodyStart: i + 1,
          bodyEnd: masked.length,
          end: masked.length,
          children: [],
        };
        // Nested messages, enums, extends, services and groups are not part of their parent's own fields.
        if (parent !== undefined && kind !== "oneof" && !(kind === "other" && !isGroup(masked, statementStart, i))) {
          parent.children.push(block);
        }
        if ((kind === "message" || kind === "enum" || kind === "oneof") && !this.blocks.has(block.path)) {
          this.blocks.set(block.path, block);
        }
        stack.push(block);
        statementStart = i + 1;
      } else if (c === "}") {
        const block = stack.pop();
        if (block !== undefined) {
          block.bodyEnd = i;
          block.end = i + 1;
        }
        statementStart = i + 1;
      } else if (c === ";") {
        statementStart = i + 1;
      }
    }
  }
}

interface Block {
  readonly kind: "message" | "enum" | "oneof" | "extend" | "service" | "other";
  readonly path: string;
  readonly nameStart: number;
  readonly start: number;
  readonly bodyStart: number;
  bodyEnd: number;
  end: number;
  readonly children: Block[];
}

/** proto2 `group` blocks declare a nested message; field option aggregates (`[(opt) = { ... }]`) do not. */
function isGroup(masked: string, from: number, to: number): boolean {
  return /\bgroup\s+\w+\s*=\s*\w+\s*(\[[^\]]*\])?\s*$/.test(masked.slice(from, to));
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
