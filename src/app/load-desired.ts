import { hasErrors, type Diagnostic } from "../core/diagnostics/index.js";
import { buildDesiredState } from "../core/load/build-state.js";
import { checkStructure } from "../core/load/check-structure.js";
import { parseYaml, type ParsedYaml } from "../core/load/parse-yaml.js";
import type { DesiredEnvironment, DesiredState } from "../core/model/desired.js";
import type { FilesPort } from "../ports/files.js";

export interface LoadRequest {
  /** -f paths; empty means the defaults. */
  readonly paths: readonly string[];
  readonly environment?: string;
  readonly variables: Readonly<Record<string, string | undefined>>;
}

export interface LoadResult {
  /** Undefined when a file could not be read or parsed at all. */
  readonly state?: DesiredState;
  readonly files: readonly string[];
  readonly diagnostics: Diagnostic[];
  /** Text of every file read, for code frames. */
  readonly sources: ReadonlyMap<string, string>;
}

/** The desired-state files read and parsed, not yet checked or merged. */
export interface ReadFiles {
  readonly parsed: readonly ParsedYaml[];
  readonly files: readonly string[];
  readonly diagnostics: Diagnostic[];
  readonly sources: Map<string, string>;
}

/**
 * Reads and parses the desired-state files. All problems are collected, and results keep the files' order. Files
 * whose text mentions `schemas` (the only ones that can reference schema files) are parsed first and handed to
 * `parsedFirst`, so checking those schema files can start while the others (often large ACL files) are parsed.
 */
export async function readDesiredFiles(
  request: LoadRequest,
  files: FilesPort,
  parsedFirst?: (parsed: readonly ParsedYaml[]) => void,
): Promise<ReadFiles> {
  const discovered = await files.discoverDesiredFiles(request.paths);
  const texts = await Promise.all(discovered.paths.map(async (path) => ({ path, read: await files.readText(path) })));
  const results = texts.map(() => ({ diagnostics: [] as Diagnostic[], file: undefined as ParsedYaml | undefined }));
  const parseAt = (i: number) => Object.assign(results[i]!, parseFile(texts[i]!.path, texts[i]!.read.text));
  const first: number[] = [];
  const rest: number[] = [];
  texts.forEach(({ read }, i) => (read.text?.includes("schemas") ? first : rest).push(i));
  first.forEach(parseAt);
  parsedFirst?.(first.flatMap((i) => results[i]!.file ?? []));
  for (const i of rest) {
    // Between files the event loop turns, so a cluster read started before the load progresses meanwhile.
    await new Promise((resolve) => setImmediate(resolve));
    parseAt(i);
  }

  const diagnostics = [...discovered.diagnostics];
  const sources = new Map<string, string>();
  texts.forEach(({ path, read }, i) => {
    diagnostics.push(...read.diagnostics, ...results[i]!.diagnostics);
    if (read.text !== undefined) sources.set(path, read.text);
  });
  return { parsed: results.flatMap((r) => r.file ?? []), files: discovered.paths, diagnostics, sources };
}

function parseFile(path: string, text: string | undefined): { diagnostics: Diagnostic[]; file?: ParsedYaml } {
  if (text === undefined) return { diagnostics: [] };
  const result = text.trim() === "" ? undefined : parseYaml({ path, text });
  if (result && !result.file) return { diagnostics: result.diagnostics };
  // A file with nothing but comments is as empty as a blank one.
  if (!result?.file || result.file.value === null) {
    const empty: Diagnostic = {
      code: "format/empty-file",
      severity: "warning",
      message: `${path} is empty`,
      fix: "Add `version: 1` and content, or delete the file.",
      source: { file: path, start: { line: 1, column: 1 } },
    };
    return { diagnostics: [...(result?.diagnostics ?? []), empty] };
  }
  return { diagnostics: result.diagnostics, file: result.file };
}

/** Structurally checks and merges files read by readDesiredFiles. */
export function buildDesiredFromFiles(read: ReadFiles, request: LoadRequest): LoadResult {
  const diagnostics = [...read.diagnostics];
  for (const file of read.parsed) diagnostics.push(...checkStructure(file));
  const unreadable = diagnostics.some(
    (d) => d.severity === "error" && (d.code === "format/no-files" || d.code === "format/unreadable-file"),
  );
  if (unreadable && read.parsed.length === 0) return { files: read.files, diagnostics, sources: read.sources };
  const built = buildDesiredState(read.parsed, {
    ...(request.environment !== undefined ? { environment: request.environment } : {}),
    variables: request.variables,
  });
  diagnostics.push(...built.diagnostics);
  return { state: built.state, files: read.files, diagnostics, sources: read.sources };
}

/** Reads, parses, structurally checks and merges the desired-state files. All problems are collected. */
export async function loadDesiredState(request: LoadRequest, files: FilesPort): Promise<LoadResult> {
  return buildDesiredFromFiles(await readDesiredFiles(request, files), request);
}

/**
 * The selected environment alone, from the files that mention `environments` (usually one small kgov.yaml), so the
 * cluster can be read while the other files load. Undefined when those files have any error: the full load then
 * reports it, and the connection is resolved in turn.
 */
export async function loadEnvironmentOnly(
  request: LoadRequest & { readonly environment: string },
  files: FilesPort,
): Promise<DesiredEnvironment | undefined> {
  const discovered = await files.discoverDesiredFiles(request.paths);
  const texts = await Promise.all(discovered.paths.map((path) => files.readText(path)));
  const parsed: ParsedYaml[] = [];
  for (const [i, read] of texts.entries()) {
    if (read.text === undefined || !read.text.includes("environments")) continue;
    const result = parseYaml({ path: discovered.paths[i]!, text: read.text });
    if (!result.file || hasErrors(result.diagnostics) || hasErrors(checkStructure(result.file))) return undefined;
    parsed.push(result.file);
  }
  const built = buildDesiredState(parsed, request);
  return hasErrors(built.diagnostics) ? undefined : built.state.environment;
}
