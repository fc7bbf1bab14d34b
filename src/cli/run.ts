import { ExitCode } from "./exit-codes.js";
import type { CliIo } from "./io.js";
import { main } from "./main.js";

/** The only place that touches `process`: builds the real IO, wires Ctrl-C, and sets the exit code. */
export async function run(): Promise<void> {
  // A reader that stops early (`kgov plan -o json | head`) closes the pipe: stop quietly, as other tools do.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") throw error;
      process.exit(process.exitCode ?? ExitCode.SUCCESS);
    });
  }
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
    commandStarting: keepYoungGenerationSmall,
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

/**
 * kgov runs once, builds one large model and keeps most of what it allocates, so letting V8's young generation grow
 * (it does, to tens of megabytes, on a machine with much memory) only adds resident memory: validate on a
 * 5,000-topic estate peaks at ~210 MB instead of ~330 MB, no slower. V8 reads the growth factor whenever the young generation would grow, so
 * setting it now takes effect, helper threads included. Not earlier: during start-up it costs --help ~15 ms.
 */
function keepYoungGenerationSmall(): void {
  process.getBuiltinModule("node:v8").setFlagsFromString("--semi-space-growth-factor=1");
}
