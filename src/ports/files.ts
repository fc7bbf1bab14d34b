import type { Diagnostic } from "../core/diagnostics/index.js";

/** Reads the user's files for the pure core. Paths are relative to the working directory when possible. */
export interface FilesPort {
  /**
   * Expands the given paths: files as they are, directories walked for `*.yaml` / `*.yml` (sorted, hidden folders
   * and node_modules skipped). With no paths, the defaults `kgov.yaml` / `kgov.yml` and the `kgov.d/` folder.
   */
  discoverDesiredFiles(paths: readonly string[]): Promise<{ paths: string[]; diagnostics: Diagnostic[] }>;
  /** Reads a text file as UTF-8, refusing binary, non-UTF-8 and oversized content with a diagnostic. */
  readText(path: string, options?: { maxBytes?: number }): Promise<ReadTextResult>;
}

export interface ReadTextResult {
  readonly text?: string;
  /** True when the file does not exist, so callers can word their own "missing" diagnostic. */
  readonly notFound?: boolean;
  readonly diagnostics: Diagnostic[];
}

/** Writes files that must not exist yet (kgov init, kgov import). */
export interface NewFilesPort {
  /**
   * Creates the files (and their folders); refuses, writing nothing, when any of them already exists, with the
   * `refusal` diagnostic for each (default: kgov init's). `overwrite` replaces existing files instead.
   */
  createNewFiles(
    files: readonly { path: string; text: string }[],
    options?: { overwrite?: boolean; refusal?: (path: string) => Diagnostic },
  ): Promise<{ created: string[]; diagnostics: Diagnostic[] }>;
}
