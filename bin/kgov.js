#!/usr/bin/env node
// Entry point of the `kgov` binary: all logic lives in dist/ (compiled from src/).
// The compile cache keeps start-up lean for pre-commit hooks, which run kgov once per commit.
import module from "node:module";

module.enableCompileCache?.();
const { run } = await import("../dist/cli-bundle/run.js");
await run();
