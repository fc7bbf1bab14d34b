import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createFilesAdapter } from "../../../src/adapters/fs/files.js";

// The file adapter against the real file system: discovery, and refusal of input that is not UTF-8 text.
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "kgov-files-"));
  mkdirSync(join(dir, "kgov.d/nested"), { recursive: true });
  mkdirSync(join(dir, "kgov.d/.hidden"), { recursive: true });
  writeFileSync(join(dir, "kgov.yaml"), "version: 1\n");
  writeFileSync(join(dir, "kgov.d/b.yml"), "version: 1\n");
  writeFileSync(join(dir, "kgov.d/nested/a.yaml"), "version: 1\n");
  writeFileSync(join(dir, "kgov.d/.hidden/x.yaml"), "version: 1\n");
  writeFileSync(join(dir, "kgov.d/notes.txt"), "not yaml\n");
  writeFileSync(join(dir, "binary.yaml"), Buffer.from([0x76, 0x00, 0x01, 0x02, 0xff]));
  writeFileSync(
    join(dir, "utf16.yaml"),
    Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("version: 1\n", "utf16le")]),
  );
  writeFileSync(join(dir, "latin1.yaml"), Buffer.from("name: caf\xe9\n", "latin1"));
  writeFileSync(join(dir, "bom.yaml"), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("version: 1\n")]));
  writeFileSync(join(dir, "big.yaml"), Buffer.alloc(50 * 1024 * 1024, 0x61));
  symlinkSync(join(dir, "nowhere.yaml"), join(dir, "dangling.yaml"));
});

describe("files adapter", () => {
  it("finds kgov.yaml and kgov.d/ by default, walking folders in sorted order and skipping hidden ones", async () => {
    const found = await createFilesAdapter(dir).discoverDesiredFiles([]);
    expect(found).toEqual({ paths: ["kgov.yaml", "kgov.d/b.yml", "kgov.d/nested/a.yaml"], diagnostics: [] });
  });

  it("reports a missing -f path and an empty folder", async () => {
    const missing = await createFilesAdapter(dir).discoverDesiredFiles(["nope.yaml"]);
    expect(missing.diagnostics.map((d) => d.message)).toEqual(["nope.yaml does not exist"]);
    mkdirSync(join(dir, "empty"), { recursive: true });
    const empty = await createFilesAdapter(dir).discoverDesiredFiles(["empty"]);
    expect(empty.diagnostics.map((d) => d.code)).toEqual(["format/no-files"]);
  });

  it.each([
    ["binary.yaml", "format/not-text", "binary"],
    ["utf16.yaml", "format/not-text", "UTF-16"],
    ["latin1.yaml", "format/not-text", "not valid UTF-8"],
    ["big.yaml", "format/unreadable-file", "50.0 MiB"],
    ["dangling.yaml", "format/unreadable-file", "does not exist"],
    ["kgov.yaml/inside.yaml", "format/unreadable-file", "cannot be read (ENOTDIR)"],
    ["kgov.d", "format/unreadable-file", "is a directory"],
  ])("refuses %s with %s", async (file, code, text) => {
    const read = await createFilesAdapter(dir).readText(file);
    expect(read.text).toBeUndefined();
    expect(read.diagnostics).toHaveLength(1);
    expect(read.diagnostics[0]?.code).toBe(code);
    expect(read.diagnostics[0]?.message).toContain(text);
  });

  it("strips a UTF-8 byte-order mark", async () => {
    expect(await createFilesAdapter(dir).readText("bom.yaml")).toEqual({ text: "version: 1\n", diagnostics: [] });
  });

  it("creates new files but writes nothing when any target exists", async () => {
    const files = createFilesAdapter(dir);
    const refused = await files.createNewFiles([
      { path: "fresh/a.txt", text: "a" },
      { path: "kgov.yaml", text: "overwritten?" },
    ]);
    expect(refused.created).toEqual([]);
    expect(refused.diagnostics.map((d) => d.code)).toEqual(["cli/file-exists"]);
    expect((await files.readText("kgov.yaml")).text).toBe("version: 1\n");
    expect((await files.readText("fresh/a.txt")).notFound).toBe(true);
    const created = await files.createNewFiles([{ path: "fresh/a.txt", text: "a" }]);
    expect(created).toEqual({ created: ["fresh/a.txt"], diagnostics: [] });
  });
});
