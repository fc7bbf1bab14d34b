import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { runCli, type CliRun } from "../../helpers/cli.js";

/**
 * `kgov schema test-compat --against <dir|git ref>`, run in-process. golden/schema/estate/before is the desired state
 * on the base branch (three topics: an .avsc, a .json and a .proto value schema, plus a key schema), after/ the
 * working tree: order-requested changes incompatibly under FULL (a field added and one removed, neither with a
 * default), payment-made and refund-issued change compatibly, the payment key subject is gone and the order topic
 * gained a key subject. The git cases commit before/ into a temporary repository and put after/ in its working tree.
 * `UPDATE_GOLDEN=1 npx vitest run --project unit test/unit/cli/schema-test-compat.test.ts` rewrites the golden files.
 */
const UPDATE = process.env.UPDATE_GOLDEN === "1";
const estate = fileURLToPath(new URL("./golden/schema/estate/", import.meta.url));
const before = join(estate, "before");
const after = join(estate, "after");

function expectGolden(actual: string, file: string): void {
  if (UPDATE) writeFileSync(join(estate, file), actual);
  expect(actual).toBe(readFileSync(join(estate, file), "utf8"));
}

const testCompat = (cwd: string, args: readonly string[]) => runCli(["schema", "test-compat", ...args], { cwd });

// --- temporary git repositories ----------------------------------------------------------------------------------

const temporary: string[] = [];
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

/** git with an environment that ignores the user's and any enclosing hook's configuration. */
function git(cwd: string, ...args: string[]): string {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("GIT_")));
  return execFileSync("git", args, {
    cwd,
    env: { ...env, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null" },
    encoding: "utf8",
  });
}

/** A repository whose HEAD (tagged `base`) holds `committed` under `sub`, with `working` copied over it afterwards. */
function repository(options: { sub?: string; committed?: string; working?: string } = {}): {
  root: string;
  cwd: string;
} {
  const root = mkdtempSync(join(tmpdir(), "kgov-test-compat-"));
  temporary.push(root);
  const cwd = join(root, options.sub ?? "");
  mkdirSync(cwd, { recursive: true });
  git(root, "init", "-q");
  git(root, "config", "user.name", "kgov tests");
  git(root, "config", "user.email", "tests@kgov.invalid");
  git(root, "config", "commit.gpgsign", "false");
  cpSync(options.committed ?? before, cwd, { recursive: true });
  git(root, "add", "-A");
  git(root, "commit", "-q", "-m", "base");
  git(root, "tag", "base");
  // The working tree: the base files replaced by after/ (payment-key.avsc deleted, order-key.avsc new).
  rmSync(join(cwd, "schemas"), { recursive: true, force: true });
  cpSync(options.working ?? after, cwd, { recursive: true });
  return { root, cwd };
}

// --- expectations shared by every way of pointing at the base -----------------------------------------------------

const VERDICTS = [
  "  new          shop.orders.order-requested.v1-key (BACKWARD) schemas/order-key.avsc",
  "  incompatible shop.orders.order-requested.v1-value (FULL) schemas/order-requested.avsc",
  "  removed      shop.payments.payment-made.v1-key (BACKWARD) schemas/payment-key.avsc",
  "  compatible   shop.payments.payment-made.v1-value (BACKWARD) schemas/payment-made.json",
  "  compatible   shop.payments.refund-issued.v1-value (FULL) schemas/refund-issued.proto",
];

const STATUSES = [
  { subject: "shop.orders.order-requested.v1-key", status: "new", level: "BACKWARD" },
  { subject: "shop.orders.order-requested.v1-value", status: "incompatible", level: "FULL" },
  { subject: "shop.payments.payment-made.v1-key", status: "removed", level: "BACKWARD" },
  { subject: "shop.payments.payment-made.v1-value", status: "compatible", level: "BACKWARD" },
  { subject: "shop.payments.refund-issued.v1-value", status: "compatible", level: "FULL" },
];

interface TestCompatDocument {
  ok: boolean;
  errorCount: number;
  warningCount: number;
  mode: string;
  against: string;
  subjects: { subject: string; file: string; level: string; status: string }[];
  diagnostics: {
    code: string;
    severity: string;
    message: string;
    source?: { file: string; start: { line: number; column: number } };
  }[];
}
const doc = (run: CliRun) => JSON.parse(run.stdout) as TestCompatDocument;

