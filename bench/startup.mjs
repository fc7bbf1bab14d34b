// Startup: `kgov --help` against a bare `node -e 0`, measured in the same run. Target ratio ≤ 2.0.
import { fileURLToPath } from "node:url";
import { timeInterleaved } from "./lib.mjs";

const kgov = fileURLToPath(new URL("../bin/kgov.js", import.meta.url));

export async function benchStartup() {
  const [baseline, help] = timeInterleaved([
    [process.execPath, ["-e", "0"]],
    [process.execPath, [kgov, "--help"]],
  ]);
  const ratio = help.medianMs / baseline.medianMs;
  return {
    title: "Startup: `kgov --help` vs `node -e 0`",
    target: "ratio ≤ 2.0",
    pass: ratio <= 2.0,
    rows: [
      ["node -e 0 (baseline)", `${baseline.medianMs.toFixed(1)} ms`, "1.00"],
      ["kgov --help", `${help.medianMs.toFixed(1)} ms`, ratio.toFixed(2)],
    ],
    columns: ["command", `median of ${help.runs}`, "ratio"],
  };
}
