import { AVRO_PRIMITIVES, isJsonObject, qualifyAvroName } from "./avro-walk.js";
import type { JsonValue } from "./json-source.js";

/**
 * Turns one type of an IDL protocol into a standalone Avro JSON schema, the only form a registry accepts: each named
 * type it uses is defined inline where it is first used and referred to by name afterwards, as Avro requires.
 * Namespaces are written explicitly wherever they differ from the enclosing one, so names resolve the same way.
 */
export function standaloneSchema(types: readonly JsonValue[], protocolNamespace: string, main: number): JsonValue {
  const definitions = new Map<string, { readonly schema: { [key: string]: JsonValue }; readonly namespace: string }>();
  for (const schema of types) {
    if (!isJsonObject(schema) || typeof schema.name !== "string") continue;
    const fullName = qualifyAvroName(
      schema.name,
      typeof schema.namespace === "string" ? schema.namespace : protocolNamespace,
    );
    definitions.set(fullName, { schema, namespace: namespaceOf(fullName) });
  }
  const emitted = new Set<string>();

  const emit = (value: JsonValue, enclosing: string): JsonValue => {
    if (typeof value === "string") {
      if (AVRO_PRIMITIVES.has(value)) return value;
      const fullName = qualifyAvroName(value, enclosing);
      const definition = definitions.get(fullName);
      if (definition !== undefined && !emitted.has(fullName))
        return emitNamed(definition.schema, definition.namespace, enclosing);
      return namespaceOf(fullName) === enclosing ? shortName(fullName) : fullName;
    }
    if (Array.isArray(value)) return value.map((branch) => emit(branch, enclosing));
    if (!isJsonObject(value)) return value;
    if (typeof value.name === "string") {
      const own = namespaceOf(
        qualifyAvroName(value.name, typeof value.namespace === "string" ? value.namespace : enclosing),
      );
      return emitNamed(value, own, enclosing);
    }
    return emitChildren(value, enclosing);
  };

  const emitNamed = (schema: { [key: string]: JsonValue }, namespace: string, enclosing: string): JsonValue => {
    const name = shortName(String(schema.name));
    emitted.add(qualifyAvroName(name, namespace));
    const rest: { [key: string]: JsonValue } = { ...schema };
    delete rest.type;
    delete rest.name;
    delete rest.namespace;
    const head: { [key: string]: JsonValue } = { type: schema.type ?? null, name };
    if (namespace !== enclosing) head.namespace = namespace;
    return { ...head, ...emitChildren(rest, namespace) };
  };

  const emitChildren = (schema: { [key: string]: JsonValue }, namespace: string): { [key: string]: JsonValue } => {
    // avsc's IDL reader puts "type" after annotations and before "name"; the usual order reads better.
    const copy: { [key: string]: JsonValue } =
      schema.type === undefined ? { ...schema } : { type: schema.type, ...schema };
    if (Array.isArray(schema.fields)) {
      copy.fields = schema.fields.map((field) =>
        isJsonObject(field) && field.type !== undefined
          ? { name: field.name ?? null, ...field, type: emit(field.type, namespace) }
          : field,
      );
    }
    if (schema.items !== undefined) copy.items = emit(schema.items, namespace);
    if (schema.values !== undefined) copy.values = emit(schema.values, namespace);
    return copy;
  };

  const mainSchema = types[main];
  if (!isJsonObject(mainSchema)) return mainSchema ?? null;
  const mainNamespace = typeof mainSchema.namespace === "string" ? mainSchema.namespace : protocolNamespace;
  return emitNamed(mainSchema, namespaceOf(qualifyAvroName(String(mainSchema.name), mainNamespace)), "");
}

function namespaceOf(fullName: string): string {
  return fullName.includes(".") ? fullName.slice(0, fullName.lastIndexOf(".")) : "";
}

function shortName(name: string): string {
  return name.slice(name.lastIndexOf(".") + 1);
}
