import { posix } from "node:path";
import type {
  CompatibilityLevel,
  DesiredState,
  SchemaBinding,
  SchemaFileDeclaration,
  SchemaType,
  Settings,
  StandaloneSchema,
} from "../model/desired.js";
import type { SubjectNameStrategy } from "../model/subjects.js";
import type { ParsedYaml } from "./parse-yaml.js";

/** The schema parts of the desired state: topics' bindings, standalone `schemas:` entries, `settings.schemas`. */

type Obj = Record<string, unknown>;
const asObj = (v: unknown): Obj => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const asString = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** A section entry and where it was written. */
export interface SchemaDecl {
  readonly value: Obj;
  readonly file: ParsedYaml;
  readonly path: readonly (string | number)[];
}

const SCHEMA_ROLES = ["key", "value"] as const;

/** A schema file's path relative to the working directory: paths in a YAML file are relative to that file. */
function resolveSchemaFile(declaringFile: ParsedYaml, file: string): string {
  return posix.normalize(posix.join(posix.dirname(declaringFile.path), file));
}

/** Raw schema-file entries of one parsed file: topics' key and value bindings, then standalone entries. */
function rawSchemaEntries(file: ParsedYaml): Obj[] {
  const root = asObj(file.value);
  const bindings = Object.values(asObj(root.topics)).flatMap((topic) =>
    SCHEMA_ROLES.map((role) => asObj(asObj(asObj(topic).schemas)[role])),
  );
  return [...bindings, ...Object.values(asObj(root.schemas)).map(asObj)];
}

/**
 * Every schema file the topics and standalone entries in these files reference, straight from the parsed files
 * (before they are merged and checked), so that reading and checking them can start early. The first reference to
 * a file decides its type.
 */
export function referencedSchemaFiles(files: readonly ParsedYaml[]): { path: string; type?: SchemaType }[] {
  const found = new Map<string, { path: string; type?: SchemaType }>();
  for (const file of files) {
    for (const raw of rawSchemaEntries(file)) {
      if (typeof raw.file !== "string") continue;
      const path = resolveSchemaFile(file, raw.file);
      if (!found.has(path))
        found.set(path, { path, ...(typeof raw.type === "string" ? { type: raw.type as SchemaType } : {}) });
    }
  }
  return [...found.values()];
}

/** The fields a binding and a standalone entry share, or nothing when `file` is missing (reported structurally). */
function schemaFileDeclaration(decl: SchemaDecl): SchemaFileDeclaration | undefined {
  const { value: raw, file, path } = decl;
  if (typeof raw.file !== "string") return undefined;
  const type = asString(raw.type) as SchemaType | undefined;
  const name = asString(raw.name);
  const compatibility = asString(raw.compatibility) as CompatibilityLevel | undefined;
  return {
    file: raw.file,
    resolvedFile: resolveSchemaFile(file, raw.file),
    ...(type !== undefined ? { type } : {}),
    ...(name !== undefined ? { name } : {}),
    ...(compatibility !== undefined ? { compatibility } : {}),
    source: file.rangeOf([...path, "file"]),
  };
}

export function schemaBindings(topic: SchemaDecl): SchemaBinding[] {
  return SCHEMA_ROLES.flatMap((role) => {
    const decl = { ...topic, value: asObj(asObj(topic.value.schemas)[role]), path: [...topic.path, "schemas", role] };
    const declared = schemaFileDeclaration(decl);
    if (declared === undefined) return [];
    const subject = asString(decl.value.subject);
    const strategy = asString(decl.value.subjectNameStrategy) as SubjectNameStrategy | undefined;
    return [
      {
        ...declared,
        role,
        ...(subject !== undefined ? { subject } : {}),
        ...(strategy !== undefined ? { subjectNameStrategy: strategy } : {}),
      },
    ];
  });
}

export function standaloneSchemas(decls: ReadonlyMap<string, SchemaDecl>): Map<string, StandaloneSchema> {
  const out = new Map<string, StandaloneSchema>();
  for (const [subject, decl] of decls) {
    const declared = schemaFileDeclaration(decl);
    if (declared !== undefined) out.set(subject, { ...declared, subject });
  }
  return out;
}

export function schemaSettings(settings: Obj): Settings["schemas"] {
  if (typeof settings.schemas !== "object" || settings.schemas === null) return undefined;
  const raw = asObj(settings.schemas);
  const strategy = asString(raw.subjectNameStrategy) as SubjectNameStrategy | undefined;
  const compatibility = asString(raw.compatibility) as CompatibilityLevel | undefined;
  return {
    ...(strategy !== undefined ? { subjectNameStrategy: strategy } : {}),
    ...(compatibility !== undefined ? { compatibility } : {}),
  };
}

/** Every schema file the merged state declares, standalone entries first, in the order they were declared. */
export function schemaFileDeclarations(state: DesiredState): SchemaFileDeclaration[] {
  const bindings = [...state.topics.values()].flatMap((topic) => topic.schemas);
  return [...(state.schemas?.values() ?? []), ...bindings];
}
