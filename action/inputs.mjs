// The action's inputs (INPUT_* variables set by action.yml) and the kgov command line they stand for.
import { isAbsolute, join } from "node:path";

export const COMMANDS = ["validate", "test-compat", "plan", "apply"];

export class InputError extends Error {}

function input(env, name, fallback = "") {
  const value = env[`INPUT_${name.toUpperCase().replace(/-/g, "_")}`];
  return value === undefined || value.trim() === "" ? fallback : value.trim();
}

function booleanInput(env, name, fallback) {
  const value = input(env, name, String(fallback)).toLowerCase();
  if (value === "true") return true;
  if (value === "false") return false;
  throw new InputError(`input ${name} must be true or false, not "${value}"`);
}

function choiceInput(env, name, choices, fallback) {
  const value = input(env, name, fallback);
  if (!choices.includes(value))
    throw new InputError(`input ${name} must be one of ${choices.join(", ")}, not "${value}"`);
  return value;
}

/**
 * Splits `args` like a shell would for plain words and quotes ('…', "…"), without running one: no variables,
 * globs or command substitution, so the input cannot execute anything.
 */
export function splitArguments(text) {
  const words = [];
  let word;
  let quote;
  for (const char of text) {
    if (quote) {
      if (char === quote) quote = undefined;
      else word += char;
    } else if (char === "'" || char === '"') {
      quote = char;
      word ??= "";
    } else if (/\s/.test(char)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else {
      word = (word ?? "") + char;
    }
  }
  if (quote) throw new InputError(`input args has an unterminated ${quote} quote`);
  if (word !== undefined) words.push(word);
  return words;
}

export function readInputs(env) {
  const command = input(env, "command");
  if (!COMMANDS.includes(command)) {
    throw new InputError(`input command must be one of ${COMMANDS.join(", ")}, not "${command}"`);
  }
  return {
    command,
    environment: input(env, "environment"),
    workingDirectory: input(env, "working-directory", "."),
    args: splitArguments(input(env, "args")),
    planFile: input(env, "plan-file", "kgov-plan.json"),
    comment: booleanInput(env, "comment", true),
    annotate: choiceInput(env, "annotate", ["all", "changed-files"], "all"),
    token: input(env, "github-token"),
    base: input(env, "base", "auto"),
    graph: booleanInput(env, "graph", true),
  };
}

/** The arguments kgov gets; plan-file is relative to the working directory, as kgov resolves it. */
export function kgovArguments(inputs) {
  const environment = inputs.environment ? ["--env", inputs.environment] : [];
  switch (inputs.command) {
    case "validate":
      return ["validate", "--output", "github-actions", ...environment, ...inputs.args];
    case "test-compat":
      return ["schema", "test-compat", "--output", "github-actions", ...environment, ...inputs.args];
    case "plan":
      // One run gives both: the Markdown plan on stdout and the same plan saved as JSON for apply.
      return [
        "plan",
        "--output",
        "markdown",
        "--out",
        inputs.planFile,
        "--detailed-exitcode",
        // The revision last applied: what its files would change too is shown as drift (resolved by run.mjs).
        ...(inputs.baseRef ? ["--base", inputs.baseRef] : []),
        ...environment,
        ...inputs.args,
      ];
    case "apply":
      // A saved plan is applied without a prompt, and only if neither the cluster nor the files changed since.
      return ["apply", inputs.planFile, ...environment, ...inputs.args];
  }
  throw new InputError(`unknown command ${inputs.command}`);
}

/** The plan file as seen from the repository root, for later steps (upload-artifact runs there). */
export function planFileFromRoot(inputs) {
  if (isAbsolute(inputs.planFile) || inputs.workingDirectory === ".") return inputs.planFile;
  return join(inputs.workingDirectory, inputs.planFile);
}
