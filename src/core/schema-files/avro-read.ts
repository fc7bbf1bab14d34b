import avro from "avsc";
import type { JsonValue } from "./json-source.js";

// avsc recurses once per level of nesting.
export const TOO_DEEP = "the schema is nested too deeply to check";

export type AvroRead =
  { readonly ok: true; readonly types: avro.Type[] } | { readonly ok: false; readonly error: string };

type Compile = (this: avro.Type) => (...args: unknown[]) => unknown;

/**
 * avsc compiles a reader, skipper, writer and checker (`new Function`) for every record type the moment it parses a
 * schema: most of the time of checking an .avsc file, for code that checking never runs. The reader, skipper and
 * checker are compiled on their first call instead; types behave as before. The writer stays eager: compiling it
 * encodes the fields' defaults into avsc's shared buffer, which must not happen in the middle of encoding a record.
 * Patched once, for every avsc type in the process.
 */
function compileRecordCodeLazily(): void {
  const prototype = avro.types.RecordType.prototype as unknown as Record<string, Compile>;
  for (const name of ["_createReader", "_createSkipper", "_createChecker"]) {
    const compile = prototype[name];
    if (compile === undefined) throw new Error(`avsc no longer has RecordType.${name}`);
    prototype[name] = function (this: avro.Type) {
      return compiledOnFirstCall(compile, this);
    };
  }
}

function compiledOnFirstCall(compile: Compile, type: avro.Type): (...args: unknown[]) => unknown {
  let compiled: ((...args: unknown[]) => unknown) | undefined;
  return function (this: unknown, ...args: unknown[]) {
    compiled ??= compile.call(type);
    return compiled.apply(this, args);
  };
}
compileRecordCodeLazily();

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
