import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli, type CliRun } from "../../helpers/cli.js";

/**
 * `kgov schema compat`: one candidate file against previous files, offline, run in-process with
 * test/unit/cli/golden/schema/compat as working directory. The schemas there:
 *   order-v1 {orderId} → order-v2 {orderId, channel with default} → order-v3 {orderId, channel without default}
 *   order-invalid: a default that does not match its type; payment-v1/v2.json: maxLength 64 → 36;
 *   refund-v1/v2.proto: field 2 int64 → double.
 * The `golden-*` files are expected outputs; `UPDATE_GOLDEN=1 npx vitest run --project unit
 * test/unit/cli/schema-compat.test.ts` rewrites them (review the diff: they are the output contract).
 */
const UPDATE = process.env.UPDATE_GOLDEN === "1";
const dir = fileURLToPath(new URL("./golden/schema/compat/", import.meta.url));

const compat = (args: readonly string[]) => runCli(["schema", "compat", ...args], { cwd: dir });

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
  diagnostics: {
    code: string;
    severity: string;
    message: string;
    path?: string;
    source?: { file: string; start: { line: number; column: number } };
  }[];
}
const doc = (run: CliRun) => JSON.parse(run.stdout) as CompatDocument;

describe("kgov schema compat: golden output of an incompatible candidate", () => {
  const args = ["--previous", "order-v1.avsc", "--candidate", "order-v3.avsc"];

  it.each([
    { output: "text", file: "golden-incompatible.txt", capture: (r: CliRun) => r.stderr + r.stdout },
    { output: "json", file: "golden-incompatible.json", capture: (r: CliRun) => r.stdout },
    { output: "github-actions", file: "golden-incompatible.github-actions.txt", capture: (r: CliRun) => r.stdout },
  ])("--output $output matches $file and exits 3", async ({ output, file, capture }) => {
    const run = await compat([...args, "--output", output]);
    expectGolden(capture(run), file);
    expect(run.exitCode).toBe(3);
  });

  it("text: the verdict on stdout, the located finding with a code frame on stderr", async () => {
    const run = await compat(args);
    expect(run.stdout).toBe(
      "order-v3.avsc: INCOMPATIBLE (BACKWARD, AVRO, against 1 previous version; mode: offline files)\n",
    );
    expect(run.stderr).toContain("error[compat/avro/field-missing-default]");
    expect(run.stderr).toContain("new schema reading data of version 1");
    expect(run.stderr).toMatch(/--> order-v3\.avsc:7:\d+\n/);
    expect(run.stderr).toContain('> 7 |     { "name": "channel", "type": "string" }');
  });

  it("json: the document alone on stdout, with the verdict fields", async () => {
    const run = await compat([...args, "--output", "json"]);
    expect(run.stderr).toBe("");
    const d = doc(run);
    expect(d).toMatchObject({ ok: false, errorCount: 1, compatible: false, level: "BACKWARD", schemaType: "AVRO" });
    expect(d.diagnostics[0]).toMatchObject({
      code: "compat/avro/field-missing-default",
      path: "OrderRequested.channel",
      source: { file: "order-v3.avsc", start: { line: 7 } },
    });
  });

  it("github-actions: one ::error annotation on the candidate's line", async () => {
    const run = await compat([...args, "--output", "github-actions"]);
    expect(run.stdout).toMatch(
      /^::error file=order-v3\.avsc,line=7,col=\d+,.*title=compat\/avro\/field-missing-default::/,
    );
    expect(run.stdout.trim().split("\n")).toHaveLength(1);
  });
});

