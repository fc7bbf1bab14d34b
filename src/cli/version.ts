import { readFileSync } from "node:fs";

/** Read from package.json at runtime so the version has one source of truth. */
function readVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}

export const KGOV_VERSION = readVersion();
