import { randomBytes } from "node:crypto";
import { rename, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { Diagnostic } from "../../core/diagnostics/index.js";

/**
 * Writes a saved plan (`kgov plan --out`). The text goes to a temporary file that is then renamed over the target, so
 * an interrupted write never leaves half a plan behind for `kgov apply` to trip on. Returns diagnostics on failure.
 */
export async function writePlanFile(path: string, text: string, cwd: string): Promise<Diagnostic[]> {
  const target = resolve(cwd, path);
  const temporary = `${target}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    await writeFile(temporary, text, { encoding: "utf8", mode: 0o644 });
    await rename(temporary, target);
    return [];
  } catch (error) {
    const reason = error instanceof Error && "code" in error ? String((error as NodeJS.ErrnoException).code) : "error";
    return [
      {
        code: "cli/invalid-argument",
        severity: "error",
        message: `cannot write the plan to ${path} (${reason})`,
        fix: "Check that the folder exists and is writable, or pass another path to --out.",
        path,
      },
    ];
  }
}
