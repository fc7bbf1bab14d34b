import { ExitCode } from "./exit-codes.js";
import type { CliIo } from "./io.js";
import { main } from "./main.js";

/** The only place that touches `process`: builds the real IO, wires Ctrl-C, and sets the exit code. */
export async function run(): Promise<void> {
  const interrupt = new AbortController();
  process.on("SIGINT", () => {
    if (interrupt.signal.aborted) process.exit(ExitCode.INTERRUPTED);
    interrupt.abort();
    process.stderr.write("\nInterrupted; stopping (press Ctrl-C again to quit at once).\n");
  });
  const io: CliIo = {
    stdout: { write: (s) => void process.stdout.write(s), isTTY: process.stdout.isTTY === true },
    stderr: { write: (s) => void process.stderr.write(s), isTTY: process.stderr.isTTY === true },
    env: process.env,
    cwd: process.cwd(),
    signal: interrupt.signal,
    ...(process.stdin.isTTY
      ? {
          prompt: async (question: string) => {
            // readline loads only when kgov has something to ask, keeping start-up lean.
            const { createInterface } = await import("node:readline/promises");
            const rl = createInterface({ input: process.stdin, output: process.stderr });
            try {
              return await rl.question(question, { signal: interrupt.signal });
            } catch {
              return undefined;
            } finally {
              rl.close();
            }
          },
        }
      : {}),
  };
  process.exitCode = await main(process.argv.slice(2), io);
}
