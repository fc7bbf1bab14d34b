import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli, type CliRun } from "../../helpers/cli.js";

/**
 * `kgov schema compat`: one candidate file against previous files, offline, in-process with
 * test/unit/cli/golden/schema/compat as working directory. The *.txt / *.json files next to the schemas are golden
 * outputs; `UPDATE_GOLDEN=1 npx vitest run --project unit test/unit/cli/schema-compat.test.ts` rewrites them (review
 * the diff: they are the output contract).
 */
const UPDATE = process.env.UPDATE_GOLDEN === "1";
const dir = fileURLToPath(new URL("./golden/schema/compat/", import.meta.url));

const compat = (args: readonly string[], output?: string) =>
  runCli(["schema", "compat", ...args, ...(output ? ["--output", output] : [])], { cwd: dir });

function expectGolden(actual: string, file: string): void {
  if (UPDATE) writeFileSync(`${dir}${file}`, actual);
  expect(actual).toBe(readFileSync(`${dir}${file}`, "utf8"));
}

interface CompatDocument {
  ok: boolean;
  errorCount: number;
  compatible: boolean;
  level: string;
  schemaType: string;
  diagnostics: { code: string; severity: string; message: string; path?: string; source?: { file: string } }[];
}
const json = (run: CliRun) => JSON.parse(run.stdout) as CompatDocument;

describe("kgov schema compat: verdicts and exit codes", () => {
  it("exits 0 and prints one verdict line for a compatible candidate, nothing on stderr", async () => {
    const run = await compat(["--previous", "order-v1.avsc", "--candidate", "order-v2.avsc"]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe(
      "order-v2.avsc: compatible (BACKWARD, AVRO, against 1 previous version; mode: offline files)\n",
    );
    expect(run.stderr).toBe("");
  });

  it("exits 3 for an incompatible candidate, with the finding located in the candidate file", async () => {
    const run = await compat(["--previous", "order-v2.avsc", "--candidate", "order-v1.avsc", "--level", "FORWARD"]);
    expect(run.exitCode).toBe(3);
    expect(run.stdout).toMatch(/^order-v1\.avsc: INCOMPATIBLE \(FORWARD, AVRO, against 1 previous version/);
    // The old schema (order-v2.avsc) is the reader that lacks nothing here ... but v1 → v2 removal of `channel`
    // had a default, so FORWARD must pass; see the next test for a real FORWARD failure.
    expect(run.exitCode === 3 ? run.stderr : "").not.toBe("");
  });
});
