import { execFile } from "node:child_process";
import { posix, sep } from "node:path";
import { promisify } from "node:util";
import type { Diagnostic } from "../../core/diagnostics/index.js";
import { decodeText } from "../fs/files.js";
import type { FilesPort, ReadTextResult } from "../../ports/files.js";

const run = promisify(execFile);
const YAML_FILE = /\.ya?ml$/i;
const MAX_BUFFER = 64 * 1024 * 1024;

async function git(cwd: string, args: string[]): Promise<Buffer> {
  const { stdout } = await run("git", args, { cwd, encoding: "buffer", maxBuffer: MAX_BUFFER });
  return stdout;
}

/**
 * The files of a git revision, read with `git show <ref>:<path>`, so `kgov schema test-compat --against origin/main`
 * can load the desired state as it was there. Paths are relative to the working directory, like the fs adapter's.
 */
export async function createGitFilesAdapter(
  ref: string,
  cwd: string,
): Promise<{ files?: FilesPort; diagnostics: Diagnostic[]; describe?: (path: string) => string }> {
  let prefix: string;
  try {
    // A name starting with "-" would reach git as an option (`--output=…`): never a revision.
    if (ref.startsWith("-")) throw new Error("not a revision");
    await git(cwd, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
    prefix = (await git(cwd, ["rev-parse", "--show-prefix"])).toString("utf8").replace(/\n$/, "");
  } catch {
    return {
      diagnostics: [
        {
          code: "cli/invalid-argument",
          severity: "error",
          message: `--against ${ref} is neither a folder nor a git revision of this repository`,
          fix: "Pass a branch, tag or commit (e.g. origin/main; run `git fetch` first in CI), or a folder.",
        },
      ],
    };
  }
  const inRepo = (path: string) => posix.normalize(posix.join(prefix, path.split(sep).join("/")));
  // -z: NUL-separated and unquoted; without it git quotes names with non-ASCII characters or control characters.
  const listed = (await git(cwd, ["ls-tree", "-r", "-z", "--name-only", "--full-tree", ref]))
    .toString("utf8")
    .split("\0")
    .filter(Boolean);
  const exists = new Set(listed);
  // Back to a path relative to the working directory, also for files outside its subfolder (`-f ../config`).
  const fromRepo = (p: string) => posix.relative(prefix === "" ? "." : prefix, p);

  const files: FilesPort = {
    async discoverDesiredFiles(paths) {
      const inputs = paths.length > 0 ? paths : ["kgov.yaml", "kgov.yml", "kgov.d"];
      const found: string[] = [];
      for (const p of inputs) {
        const full = inRepo(p);
        if (exists.has(full)) {
          found.push(p);
          continue;
        }
        // A folder: its YAML files, skipping hidden folders and node_modules like the file-system adapter.
        const folder = full === "." ? "" : `${full.replace(/\/$/, "")}/`;
        found.push(
          ...listed
            .filter((f) => f.startsWith(folder) && YAML_FILE.test(f))
            .filter(
              (f) =>
                !f
                  .slice(folder.length)
                  .split("/")
                  .some((s) => s.startsWith(".") || s === "node_modules"),
            )
            .map(fromRepo),
        );
      }
      return { paths: [...new Set(found)].sort(), diagnostics: [] };
    },
    async readText(path): Promise<ReadTextResult> {
      const full = inRepo(path);
      if (!exists.has(full)) {
        return {
          notFound: true,
          diagnostics: [
            { code: "format/unreadable-file", severity: "error", message: `${path} does not exist at ${ref}` },
          ],
        };
      }
      return decodeText(path, await git(cwd, ["show", `${ref}:${full}`]));
    },
  };
  /** How a file at the revision is named in messages: `git show` syntax, `<ref>:<path from the repository root>`. */
  const describe = (path: string) => `${ref}:${inRepo(path)}`;
  return { files, diagnostics: [], describe };
}
