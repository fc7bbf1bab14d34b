import type { Diagnostic, SourceRange } from "../diagnostics/index.js";
import type { CompatibilityLevel, DesiredState, SchemaFileDeclaration, SchemaType } from "../model/desired.js";
import type { DesiredSubject } from "../model/subjects.js";
import { isAvroIdlFile, schemaTypeOf } from "../schema-files/schema-type.js";

/** One place in the YAML that declares a subject: a topic's key or value binding, or a standalone entry. */
export interface SubjectDeclaration {
  /** Relative to the working directory. */
  readonly file: string;
  /** Declared, else told by the extension; undefined when neither tells (the file check reports it). */
  readonly schemaType?: SchemaType;
  /** The `.avdl` type to register. */
  readonly mainType?: string;
  /** The binding's or entry's level, else `settings.schemas.compatibility`. */
  readonly compatibility?: CompatibilityLevel;
  readonly declaredBy: DesiredSubject["declaredBy"];
  readonly source: SourceRange;
  /** The subject's name, or how to make it from the schema's record name (`<prefix><record name>`). */
  readonly naming: { readonly subject: string } | { readonly recordNamePrefix: string };
}

/**
 * The subject declarations of the state, standalone entries first, then the topics' bindings (key before value),
 * each with its defaults from `settings.schemas` applied, plus the problems of the declarations themselves.
 */
export function subjectDeclarations(state: DesiredState): {
  declarations: SubjectDeclaration[];
  diagnostics: Diagnostic[];
} {
  const defaults = state.settings.schemas ?? {};
  const diagnostics: Diagnostic[] = [];
  const declarations: SubjectDeclaration[] = [];
  const declare = (
    declared: SchemaFileDeclaration,
    declaredBy: SubjectDeclaration["declaredBy"],
    naming: SubjectDeclaration["naming"],
  ) => {
    if (declared.name !== undefined && !isAvroIdlFile(declared.resolvedFile)) diagnostics.push(nameNotIdl(declared));
    const schemaType = schemaTypeOf(declared.resolvedFile, declared.type);
    const compatibility = declared.compatibility ?? defaults.compatibility;
    declarations.push({
      file: declared.resolvedFile,
      ...(schemaType !== undefined ? { schemaType } : {}),
      ...(declared.name !== undefined && isAvroIdlFile(declared.resolvedFile) ? { mainType: declared.name } : {}),
      ...(compatibility !== undefined ? { compatibility } : {}),
      declaredBy,
      source: declared.source,
      naming,
    });
  };
  for (const entry of state.schemas?.values() ?? []) declare(entry, { kind: "standalone" }, { subject: entry.subject });
  for (const topic of state.topics.values()) {
    for (const binding of topic.schemas) {
      if (binding.subject !== undefined && binding.subjectNameStrategy !== undefined) {
        diagnostics.push({
          code: "subject/strategy-with-subject",
          severity: "error",
          message: `topic \`${topic.name}\`'s ${binding.role} schema sets both \`subject\` and \`subjectNameStrategy\``,
          why: "An explicit subject names the subject itself, so the strategy would be ignored.",
          fix: "Remove one of the two.",
          source: binding.source,
        });
      }
      const strategy = binding.subjectNameStrategy ?? defaults.subjectNameStrategy ?? "topic";
      const naming =
        binding.subject !== undefined
          ? { subject: binding.subject }
          : strategy === "topic"
            ? { subject: `${topic.name}-${binding.role}` }
            : { recordNamePrefix: strategy === "record" ? "" : `${topic.name}-` };
      declare(binding, { kind: "topic", topic: topic.name, role: binding.role }, naming);
    }
  }
  return { declarations, diagnostics };
}

function nameNotIdl(declared: SchemaFileDeclaration): Diagnostic {
  return {
    code: "subject/name-not-idl",
    severity: "error",
    message: `\`name: ${declared.name}\` is set for \`${declared.file}\`, which is not an Avro IDL (.avdl) file`,
    why: "`name` picks the type to register among the types of an IDL protocol; other schema files hold one schema.",
    fix: "Remove `name`, or point `file` at the .avdl file.",
    source: declared.source,
  };
}
