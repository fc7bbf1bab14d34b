import type { Command } from "@commander-js/extra-typings";
import type { CommandContext } from "../context.js";

export type ContextFactory = () => CommandContext;
/** Commands write their exit code here; main() returns it. */
export interface Outcome {
  code: number;
}

/** Each command module adds itself to the program; heavy work is imported lazily inside its action. */
export function registerCommands(program: Command<[], Record<string, unknown>>, context: ContextFactory, outcome: Outcome): void {
  void program;
  void context;
  void outcome;
}
