import avro from "avsc";
import type { JsonValue } from "./json-source.js";

// avsc recurses once per level of nesting.
export const TOO_DEEP = "the schema is nested too deeply to check";

export type AvroRead =
  { readonly ok: true; readonly types: avro.Type[] } | { readonly ok: false; readonly error: string };

type Compiled = (...args: unknown[]) => unknown;
type Compile = (this: avro.Type) => Compiled;
/** The part of avsc's internal Tap (a buffer and a write position) that a writer writes through. */
interface WriteTap {
  buf: Buffer;
  pos: number;
}

/**
 * avsc compiles code (`new Function`) for every record type the moment it parses a schema: a reader, skipper,
 * checker and writer, and most of the time of checking an .avsc file goes there, into code checking never runs.
 * They are compiled on their first call instead; types behave as before.
 *
 * The writer needs care: compiling it encodes the fields' defaults with avsc's shared buffer, which, when compiled
 * on first use, is the very buffer the record is being encoded into. The bytes written so far are kept and put back.
 * Patched once, for every avsc type in the process.
 */
function compileRecordCodeLazily(): void {
  const prototype = avro.types.RecordType.prototype as unknown as Record<string, Compile>;
  for (const name of ["_createReader", "_createSkipper", "_createChecker", "_createWriter"]) {
    const compile = prototype[name];
    if (compile === undefined) throw new Error(`avsc no longer has RecordType.${name}`);
    const firstCall = name === "_createWriter" ? compileKeepingTapBytes : compileNow;
    prototype[name] = function (this: avro.Type) {
      return compiledOnFirstCall(this, compile, firstCall);
    };
  }
}

type FirstCall = (compile: Compile, type: avro.Type, args: unknown[]) => Compiled;

function compiledOnFirstCall(type: avro.Type, compile: Compile, firstCall: FirstCall): Compiled {
  let compiled: Compiled | undefined;
  return function (this: unknown, ...args: unknown[]) {
    compiled ??= firstCall(compile, type, args);
    return compiled.apply(this, args);
  };
}

function compileNow(compile: Compile, type: avro.Type): Compiled {
  return compile.call(type);
}

function compileKeepingTapBytes(compile: Compile, type: avro.Type, [tap]: unknown[]): Compiled {
  const { buf, pos } = tap as WriteTap;
  const written = Buffer.from(buf.subarray(0, Math.min(pos, buf.length)));
  const compiled = compile.call(type);
  written.copy(buf, 0);
  (tap as WriteTap).pos = pos;
  return compiled;
}

/**
 * avsc also compiles a branch class for every type, used only to wrap a union's value (`wrap()`, `wrapUnions`);
 * the same class is built here from a closure, without generating code.
 */
function buildBranchClassesWithoutCode(): void {
  const prototype = avro.Type.prototype as unknown as { _createBranchConstructor?: unknown };
  if (typeof prototype._createBranchConstructor !== "function") {
    throw new Error("avsc no longer has Type._createBranchConstructor");
  }
  prototype._createBranchConstructor = function (this: avro.Type) {
    const name = this.branchName;
    if (name === undefined || name === "null") return null;
    const Branch = function (this: Record<string, unknown>, value: unknown) {
      this[name] = value;
    } as unknown as { type: avro.Type; prototype: Record<string, unknown> };
    Branch.type = this;
    Branch.prototype.unwrap = function (this: Record<string, unknown>) {
      return this[name];
    };
    Branch.prototype.unwrapped = Branch.prototype.unwrap;
    return Branch;
  };
}

interface RecordTypeInternals {
  readonly fields: readonly { readonly name: string; defaultValue(): unknown }[];
  readonly _isError: boolean;
  _getConstructorName(): string;
}
type CreateRecordClass = (this: avro.Type, errorStack?: boolean, plainRecords?: boolean) => unknown;

