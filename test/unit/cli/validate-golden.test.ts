import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli, type CliRun } from "../../helpers/cli.js";

/**
 * Golden outputs of `kgov validate` in its three formats, run in-process with the case folder as working directory.
 * `UPDATE_GOLDEN=1 npx vitest run --project unit test/unit/cli/validate-golden.test.ts` rewrites the expected files;
 * review the diff before keeping it; the files are the output contract users and CI scripts see.
 */
const UPDATE = process.env.UPDATE_GOLDEN === "1";
const goldenDir = (name: string) => fileURLToPath(new URL(`./golden/validate/${name}/`, import.meta.url));

interface GoldenCase {
  readonly name: string;
  readonly args: readonly string[];
  readonly exitCode: number;
}

const CASES: readonly GoldenCase[] = [
  // kgov.yaml + kgov.d/ found by default discovery; .avsc, .avdl, .json and .proto schemas, services, ACLs.
  { name: "clean", args: [], exitCode: 0 },
  // errors and warnings in kgov.yaml and kgov.d/services.yaml, plus a JSON syntax error in an .avsc file.
  { name: "errors", args: [], exitCode: 3 },
  // a path the user named that does not exist: kgov could not read its input, a tool failure (exit 1)
  { name: "missing-file", args: ["-f", "does-not-exist.yaml"], exitCode: 1 },
];

const FORMATS = [
  // stderr (diagnostics with code frames) followed by stdout (the one-line summary)
  { output: "text", file: "text.txt", capture: (r: CliRun) => r.stderr + r.stdout },
  { output: "json", file: "json.json", capture: (r: CliRun) => r.stdout },
  { output: "github-actions", file: "github-actions.txt", capture: (r: CliRun) => r.stdout },
] as const;

const ESC = String.fromCharCode(27);
const hasAnsi = (s: string) => s.includes(`${ESC}[`);
const stripAnsi = (s: string) => s.replace(new RegExp(`${ESC}\\[[0-9;]*m`, "g"), "");

async function validate(c: GoldenCase, extra: readonly string[] = [], env: Record<string, string> = {}, tty = false) {
  return runCli(["validate", ...c.args, ...extra], { cwd: goldenDir(c.name), env, tty });
}

function expectGolden(actual: string, path: string): void {
  if (UPDATE) writeFileSync(path, actual);
  expect(actual).toBe(readFileSync(path, "utf8"));
}

describe.each(CASES)("kgov validate golden output: $name", (c) => {
  it.each(FORMATS)(`--output $output matches $file and exits ${c.exitCode}`, async (format) => {
    const run = await validate(c, ["--output", format.output]);
    expectGolden(format.capture(run), `${goldenDir(c.name)}${format.file}`);
    expect(run.exitCode).toBe(c.exitCode);
    expect(hasAnsi(run.stdout + run.stderr)).toBe(false);
  });

  it("puts only the summary line on stdout in text mode, diagnostics on stderr", async () => {
    const run = await validate(c);
    expect(run.stdout).toMatch(/^[✓✗] \d+ files?, \d+ topics, .*: \d+ errors?, \d+ warnings?, \d+ infos?\n$/);
    expect(run.stdout.startsWith(c.exitCode === 0 ? "✓" : "✗")).toBe(true);
    expect(run.stderr === "").toBe(c.exitCode === 0);
  });

  it("puts the JSON document alone on stdout, nothing on stderr, with counts that match the list", async () => {
    const run = await validate(c, ["--output", "json"]);
    expect(run.stderr).toBe("");
    const doc = JSON.parse(run.stdout) as {
      ok: boolean;
      errorCount: number;
      warningCount: number;
      infoCount: number;
      diagnostics: { severity: string }[];
    };
    const count = (s: string) => doc.diagnostics.filter((d) => d.severity === s).length;
    expect([doc.errorCount, doc.warningCount, doc.infoCount]).toEqual([
      count("error"),
      count("warning"),
      count("info"),
    ]);
    expect(doc.ok).toBe(c.exitCode === 0);
  });

  it("writes github-actions annotations to stdout and nothing to stderr", async () => {
    const run = await validate(c, ["--output", "github-actions"]);
    expect(run.stderr).toBe("");
    for (const line of run.stdout.split("\n").filter((l) => l !== "")) {
      expect(line).toMatch(/^::(error|warning|notice) [^:]*title=[^:]+::/);
    }
  });
});

