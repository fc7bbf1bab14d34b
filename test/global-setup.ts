// globalSetup of both real-server projects (vitest.config.ts). Once per vitest run, however many of those
// projects run:
// - take a machine-wide lock, so a second run (another work tree, another engineer) waits instead of sharing
//   or stopping this run's servers: their ports are fixed, and two sets of JVMs would starve 2 cores anyway;
// - fetch the servers' jars before any worker starts a server (infra.sh fails, and so the run, with a clear
//   message when Java or Maven is missing: never a silent skip);
// - when the run ends, passed or failed, stop every server and release the lock.
import { spawn } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { infra } from "./helpers/infra.js";

interface Run {
  projects: number;
  release: () => void;
}

// Each project loads this module separately; state shared between them lives on globalThis.
const key = Symbol.for("kgov.test.real-servers");
const shared = globalThis as unknown as Record<symbol, Promise<Run> | undefined>;

/** Holds `flock` on a lock file through a child process; the lock goes when its stdin closes, even if vitest dies. */
async function lockMachine(): Promise<() => void> {
  const file = join(tmpdir(), "kgov-real-servers.lock");
  const child = spawn("flock", [file, "-c", "echo locked && exec cat >/dev/null"], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const waiting = setTimeout(() => console.warn(`waiting for another test run to release ${file} …`), 2000);
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout.once("data", () => resolve());
      child.once("error", reject);
      child.once("exit", (code) => reject(new Error(`flock ${file} exited with ${code}`)));
    });
  } finally {
    clearTimeout(waiting);
  }
  return () => child.stdin.end();
}

async function begin(): Promise<Run> {
  const release = await lockMachine();
  try {
    await infra("fetch");
  } catch (error) {
    release();
    throw error;
  }
  return { projects: 0, release };
}

export default async function setup(): Promise<() => Promise<void>> {
  shared[key] ??= begin();
  const run = await shared[key];
  run.projects++;
  return async () => {
    if (--run.projects > 0) return;
    shared[key] = undefined;
    try {
      await infra("stop", "all");
    } finally {
      run.release();
    }
  };
}
