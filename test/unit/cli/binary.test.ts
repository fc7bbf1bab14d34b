/**
 * The built binary (bin/kgov.js loading dist/cli-bundle, which `npm test` builds first): what only the real process
 * shows. Start-up itself is measured by `npm run bench`, not here.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";

const bin = fileURLToPath(new URL("../../../bin/kgov.js", import.meta.url));
const bundle = fileURLToPath(new URL("../../../dist/cli-bundle/run.js", import.meta.url));

beforeAll(() => {
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run \`npm run build\` first (\`npm test\` does)`);
});

describe("the kgov binary", () => {
  it("stops quietly when the reader of its output goes away (kgov … | head)", async () => {
    const child = spawn(process.execPath, [bin, "--help"], { stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.destroy(); // closed before kgov writes: its write fails with EPIPE
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
  });

  it("prints package.json's version, wherever the bundler put the module that reads it", async () => {
    const { version } = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as {
      version: string;
    };
    const child = spawn(process.execPath, [bin, "--version"], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (out += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect({ code, out }).toEqual({ code: 0, out: `${version}\n` });
  });

  it("does not load node:child_process at start-up (commander's import of it is deferred to first use)", () => {
    const text = readFileSync(bundle, "utf8");
    expect(text).not.toMatch(/^import\s[^;]*["']node:child_process["']/m);
    expect(text).toContain('getBuiltinModule("node:child_process")');
  });
});
