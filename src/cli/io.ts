/**
 * Everything the CLI layer needs from the outside world, injected so that tests run main() in-process.
 * Only src/cli/run.ts builds the real one from `process`.
 */
export interface OutputStream {
  write(text: string): void;
  /** True when the stream is an interactive terminal (colour, prompts and progress are allowed). */
  readonly isTTY: boolean;
}

export interface CliIo {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Reads one line from the terminal; undefined when stdin is not interactive. */
  readonly prompt?: (question: string) => Promise<string | undefined>;
  /** Aborted when the user interrupts (Ctrl-C); long operations stop and kgov exits 130. */
  readonly signal?: AbortSignal;
  /** Called as a command starts (not for --help or --version): the process prepares for a large input. */
  readonly commandStarting?: () => void;
}
