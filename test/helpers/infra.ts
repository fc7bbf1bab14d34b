// Thin wrapper around scripts/infra.sh, shared by test/global-setup.ts (main process) and servers.ts (workers).
import { execFile } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const repo = fileURLToPath(new URL("../..", import.meta.url));
export const infraScript = join(repo, "scripts/infra.sh");

/** Where infra.sh keeps configs, data, logs, pid files and each instance's `info`. */
export const infraRunDir = process.env.KGOV_INFRA_DIR ?? join(repo, ".test-infra-run");

/** Runs scripts/infra.sh; its stderr (progress, and the servers' log tails on failure) becomes the error message. */
export async function infra(...args: string[]): Promise<void> {
  try {
    await promisify(execFile)("bash", [infraScript, ...args], { maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`scripts/infra.sh ${args.join(" ")} failed${stderr ? `:\n${stderr}` : ""}`, { cause: error });
  }
}
