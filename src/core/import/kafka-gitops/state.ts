import { posix } from "node:path";
import type { Diagnostic } from "../../diagnostics/index.js";
import type { ParsedYaml } from "../../load/parse-yaml.js";
import type { ImportReportItem } from "../estate.js";
import type { GitopsState } from "./model.js";
import { FILE_SECTIONS, readCustomAcls, readSettings, readTopics, readUsers, SECTIONS } from "./parse.js";
import { readServices } from "./parse-services.js";
import { StateReader } from "./reader.js";

const normal = (path: string) => posix.normalize(path.replace(/\\/g, "/"));

/** Where `settings.files.<section>: ref` of `from` points: relative to the state file's folder. */
function resolve(from: string, ref: string): string {
  const r = normal(ref);
  return r.startsWith("/") ? r : posix.normalize(posix.join(posix.dirname(normal(from)), r));
}

function referencesOf(file: ParsedYaml): string[] {
  const files = (file.value as { settings?: { files?: Record<string, unknown> } } | null)?.settings?.files;
  if (files === null || typeof files !== "object") return [];
  return Object.values(files)
    .filter((v): v is string => typeof v === "string")
    .map((ref) => resolve(file.path, ref));
}

/** Everything one file declares, read and validated whole, as kafka-gitops parses every file it reads. */
function readFile(r: StateReader) {
  const root = r.object(r.file.value ?? undefined, [], `\`${r.file.path}\``, SECTIONS) ?? {};
  if (r.file.value === null) {
    r.invalid([], "the state file is empty", "Write at least one section, e.g. `topics:`.");
  }
  return {
    root,
    settings: readSettings(r, root.settings),
    topics: readTopics(r, root.topics),
    services: readServices(r, root.services, ["services"]),
    users: readUsers(r, root.users),
    customServiceAcls: readCustomAcls(r, root.customServiceAcls, "customServiceAcls"),
    customUserAcls: readCustomAcls(r, root.customUserAcls, "customUserAcls"),
  };
}

/**
 * The state kafka-gitops reads: one state file (`-f`; here the first file no other file names) plus the sections
 * its `settings.files` names, each taken only from its own file (a later entry of the same name replaces one from
 * the state file). Everything else in the input is reported as left out.
 */
export function readState(
  parsed: readonly ParsedYaml[],
  diagnostics: Diagnostic[],
  report: ImportReportItem[],
): GitopsState | undefined {
  const referenced = new Set(parsed.flatMap(referencesOf));
  const main = parsed.find((f) => !referenced.has(normal(f.path))) ?? parsed[0];
  if (!main) return undefined;
  const mainReader = new StateReader(main, diagnostics);
  const state = readFile(mainReader);
  const schemaSources: { reader: StateReader; value: unknown }[] = [{ reader: mainReader, value: state.root.schemas }];
  const used = new Set([main]);
  for (const section of FILE_SECTIONS) {
    const ref = state.settings.files[section];
    if (!ref) continue;
    const file = parsed.find((f) => normal(f.path) === resolve(main.path, ref.value));
    if (!file) {
      diagnostics.push({
        code: "import/invalid-source",
        severity: "error",
        message: `\`settings.files.${section}\` names \`${ref.value}\`, which was not given`,
        why: "kafka-gitops reads that file too and fails without it, so the state cannot be converted without it.",
        fix: `Pass \`${resolve(main.path, ref.value)}\` to the import as well.`,
        source: ref.at,
      });
      continue;
    }
    used.add(file);
    const reader = new StateReader(file, diagnostics);
    const other = readFile(reader);
    if (section === "services") for (const [k, v] of other.services) state.services.set(k, v);
    if (section === "topics") for (const [k, v] of other.topics) state.topics.set(k, v);
    if (section === "users") for (const [k, v] of other.users) state.users.set(k, v);
    if (section === "schemas") schemaSources.push({ reader, value: other.root.schemas });
    for (const key of Object.keys(other.root)) {
      if (key === section) continue;
      report.push({
        kind: "file",
        name: `${file.path}: ${key}`,
        outcome: "skipped",
        reason: `kafka-gitops reads only \`${section}\` from this file (settings.files.${section}); its \`${key}\` is ignored`,
        source: reader.at([key], "key"),
      });
    }
  }
  for (const file of parsed) {
    if (used.has(file)) continue;
    report.push({
      kind: "file",
      name: file.path,
      outcome: "skipped",
      reason: `kafka-gitops reads one state file (\`${main.path}\`) and the files its settings.files names; this file is neither`,
      source: { file: file.path, start: { line: 1, column: 1 } },
    });
  }
  reportSchemas(schemaSources, state.settings.schema, mainReader, report);
  return {
    settings: { ...state.settings, ...(state.root.settings ? { at: mainReader.at(["settings"], "key") } : {}) },
    topics: state.topics,
    services: state.services,
    users: state.users,
    customServiceAcls: state.customServiceAcls,
    customUserAcls: state.customUserAcls,
  };
}

/** Schemas are left out: kafka-gitops reads their text from further files this converter is not given. */
function reportSchemas(
  sources: readonly { reader: StateReader; value: unknown }[],
  schemaSettings: boolean,
  main: StateReader,
  report: ImportReportItem[],
): void {
  for (const { reader, value } of sources) {
    for (const subject of Object.keys(reader.mapping(value, ["schemas"], "`schemas`") ?? {})) {
      report.push({
        kind: "subject",
        name: subject,
        outcome: "skipped",
        reason: "kafka-gitops schemas are not converted; import them from the registry with `kgov import`",
        source: reader.at(["schemas", subject], "key"),
      });
    }
  }
  if (schemaSettings) {
    report.push({
      kind: "setting",
      name: "settings.schema",
      outcome: "skipped",
      reason: "schema registry settings are not converted (schemas are left out)",
      source: main.at(["settings", "schema"], "key"),
    });
  }
}
