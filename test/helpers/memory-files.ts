import type { FilesPort, NewFilesPort } from "../../src/ports/files.js";

/**
 * An in-memory FilesPort for unit tests of the load/validate pipeline. A path that is a prefix of stored paths
 * acts as a folder; the default discovery (no paths) finds kgov.yaml and kgov.d/ like the real adapter.
 * The real adapter is tested separately against the file system.
 */
export function memoryFiles(files: Record<string, string>): FilesPort & NewFilesPort {
  const yaml = (p: string) => /\.ya?ml$/.test(p);
  const under = (dir: string) =>
    Object.keys(files)
      .filter((p) => p.startsWith(`${dir.replace(/\/$/, "")}/`) && yaml(p))
      .sort();
  return {
    async discoverDesiredFiles(paths) {
      const inputs = paths.length > 0 ? paths : ["kgov.yaml", "kgov.yml", "kgov.d"];
      const found: string[] = [];
      const diagnostics = [];
      for (const p of inputs) {
        if (p in files) found.push(p);
        else if (under(p).length > 0) found.push(...under(p));
        else if (paths.length > 0) {
          diagnostics.push({
            code: "format/unreadable-file" as const,
            severity: "error" as const,
            message: `${p} does not exist`,
            source: { file: p, start: { line: 1, column: 1 } },
          });
        }
      }
      if (found.length === 0 && diagnostics.length === 0) {
        diagnostics.push({
          code: "format/no-files" as const,
          severity: "error" as const,
          message: "no desired-state files found",
        });
      }
      return { paths: found, diagnostics };
    },
    async readText(path) {
      const text = files[path];
      if (text === undefined) {
        return {
          notFound: true,
          diagnostics: [
            {
              code: "format/unreadable-file",
              severity: "error",
              message: `${path} does not exist`,
              source: { file: path, start: { line: 1, column: 1 } },
            },
          ],
        };
      }
      return { text, diagnostics: [] };
    },
    async createNewFiles(newFiles) {
      const existing = newFiles.filter((f) => f.path in files);
      if (existing.length > 0) {
        return {
          created: [],
          diagnostics: existing.map((f) => ({
            code: "cli/file-exists" as const,
            severity: "error" as const,
            message: `${f.path} already exists`,
          })),
        };
      }
      for (const f of newFiles) files[f.path] = f.text;
      return { created: newFiles.map((f) => f.path), diagnostics: [] };
    },
  };
}
