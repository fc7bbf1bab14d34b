// globalSetup of both real-server projects (vitest.config.ts). Once per vitest run, however many of those
// projects run:
// - take a machine-wide lock, so a second run (another work tree, another engineer) waits instead of sharing
//   or stopping this run's servers: their ports are fixed, and two sets of JVMs would starve 2 cores anyway;
// - fetch the servers' jars before any worker starts a server (infra.sh fails, and so the run, with a clear
//   message when Java or Maven is missing: never a silent skip);
// - when the run ends, passed or failed, stop every server and release the lock. A detached lock holder does
//   that as soon as its stdin closes, so servers also go when vitest is interrupted (Ctrl-C) or dies.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { infra, infraScript } from "./helpers/infra.js";

interface Run {
  projects: number;
  end: () => Promise<void>;
}

// Each project loads this module separately; state shared between them lives on globalThis.
const key = Symbol.for("kgov.test.real-servers");
const shared = globalThis as unknown as Record<symbol, Promise<Run> | undefined>;

/**
 * Starts `flock <lock> …`, which says "locked" once it holds the lock, then waits for its stdin to close and
 * runs `infra.sh stop all` before letting go. Detached (own session), so a Ctrl-C meant for vitest spares it.
 * Resolves with the function that closes its stdin and waits for the servers to be gone.
 */
async function holdServers(): Promise<() => Promise<void>> {
  const lock = join(tmpdir(), "kgov-real-servers.lock");
  const holder = spawn(
    "flock",
    [lock, "bash", "-c", 'echo locked && cat >/dev/null; exec bash "$0" stop all >/dev/null 2>&1', infraScript],
    { detached: true, stdio: ["pipe", "pipe", "inherit"] },
  );
  const exited = once(holder, "exit") as Promise<[number | null]>;
  const waiting = setTimeout(() => console.warn(`waiting for another test run to release ${lock} …`), 2000);
  try {
    await Promise.race([
      once(holder.stdout, "data"),
      exited.then(([code]) => Promise.reject(new Error(`flock ${lock} exited with ${code}`))),
    ]);
  } finally {
    clearTimeout(waiting);
  }
  return async () => {
    holder.stdin.end();
    const [code] = await exited;
    if (code !== 0) throw new Error(`scripts/infra.sh stop all exited with ${code}`);
  };
}

async function begin(): Promise<Run> {
  const end = await holdServers();
  try {
    await infra("fetch");
  } catch (error) {
    await end();
    throw error;
  }
  return { projects: 0, end };
}

export default async function setup(): Promise<() => Promise<void>> {
  shared[key] ??= begin();
  const run = await shared[key];
  run.projects++;
  return async () => {
    if (--run.projects > 0) return;
    shared[key] = undefined;
    await run.end();
  };
}