/** The text run's verdicts, diagnostics and exit code, for `label` (the mode line) and `previousFile` (FORWARD). */
function expectEstateText(run: CliRun, label: string, previousFile: string): void {
  expect(run.exitCode).toBe(3);
  expect(run.stdout).toBe(`kgov schema test-compat — mode: offline, against ${label}\n${VERDICTS.join("\n")}\n`);
  // BACKWARD: the new schema's `channel` has no default; located in the working tree's file, with a code frame.
  expect(run.stderr).toContain(
    "error[compat/avro/field-missing-default]: shop.orders.order-requested.v1-value (FULL, new schema reading old data)",
  );
  expect(run.stderr).toContain("--> schemas/order-requested.avsc:7:15\n");
  expect(run.stderr).toContain('> 7 |     { "name": "channel", "type": "string" }');
  // FORWARD: the old schema's `requestedAt` has no default; located in the base version of the file.
  expect(run.stderr).toContain("(FULL, old schema reading new data)");
  expect(run.stderr).toContain(`--> ${previousFile}:7:15\n`);
  expect(run.stderr).toContain("warning[compat/subject-removed]: subject `shop.payments.payment-made.v1-key`");
  expect(run.stderr).not.toContain("payment-made.v1-value (");
}

describe("kgov schema test-compat --against <folder>", () => {
  it.each([
    { output: "text", file: "golden-text.txt", capture: (r: CliRun) => r.stderr + r.stdout },
    { output: "json", file: "golden-json.json", capture: (r: CliRun) => r.stdout },
    { output: "github-actions", file: "golden-github-actions.txt", capture: (r: CliRun) => r.stdout },
  ])("--output $output matches $file and exits 3", async ({ output, file, capture }) => {
    const run = await testCompat(after, ["--against", "../before", "--output", output]);
    expectGolden(capture(run), file);
    expect(run.exitCode).toBe(3);
  });

  it("prints the mode line and one verdict per subject; diagnostics are located in both versions' files", async () => {
    const run = await testCompat(after, ["--against", "../before"]);
    expectEstateText(run, "folder ../before", "../before/schemas/order-requested.avsc");
    // the previous version's text is known, so its finding gets a code frame too
    expect(run.stderr).toContain(
      '> 7 |     { "name": "requestedAt", "type": { "type": "long", "logicalType": "timestamp-millis" } }',
    );
  });

  it("exits 0 when compared with itself: every subject unchanged", async () => {
    const run = await testCompat(after, ["--against", "."]);
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toBe("");
    expect(run.stdout.split("\n").filter((l) => l.startsWith("  unchanged "))).toHaveLength(4);
  });

  it("github-actions: annotations for both located findings and the removed subject", async () => {
    const run = await testCompat(after, ["--against", "../before", "--output", "github-actions"]);
    const lines = run.stdout.trim().split("\n");
    expect(lines.filter((l) => l.startsWith("::error file=schemas/order-requested.avsc,line=7,col=15,"))).toHaveLength(
      1,
    );
    expect(
      lines.filter((l) => l.startsWith("::error file=../before/schemas/order-requested.avsc,line=7,")),
    ).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith("::warning title=compat/subject-removed::"))).toHaveLength(1);
  });
});

