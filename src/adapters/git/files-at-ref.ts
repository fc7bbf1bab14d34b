import { execFile } from "node:child_process";
import { posix } from "node:path";
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
): Promise<{ files?: FilesPort; diagnostics: Diagnostic[] }> {
  let prefix: string;
  try {
    await git(cwd, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
    prefix = (await git(cwd, ["rev-parse", "--show-prefix"])).toString("utf8").trim();
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
  const inRepo = (path: string) => posix.normalize(posix.join(prefix, path));
  const listed = (await git(cwd, ["ls-tree", "-r", "--name-only", "--full-tree", ref]))
    .toString("utf8")
    .split("\n")
    .filter(Boolean);
  const exists = new Set(listed);
  const fromRepo = (p: string) => (prefix && p.startsWith(prefix) ? p.slice(prefix.length) : p);

  const files: FilesPort = {
    async discoverDesiredFiles(paths) {
      const inputs = paths.length > 0 ? paths : ["kgov.yaml", "kgov.yml", "kgov.d"];
      const found: string[] = [];
      for (const p of inputs) {
        const full = inRepo(p);
        if (exists.has(full)) found.push(p);
        else
          found.push(
            ...listed.filter((f) => f.startsWith(`${full.replace(/\/$/, "")}/`) && YAML_FILE.test(f)).map(fromRepo),
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
  return { files, diagnostics: [] };
}
