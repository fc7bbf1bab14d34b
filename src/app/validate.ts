import type { Diagnostic } from "../core/diagnostics/index.js";
import { parseSchemaFile } from "../core/schema-files/index.js";
import { checkAcls } from "../core/validate/acls.js";
import { checkServices } from "../core/validate/services.js";
import { checkTopics } from "../core/validate/topics.js";
import type { DesiredState } from "../core/model/desired.js";
import type { FilesPort } from "../ports/files.js";
import { loadDesiredState, type LoadRequest } from "./load-desired.js";

export interface ValidateSummary {
  readonly files: number;
  readonly topics: number;
  readonly services: number;
  readonly acls: number;
  readonly schemas: number;
}

export interface ValidateResult {
  readonly diagnostics: Diagnostic[];
  readonly sources: ReadonlyMap<string, string>;
  readonly summary: ValidateSummary;
}

/** Reads and checks each referenced schema file once, however many topics share it. */
async function checkSchemaFiles(
  state: DesiredState,
  files: FilesPort,
  sources: Map<string, string>,
): Promise<{ diagnostics: Diagnostic[]; count: number }> {
  const diagnostics: Diagnostic[] = [];
  const bindings = [...state.topics.values()].flatMap((t) => t.schemas);
  const byFile = new Map<string, (typeof bindings)[number]>();
  for (const b of bindings) if (!byFile.has(b.resolvedFile)) byFile.set(b.resolvedFile, b);
  await Promise.all(
    [...byFile.values()].map(async (binding) => {
      const read = await files.readText(binding.resolvedFile);
      if (read.text === undefined) {
        diagnostics.push(
          read.notFound
            ? {
                code: "schema/missing-file",
                severity: "error",
                message: `schema file \`${binding.file}\` does not exist (looked for ${binding.resolvedFile})`,
                fix: "Paths are relative to the YAML file that declares them.",
                source: binding.source,
              }
            : { ...read.diagnostics[0]!, source: binding.source },
        );
        return;
      }
      sources.set(binding.resolvedFile, read.text);
      const parsed = parseSchemaFile({
        path: binding.resolvedFile,
        text: read.text,
        ...(binding.type ? { type: binding.type } : {}),
      });
      diagnostics.push(...parsed.diagnostics);
    }),
  );
  return { diagnostics, count: byFile.size };
}

/** `kgov validate`: offline checks of the desired state and every schema file it references. */
export async function validateDesiredState(request: LoadRequest, files: FilesPort): Promise<ValidateResult> {
  const loaded = await loadDesiredState(request, files);
  const diagnostics = [...loaded.diagnostics];
  const sources = new Map(loaded.sources);
  const state = loaded.state;
  let schemas = 0;
  if (state) {
    diagnostics.push(...checkTopics(state.topics, state.settings));
    diagnostics.push(...checkServices(state.services, state.topics, state.settings));
    diagnostics.push(...checkAcls(state.acls));
    const checked = await checkSchemaFiles(state, files, sources);
    diagnostics.push(...checked.diagnostics);
    schemas = checked.count;
  }
  return {
    diagnostics,
    sources,
    summary: {
      files: loaded.files.length,
      topics: state?.topics.size ?? 0,
      services: state?.services.size ?? 0,
      acls: state?.acls.length ?? 0,
      schemas,
    },
  };
}