describe("kgov validate golden cases cover what they claim", () => {
  it("the errors case has errors and warnings in two YAML files and a schema file", async () => {
    const run = await validate(CASES[1]!, ["--output", "json"]);
    const doc = JSON.parse(run.stdout) as {
      diagnostics: { code: string; severity: string; source?: { file: string } }[];
    };
    const files = new Set(doc.diagnostics.map((d) => d.source?.file));
    expect([...files].sort()).toEqual(["kgov.d/services.yaml", "kgov.yaml", "schemas/order-requested.avsc"]);
    expect(doc.diagnostics.some((d) => d.severity === "warning")).toBe(true);
    expect(doc.diagnostics.filter((d) => d.severity === "error").length).toBeGreaterThan(3);
    expect(doc.diagnostics.map((d) => d.code)).toContain("schema/json-invalid");
  });

  it("the clean case reads every kind of schema file", async () => {
    const run = await validate(CASES[0]!, ["--output", "json"]);
    expect(JSON.parse(run.stdout)).toMatchObject({
      ok: true,
      diagnostics: [],
      summary: { files: 2, topics: 4, services: 2, acls: 2, schemas: 4 },
    });
  });
});

describe("kgov validate colour", () => {
  const errors = CASES[1]!;
  const plain = () => readFileSync(`${goldenDir(errors.name)}text.txt`, "utf8");

  it.each([
    ["--color", ["--color"], {}, false],
    ["FORCE_COLOR=1", [], { FORCE_COLOR: "1" }, false],
    ["a terminal", [], {}, true],
  ] as const)("colours text output with %s, adding nothing but colour codes", async (_name, flags, env, tty) => {
    const run = await validate(errors, flags, env, tty);
    expect(hasAnsi(run.stderr)).toBe(true);
    expect(hasAnsi(run.stdout)).toBe(true);
    expect(stripAnsi(run.stderr + run.stdout)).toBe(plain());
    expect(run.exitCode).toBe(3);
  });

  it.each([
    ["no flag on a pipe", [], {}, false],
    ["NO_COLOR=1 on a terminal", [], { NO_COLOR: "1" }, true],
    ["NO_COLOR=1 with FORCE_COLOR=1", [], { NO_COLOR: "1", FORCE_COLOR: "1" }, true],
    ["--no-color with FORCE_COLOR=1", ["--no-color"], { FORCE_COLOR: "1" }, true],
  ] as const)("never colours with %s", async (_name, flags, env, tty) => {
    const run = await validate(errors, flags, env, tty);
    expect(hasAnsi(run.stderr + run.stdout)).toBe(false);
    expect(run.stderr + run.stdout).toBe(plain());
  });

  it.each(["json", "github-actions"])("never colours --output %s, even with --color", async (output) => {
    const run = await validate(errors, ["--output", output, "--color"], { FORCE_COLOR: "1" }, true);
    expect(run.stdout).not.toBe("");
    expect(hasAnsi(run.stdout + run.stderr)).toBe(false);
  });
});

describe("kgov validate --output markdown", () => {
  it.each([
    ["before the command", ["--output", "markdown", "validate"]],
    ["after the command", ["validate", "--output", "markdown"]],
  ])("is refused as a usage error (exit 1) %s", async (_where, argv) => {
    const run = await runCli(argv, { cwd: goldenDir("clean"), env: {} });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("error[cli/invalid-argument]: this command does not support --output markdown");
    expect(run.stderr).toContain("Use one of: text, json, github-actions.");
  });
});
