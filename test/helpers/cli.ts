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
    ...(options.answers ? { prompt: async (q: string) => ((stderr += q), answers.shift()) } : {}),
  };
  const exitCode = await main(argv, io);
  return { exitCode, stdout, stderr };
}