describe("kgov schema test-compat --against <git revision>", () => {
  it("text: mode line, verdicts, located diagnostics, exit 3", async () => {
    const { cwd } = repository();
    expectEstateText(
      await testCompat(cwd, ["--against", "HEAD"]),
      "git revision HEAD",
      "HEAD:schemas/order-requested.avsc",
    );
  });

  it("json: the subjects with their statuses, and the mode", async () => {
    const { cwd } = repository();
    const run = await testCompat(cwd, ["--against", "HEAD", "--output", "json"]);
    expect(run.exitCode).toBe(3);
    expect(run.stderr).toBe("");
    const d = doc(run);
    expect(d).toMatchObject({ ok: false, errorCount: 2, warningCount: 1, mode: "offline", against: "HEAD" });
    expect(d.subjects.map(({ subject, status, level }) => ({ subject, status, level }))).toEqual(STATUSES);
    expect(d.diagnostics.filter((x) => x.severity === "error").map((x) => x.source)).toEqual([
      expect.objectContaining({ file: "HEAD:schemas/order-requested.avsc", start: { line: 7, column: 15 } }),
      expect.objectContaining({ file: "schemas/order-requested.avsc", start: { line: 7, column: 15 } }),
    ]);
  });

  it("accepts any revision: a tag, a commit id, HEAD~n", async () => {
    const { root, cwd } = repository();
    const commit = git(root, "rev-parse", "HEAD").trim();
    for (const ref of ["base", commit, commit.slice(0, 10)]) {
      const run = await testCompat(cwd, ["--against", ref, "-o", "json"]);
      expect(run.exitCode, ref).toBe(3);
      expect(
        doc(run).subjects.map((s) => s.status),
        ref,
      ).toEqual(STATUSES.map((s) => s.status));
    }
    // once the working tree is committed, HEAD~1 is the base and HEAD is the same: all unchanged
    git(root, "add", "-A");
    git(root, "commit", "-q", "-m", "change");
    expect((await testCompat(cwd, ["--against", "HEAD~1"])).exitCode).toBe(3);
    const same = await testCompat(cwd, ["--against", "HEAD"]);
    expect(same.exitCode).toBe(0);
    expect(same.stdout).toContain("mode: offline, against git revision HEAD\n");
    expect(same.stdout.split("\n").filter((l) => l.startsWith("  unchanged "))).toHaveLength(4);
  });

  it("an unknown revision exits 1 with a clear message", async () => {
    const { cwd } = repository();
    const run = await testCompat(cwd, ["--against", "no-such-branch"]);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("--against no-such-branch is neither a folder nor a git revision of this repository");
    const json = await testCompat(cwd, ["--against", "no-such-branch", "-o", "json"]);
    expect(json.exitCode).toBe(1);
  });

  it("refuses a revision that looks like an option rather than passing it to git", async () => {
    const { cwd } = repository();
    const run = await testCompat(cwd, ["--against=--output=/tmp/kgov-should-not-exist"]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain("is neither a folder nor a git revision");
  });

  it("outside any git repository, a name that is not a folder exits 1", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kgov-no-repo-"));
    temporary.push(dir);
    cpSync(after, dir, { recursive: true });
    const run = await testCompat(dir, ["--against", "HEAD"]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain("--against HEAD is neither a folder nor a git revision");
  });

  it("kgov.yaml in a subfolder of the repository, run from that subfolder", async () => {
    const { cwd } = repository({ sub: "platform/kafka" });
    const run = await testCompat(cwd, ["--against", "HEAD"]);
    expectEstateText(run, "git revision HEAD", "HEAD:platform/kafka/schemas/order-requested.avsc");
    const json = doc(await testCompat(cwd, ["--against", "base", "-o", "json"]));
    expect(json.subjects.map(({ subject, status, level }) => ({ subject, status, level }))).toEqual(STATUSES);
  });

  it("-f naming a folder outside the working directory's subfolder", async () => {
    // repo/config/{kgov.yaml,schemas/}, run from repo/tools with -f ../config
    const { root } = repository({ sub: "config" });
    const cwd = join(root, "tools");
    mkdirSync(cwd);
    const run = await testCompat(cwd, ["--against", "HEAD", "-f", "../config", "-o", "json"]);
    expect(doc(run).subjects.map((s) => [s.status, s.file])).toEqual([
      ["new", "../config/schemas/order-key.avsc"],
      ["incompatible", "../config/schemas/order-requested.avsc"],
      ["removed", "../config/schemas/payment-key.avsc"],
      ["compatible", "../config/schemas/payment-made.json"],
      ["compatible", "../config/schemas/refund-issued.proto"],
    ]);
    expect(run.exitCode).toBe(3);
  });

  it("reads files whose names git would quote (non-ASCII, spaces)", async () => {
    const committed = mkdtempSync(join(tmpdir(), "kgov-quoted-before-"));
    const working = mkdtempSync(join(tmpdir(), "kgov-quoted-after-"));
    temporary.push(committed, working);
    for (const [dir, source] of [
      [committed, before],
      [working, after],
    ] as const) {
      mkdirSync(join(dir, "schémas v1"));
      cpSync(join(source, "schemas", "order-requested.avsc"), join(dir, "schémas v1", "order-requested.avsc"));
      writeFileSync(
        join(dir, "kgov.yaml"),
        "version: 1\ntopics:\n  shop.orders.order-requested.v1:\n    partitions: 1\n    replicationFactor: 1\n" +
          '    schemas:\n      value: { file: "schémas v1/order-requested.avsc" }\n',
      );
    }
    const { cwd } = repository({ committed, working });
    const run = await testCompat(cwd, ["--against", "HEAD", "-o", "json"]);
    expect(doc(run).subjects.map((s) => s.status)).toEqual(["incompatible"]);
    expect(run.exitCode).toBe(3);
  });

  it("reports a desired state at the revision that cannot be read, instead of treating every subject as new", async () => {
    const broken = mkdtempSync(join(tmpdir(), "kgov-broken-before-"));
    temporary.push(broken);
    cpSync(before, broken, { recursive: true });
    writeFileSync(join(broken, "kgov.yaml"), "version: 1\ntopics: [unclosed\n");
    const { cwd } = repository({ committed: broken });
    const run = await testCompat(cwd, ["--against", "HEAD", "-o", "json"]);
    const d = doc(run);
    expect(d.diagnostics.some((x) => x.severity === "warning" && x.message.includes("at HEAD"))).toBe(true);
    expect(d.subjects.every((s) => s.status === "new")).toBe(true);
  });
});
