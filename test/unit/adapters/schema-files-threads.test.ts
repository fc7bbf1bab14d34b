import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
// Helper threads run compiled JavaScript, so this test uses dist/ (built by `npm test`'s pretest step).
import { createFilesAdapter } from "../../../dist/adapters/fs/files.js";
import { createSchemaFilesAdapter } from "../../../dist/adapters/threads/schema-files.js";
import { schemaFileChecksInProcess } from "../../../dist/app/schema-file-checks.js";

const fixtures = new URL("../schema-files/fixtures/", import.meta.url).pathname;
const adapterUrl = (path: string) => new URL(`../../../dist/adapters/${path}`, import.meta.url).href;
const dir = mkdtempSync(join(tmpdir(), "kgov-schema-threads-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every schema fixture (valid and broken) copied several times, plus files that do not exist. */
function jobs(): { path: string }[] {
  const out: { path: string }[] = [];
  for (const folder of readdirSync(fixtures)) {
    for (const name of readdirSync(join(fixtures, folder))) {
      for (let copy = 0; copy < 4; copy++) {
        const path = `${folder}-${copy}-${name}`;
        cpSync(join(fixtures, folder, name), join(dir, path));
        out.push({ path });
      }
    }
  }
  return [...out, { path: "missing-1.avsc" }, { path: "missing-2.proto" }];
}

describe("schema files checked on helper threads", () => {
  it("gives exactly the outcomes of checking them one by one on this thread", async () => {
    const list = jobs();
    expect(list.length).toBeGreaterThan(32);
    const files = createFilesAdapter(dir);
    // This thread reads slowly (a quarter second per batch), so the helpers, which read on their own, surely start
    // and check files too.
    const slowFiles = {
      ...files,
      readText: async (path: string) => {
        await new Promise((resolve) => setTimeout(resolve, 250));
        return files.readText(path);
      },
    };
    const threaded = createSchemaFilesAdapter(dir, slowFiles, { helpers: 2 });
    const [expected, actual] = [
      await schemaFileChecksInProcess(files).checkSchemaFiles(list),
      await threaded.checkSchemaFiles(list),
    ];
    expect(actual).toEqual(expected);
    expect(threaded.checkedOnHelpers).toBeGreaterThan(0);
    expect(actual.filter((o) => o.findings.length > 0).length).toBeGreaterThan(10);
    expect(actual.filter((o) => o.notFound).length).toBe(2);
  });

  it("gives the job to helpers started early, which have loaded the parsers meanwhile", async () => {
    const list = jobs();
    const files = createFilesAdapter(dir);
    const threaded = createSchemaFilesAdapter(dir, files, { helpers: 1, startEarly: true });
    // Long enough for the helper to be up and waiting before the job exists.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await threaded.checkSchemaFiles(list)).toEqual(
      await schemaFileChecksInProcess(files).checkSchemaFiles(list),
    );
    expect(threaded.checkedOnHelpers).toBeGreaterThan(0);
  });

  it("stops early helpers that get no job, without keeping a process alive", () => {
    const script = [
      `import { createFilesAdapter } from ${JSON.stringify(adapterUrl("fs/files.js"))};`,
      `import { createSchemaFilesAdapter } from ${JSON.stringify(adapterUrl("threads/schema-files.js"))};`,
      "const files = createFilesAdapter(process.cwd());",
      "const a = createSchemaFilesAdapter(process.cwd(), files, { helpers: 2, startEarly: true });",
      "const b = createSchemaFilesAdapter(process.cwd(), files, { helpers: 1, startEarly: true });",
      "console.log(JSON.stringify(await a.checkSchemaFiles([{ path: 'nothing-here.avsc' }])));",
    ].join("\n");
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
      encoding: "utf8",
      timeout: 30_000,
      cwd: dir,
    });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([expect.objectContaining({ notFound: true })]);
  });

  it("checks a handful of files on this thread alone", async () => {
    const files = createFilesAdapter(dir);
    const threaded = createSchemaFilesAdapter(dir, files, { helpers: 1 });
    const few = jobs().slice(0, 3);
    expect(await threaded.checkSchemaFiles(few)).toEqual(await schemaFileChecksInProcess(files).checkSchemaFiles(few));
    expect(threaded.checkedOnHelpers).toBe(0);
  });
});
