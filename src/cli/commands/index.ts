import type { Command } from "@commander-js/extra-typings";
import type { CommandContext } from "../context.js";
import { registerInitCommand } from "./init.js";
import { registerClusterCommand } from "./cluster.js";
import { registerSchemaCommand } from "./schema.js";
import { registerValidateCommand } from "./validate.js";
import { registerPlanCommand } from "./plan.js";
import { registerApplyCommand } from "./apply.js";
import { registerImportCommand } from "./import.js";
import { registerDriftCommand } from "./drift.js";
import { registerGraphCommand } from "./graph.js";

export type ContextFactory = () => CommandContext;
/** Commands write their exit code here; main() returns it. */
export interface Outcome {
  code: number;
}

/** Each command module adds itself to the program; heavy work is imported lazily inside its action. */
export function registerCommands(
  program: Command<[], Record<string, unknown>>,
  context: ContextFactory,
  outcome: Outcome,
): void {
  registerValidateCommand(program, context, outcome);
  registerClusterCommand(program, context, outcome);
  registerInitCommand(program, context, outcome);
  registerSchemaCommand(program, context, outcome);
  registerPlanCommand(program, context, outcome);
  registerApplyCommand(program, context, outcome);
  registerImportCommand(program, context, outcome);
  registerDriftCommand(program, context, outcome);
  registerGraphCommand(program, context, outcome);
}
