import type { CliIo } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";

export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  tty?: boolean;
  answers?: string[];
  /** Called when a command starts (as the real binary then prepares V8 for a large input). */
  commandStarting?: () => void;
}

/** Runs kgov in-process with captured streams, the way a user would see it but without spawning Node. */
export async function runCli(argv: readonly string[], options: RunOptions = {}): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const answers = [...(options.answers ?? [])];
  const io: CliIo = {
    stdout: { write: (s) => void (stdout += s), isTTY: options.tty ?? false },
    stderr: { write: (s) => void (stderr += s), isTTY: options.tty ?? false },
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    ...(options.commandStarting ? { commandStarting: options.commandStarting } : {}),
    ...(options.answers ? { prompt: async (q: string) => ((stderr += q), answers.shift()) } : {}),
  };
  const exitCode = await main(argv, io);
  return { exitCode, stdout, stderr };
}