/**
 * The record class (`getRecordConstructor()`) is compiled too. It is built here from a closure instead: the same
 * name, fields in order, defaults for fields left undefined, and the same methods. Error records, which may capture
 * a stack trace, keep avsc's own class.
 */
function buildRecordClassesWithoutCode(): void {
  const prototype = avro.types.RecordType.prototype as unknown as { _createConstructor?: CreateRecordClass };
  const compile = prototype._createConstructor;
  if (compile === undefined) throw new Error("avsc no longer has RecordType._createConstructor");
  prototype._createConstructor = function (this: avro.Type, errorStack?: boolean, plainRecords?: boolean) {
    const internals = this as unknown as RecordTypeInternals;
    if (errorStack === true || internals._isError) return compile.call(this, errorStack, plainRecords);
    return recordClass(this, internals, plainRecords === true);
  };
}

type Fields = Record<string, unknown>;

function recordClass(type: avro.Type, internals: RecordTypeInternals, plain: boolean): unknown {
  const names = internals.fields.map((field) => field.name);
  const defaults = internals.fields.map((field) => (field.defaultValue() === undefined ? undefined : field));
  const RecordClass = function (this: Fields, ...values: unknown[]) {
    for (let i = 0; i < names.length; i++) {
      const value = values[i];
      const withDefault = defaults[i];
      this[names[i]!] = value === undefined && withDefault !== undefined ? withDefault.defaultValue() : value;
    }
  } as unknown as { getType(): avro.Type; type: avro.Type; prototype: Fields };
  Object.defineProperty(RecordClass, "name", { value: internals._getConstructorName() });
  Object.defineProperty(RecordClass, "length", { value: names.length });
  if (plain) return RecordClass;
  RecordClass.getType = () => type;
  RecordClass.type = type;
  const methods: Fields = {
    clone(this: Fields, options?: Parameters<avro.Type["clone"]>[1]) {
      return type.clone(this, options);
    },
    compare(this: Fields, other: unknown) {
      return type.compare(this, other);
    },
    isValid(this: Fields, options?: Parameters<avro.Type["isValid"]>[1]) {
      return type.isValid(this, options);
    },
    toBuffer(this: Fields) {
      return type.toBuffer(this);
    },
    toString(this: Fields) {
      return type.toString(this);
    },
    wrap(this: Fields) {
      return type.wrap(this);
    },
  };
  Object.assign(RecordClass.prototype, methods, { wrapped: methods.wrap });
  return RecordClass;
}
compileRecordCodeLazily();
buildBranchClassesWithoutCode();
buildRecordClassesWithoutCode();

const PRIMITIVE_NAMES = ["null", "boolean", "int", "long", "float", "double", "bytes", "string"] as const;
let primitives: Record<string, avro.Type> | undefined;

/**
 * avsc builds a fresh type (with generated code) for every primitive named in every schema; primitive types are
 * immutable, so one set serves every registry.
 */
function primitiveTypes(): Record<string, avro.Type> {
  primitives ??= Object.fromEntries(PRIMITIVE_NAMES.map((name) => [name, avro.Type.forSchema(name)]));
  return primitives;
}

/**
 * Parses Avro JSON schemas in order with one registry, so later schemas can use names defined by earlier ones.
 * No `logicalTypes` option: logical types are kept as attributes and their underlying type is checked, as the
 * registry does. Anonymous records, enums and fixed types are an avsc extension the registry rejects.
 */
export function readAvroTypes(schemas: readonly JsonValue[], namespace = ""): AvroRead {
  const registry: Record<string, avro.Type> = { ...primitiveTypes() };
  try {
    const types = schemas.map((schema) =>
      avro.Type.forSchema(schema as Parameters<typeof avro.Type.forSchema>[0], {
        registry,
        namespace,
        noAnonymousTypes: true,
      }),
    );
    return { ok: true, types };
  } catch (error) {
    if (error instanceof RangeError) return { ok: false, error: TOO_DEEP };
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