describe("kgov schema compat: verdicts and exit codes", () => {
  it("exits 0 with one verdict line for a compatible candidate, nothing on stderr", async () => {
    const run = await compat(["--previous", "order-v1.avsc", "--candidate", "order-v2.avsc"]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe(
      "order-v2.avsc: compatible (BACKWARD, AVRO, against 1 previous version; mode: offline files)\n",
    );
    expect(run.stderr).toBe("");
    const json = doc(await compat(["--previous", "order-v1.avsc", "--candidate", "order-v2.avsc", "-o", "json"]));
    expect(json).toMatchObject({ ok: true, compatible: true, diagnostics: [] });
  });

  it("FORWARD swaps the roles: the old schema must read new data, and its finding points into the old file", async () => {
    expect(
      (await compat(["--level", "FORWARD", "--previous", "order-v1.avsc", "--candidate", "order-v3.avsc"])).exitCode,
    ).toBe(0);
    const run = await compat(["--level", "FORWARD", "--previous", "order-v3.avsc", "--candidate", "order-v1.avsc"]);
    expect(run.exitCode).toBe(3);
    expect(run.stderr).toContain("old schema reading data of the new one, vs version 1");
    expect(run.stderr).toMatch(/--> order-v3\.avsc:7:\d+\n/);
  });

  it("the transitivity trap: BACKWARD passes v3 against v1, v2; BACKWARD_TRANSITIVE fails it against version 1", async () => {
    const history = ["--previous", "order-v1.avsc", "--previous", "order-v2.avsc", "--candidate", "order-v3.avsc"];
    const backward = await compat(history);
    expect(backward.exitCode).toBe(0);
    expect(backward.stdout).toContain("against 2 previous versions");
    const transitive = await compat([...history, "--level", "BACKWARD_TRANSITIVE"]);
    expect(transitive.exitCode).toBe(3);
    expect(transitive.stderr).toContain("version 1:");
    expect(transitive.stderr).not.toContain("version 2:");
  });

  it("NONE accepts anything valid", async () => {
    const run = await compat(["--level", "NONE", "--previous", "order-v1.avsc", "--candidate", "order-v3.avsc"]);
    expect(run.exitCode).toBe(0);
  });

  it.each([
    ["JSON", "payment-v1.json", "payment-v2.json", "compat/json/max-length-decreased", "payment-v2.json:4:36"],
    [
      "PROTOBUF",
      "refund-v1.proto",
      "refund-v2.proto",
      "compat/protobuf/field-scalar-kind-changed",
      "refund-v2.proto:7:",
    ],
  ])("--type %s: exit 3 with the format's rule, located", async (type, previous, candidate, code, location) => {
    const run = await compat(["--type", type, "--previous", previous, "--candidate", candidate]);
    expect(run.exitCode).toBe(3);
    expect(run.stdout).toContain(`INCOMPATIBLE (BACKWARD, ${type},`);
    expect(run.stderr).toContain(`error[${code}]`);
    expect(run.stderr).toContain(`--> ${location}`);
    // and the reverse change is fine for JSON (maxLength increased), still not for Protobuf
    const reverse = await compat(["--type", type, "--previous", candidate, "--candidate", previous]);
    expect(reverse.exitCode).toBe(type === "JSON" ? 0 : 3);
  });

  it("an invalid candidate exits 3 as `cannot decide`, never as incompatible", async () => {
    const run = await compat(["--previous", "order-v1.avsc", "--candidate", "order-invalid.avsc"]);
    expect(run.exitCode).toBe(3);
    expect(run.stdout).toContain("order-invalid.avsc: cannot decide: invalid schema");
    expect(run.stderr).toContain("error[compat/invalid-schema]");
    expect(run.stderr).toContain("the candidate schema cannot be parsed");
    const json = doc(await compat(["--previous", "order-v1.avsc", "--candidate", "order-invalid.avsc", "-o", "json"]));
    expect(json.compatible).toBe(false);
    expect(json.diagnostics.map((d) => d.code)).toEqual(["compat/invalid-schema"]);
  });

  it("the same invalid default in a previous version is tolerated, as the registry reads stored schemas", async () => {
    const run = await compat(["--previous", "order-invalid.avsc", "--candidate", "order-v2.avsc"]);
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(0);
  });

  it("an unreadable file exits 1 (kgov could not run), naming the file", async () => {
    const run = await compat(["--previous", "does-not-exist.avsc", "--candidate", "order-v2.avsc"]);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("does-not-exist.avsc does not exist");
    const candidate = await compat(["--previous", "order-v1.avsc", "--candidate", "nope.avsc", "-o", "json"]);
    expect(candidate.exitCode).toBe(1);
  });

  it("an unknown level or type is a usage error (exit 1)", async () => {
    expect(
      (await compat(["--level", "SIDEWAYS", "--previous", "order-v1.avsc", "--candidate", "order-v2.avsc"])).exitCode,
    ).toBe(1);
    expect(
      (await compat(["--type", "XML", "--previous", "order-v1.avsc", "--candidate", "order-v2.avsc"])).exitCode,
    ).toBe(1);
  });

  it("refuses --output table, which has no meaning here", async () => {
    const run = await compat(["--previous", "order-v1.avsc", "--candidate", "order-v2.avsc", "--output", "table"]);
    expect(run.exitCode).toBe(1);
  });
});
