import { expect } from "vitest";
import { resolveDesiredSubjects } from "../../../src/core/subjects/index.js";
import { desiredStateOf } from "../../helpers/desired-state.js";

/** Resolves the subjects of a kgov.yaml (`version: 1` is added) over these schema files. */
export function resolve(yaml: string, schemaFiles: Record<string, string>) {
  const { state, diagnostics } = desiredStateOf({ "kgov.yaml": `version: 1\n${yaml}` });
  expect(diagnostics).toEqual([]);
  return resolveDesiredSubjects(state, new Map(Object.entries(schemaFiles)));
}
