#!/usr/bin/env node
// Entry point of the `kgov` binary: all logic lives in dist/ (compiled from src/).
import { run } from "../dist/cli/run.js";

await run();
