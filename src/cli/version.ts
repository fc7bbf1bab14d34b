import { readFileSync } from "node:fs";

/**
 * Read from kgov's package.json at runtime so the version has one source of truth. The file is looked for upwards
 * from this module: it sits at another depth in tsc's output, in the bundle and in a bundle chunk.
 */
function readVersion(): string {
  for (let dir = new URL(".", import.meta.url); ;) {
    try {
      const pkg = JSON.parse(readFileSync(new URL("package.json", dir), "utf8")) as { name?: string; version: string };
      if (pkg.name === "kgov") return pkg.version;
    } catch {
      // no package.json here, or not kgov's: keep going up
    }
    const parent = new URL("..", dir);
    if (parent.href === dir.href) throw new Error(`kgov's package.json was not found above ${import.meta.url}`);
    dir = parent;
  }
}

export const KGOV_VERSION = readVersion();
