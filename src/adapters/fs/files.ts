import { mkdir, open, readdir, stat, writeFile } from "node:fs/promises";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import type { Diagnostic } from "../../core/diagnostics/index.js";
import type { FilesPort, NewFilesPort } from "../../ports/files.js";

const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
const DEFAULT_FILES = ["kgov.yaml", "kgov.yml"];
const DEFAULT_DIR = "kgov.d";
const YAML_FILE = /\.ya?ml$/i;

function at(file: string): Diagnostic["source"] {
  return { file, start: { line: 1, column: 1 } };
}

function unreadable(file: string, error: unknown): Diagnostic {
  const code = (error as NodeJS.ErrnoException).code;
  const reason =
    code === "ENOENT"
      ? "does not exist"
      : code === "EACCES" || code === "EPERM"
        ? "is not readable (permission denied)"
        : code === "EISDIR"
          ? "is a directory"
          : `cannot be read (${code ?? (error as Error).message})`;
  return { code: "format/unreadable-file", severity: "error", message: `${file} ${reason}`, source: at(file) };
}

/** Strict UTF-8: a wrong encoding is reported, never silently turned into replacement characters. */
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

export function decodeText(file: string, bytes: Uint8Array): { text?: string; diagnostics: Diagnostic[] } {
  const utf16 =
    bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
  if (utf16) {
    return {
      diagnostics: [
        {
          code: "format/not-text",
          severity: "error",
          message: `${file} is UTF-16 encoded`,
          fix: "Save it as UTF-8.",
          source: at(file),
        },
      ],
    };
  }
  if (bytes.subarray(0, 8192).includes(0)) {
    return {
      diagnostics: [
        { code: "format/not-text", severity: "error", message: `${file} is a binary file, not text`, source: at(file) },
      ],
    };
  }
  try {
    return { text: utf8.decode(bytes), diagnostics: [] };
  } catch {
    return {
      diagnostics: [
        {
          code: "format/not-text",
          severity: "error",
          message: `${file} is not valid UTF-8 text`,
          fix: "Save it as UTF-8.",
          source: at(file),
        },
      ],
    };
  }
}

export function createFilesAdapter(cwd: string): FilesPort & NewFilesPort {
  const display = (p: string) => {
    const rel = relative(cwd, resolve(cwd, p));
    return rel === "" ? "." : rel.startsWith("..") || isAbsolute(rel) ? p : rel.split(sep).join("/");
  };

  async function walk(dir: string, out: string[]): Promise<void> {
    const entries = await readdir(resolve(cwd, dir), { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path, out);
      else if (entry.isFile() && YAML_FILE.test(entry.name)) out.push(display(path));
    }
  }

  return {
    async discoverDesiredFiles(paths) {
      const diagnostics: Diagnostic[] = [];
      const found: string[] = [];
      const explicit = paths.length > 0;
      const candidates = explicit ? paths : [...DEFAULT_FILES, DEFAULT_DIR];
      for (const p of candidates) {
        try {
          const info = await stat(resolve(cwd, p));
          if (info.isDirectory()) await walk(p, found);
          else found.push(display(p));
        } catch (error) {
          if (explicit) diagnostics.push(unreadable(display(p), error));
        }
      }
      if (found.length === 0 && diagnostics.length === 0) {
        diagnostics.push({
          code: "format/no-files",
          severity: "error",
          message: explicit ? `no YAML files under ${paths.join(", ")}` : "no desired-state files found",
          fix: explicit
            ? "Point -f at .yaml/.yml files or folders holding them."
            : "Create kgov.yaml (`kgov init`), or pass files or folders with -f.",
        });
      }
      return { paths: [...new Set(found)], diagnostics };
    },

    async readText(path, options) {
      const maxBytes = options?.maxBytes ?? DEFAULT_MAX_BYTES;
      let handle;
      try {
        handle = await open(resolve(cwd, path), "r");
        const info = await handle.stat();
        if (info.isDirectory())
          return { diagnostics: [unreadable(path, Object.assign(new Error(), { code: "EISDIR" }))] };
        if (info.size > maxBytes) {
          return {
            diagnostics: [
              {
                code: "format/unreadable-file",
                severity: "error",
                message: `${path} is ${(info.size / 1048576).toFixed(1)} MiB; kgov reads files up to ${(maxBytes / 1048576).toFixed(0)} MiB`,
                fix: "Split it into smaller files.",
                source: at(path),
              },
            ],
          };
        }
        return decodeText(path, await handle.readFile());
      } catch (error) {
        const notFound = (error as NodeJS.ErrnoException).code === "ENOENT";
        return { ...(notFound ? { notFound } : {}), diagnostics: [unreadable(path, error)] };
      } finally {
        await handle?.close();
      }
    },

    async createNewFiles(files, options = {}) {
      const existing: string[] = [];
      if (!options.overwrite) {
        for (const f of files) {
          try {
            await stat(resolve(cwd, f.path));
            existing.push(f.path);
          } catch {
            // absent: fine to create
          }
        }
      }
      if (existing.length > 0) {
        const refusal = options.refusal ?? initRefusal;
        return { created: [], diagnostics: existing.map((path) => ({ ...refusal(path), source: at(path) })) };
      }
      const created: string[] = [];
      for (const f of files) {
        const target = resolve(cwd, f.path);
        await mkdir(dirname(target), { recursive: true });
        // "wx" fails if the file appeared since the check above, rather than overwriting it.
        await writeFile(target, f.text, { flag: options.overwrite ? "w" : "wx" });
        created.push(f.path);
      }
      return { created, diagnostics: [] };
    },
  };
}

function initRefusal(path: string): Diagnostic {
  return {
    code: "cli/file-exists",
    severity: "error",
    message: `${path} already exists; kgov init never overwrites files`,
    fix: "Move it away or run kgov init in an empty folder.",
  };
}
