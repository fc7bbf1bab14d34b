import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../../helpers/cli.js";

/**
 * `kgov import --from …` end to end on the real file system: the fixtures of each converter are converted, the
 * written kgov files are compared with `expected-kgov/` next to them (`UPDATE_GOLDEN=1` rewrites them; review the
 * diff), and `kgov validate` over the result must be clean. Argument errors and existing files write nothing.
 */
const UPDATE = process.env.UPDATE_GOLDEN === "1";
const FIXTURES = fileURLToPath(new URL("../../fixtures/import/", import.meta.url));

function listFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)))
    .sort();
}

describe("kgov import --from", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "kgov-import-"));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const cases = (tool: string, inputs: string) =>
    readdirSync(join(FIXTURES, tool)).map((name) => ({ tool, name, inputs }));

  it.each([...cases("kafka-gitops", "."), ...cases("julieops", "topologies")])(
    "$tool $name: writes the expected kgov files, which validate",
    async ({ tool, name, inputs }) => {
      cpSync(join(FIXTURES, tool, name), dir, { recursive: true });
      const sources =
        inputs === "."
          ? readdirSync(dir).filter((f) => f.endsWith(".yaml"))
          : listFiles(join(dir, inputs)).map((f) => join(inputs, f));
      const run = await runCli(["import", "--from", tool, ...sources, "--out", "out"], { cwd: dir, env: {} });
      expect(run.exitCode, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/^Imported \d+ topics?, /);
      const expected = join(FIXTURES, tool, name, "expected-kgov");
      const written = listFiles(join(dir, "out"));
      if (UPDATE) {
        rmSync(expected, { recursive: true, force: true });
        for (const f of written) {
          mkdirSync(dirname(join(expected, f)), { recursive: true });
          writeFileSync(join(expected, f), readFileSync(join(dir, "out", f)));
        }
      }
      expect(written).toEqual(listFiles(expected));
      for (const f of written)
        expect(readFileSync(join(dir, "out", f), "utf8"), f).toBe(readFileSync(join(expected, f), "utf8"));
      const validate = await runCli(["validate", "-f", "out"], { cwd: dir, env: {} });
      expect(validate.exitCode, validate.stdout + validate.stderr).toBe(0);
    },
  );

  it("refuses an unknown tool, missing files and a bad --split-depth, writing nothing", async () => {
    for (const argv of [
      ["import", "--from", "jikkou", "x.yaml"],
      ["import", "--from", "julieops"],
      ["import", "--from", "julieops", "x.yaml", "--split-depth", "two"],
    ]) {
      const run = await runCli([...argv, "--out", "out"], { cwd: dir, env: {} });
      expect(run.exitCode, argv.join(" ")).toBe(1);
      expect(run.stderr).toContain("cli/invalid-argument");
    }
    expect(existsSync(join(dir, "out"))).toBe(false);
  });

  it("reports an invalid input file located, exit 3, and writes nothing", async () => {
    writeFileSync(join(dir, "topology.yaml"), "context: shop\nprojects: 7\n");
    const run = await runCli(["import", "--from", "julieops", "topology.yaml", "--out", "out"], { cwd: dir, env: {} });
    expect(run.exitCode).toBe(3);
    expect(run.stderr).toContain("import/invalid-source");
    expect(run.stderr).toContain("topology.yaml:2:");
    expect(run.stderr).toContain("nothing was written");
    expect(existsSync(join(dir, "out"))).toBe(false);
  });

  it("never overwrites without --force", async () => {
    writeFileSync(
      join(dir, "topology.yaml"),
      "context: shop\nprojects:\n  - name: orders\n    topics:\n      - name: placed\n",
    );
    const args = ["import", "--from", "julieops", "topology.yaml", "--out", "out"];
    expect((await runCli(args, { cwd: dir, env: {} })).exitCode).toBe(0);
    writeFileSync(join(dir, "out", "kgov.yaml"), "# mine\n");
    const again = await runCli(args, { cwd: dir, env: {} });
    expect(again.exitCode).toBe(1);
    expect(again.stderr).toContain("import/existing-file");
    expect(readFileSync(join(dir, "out", "kgov.yaml"), "utf8")).toBe("# mine\n");
    expect((await runCli([...args, "--force"], { cwd: dir, env: {} })).exitCode).toBe(0);
    expect(readFileSync(join(dir, "out", "kgov.yaml"), "utf8")).toContain("version: 1");
  });
});
