import { it } from "vitest";
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../../helpers/cli.js";
const g = "/work/main/test/unit/cli/golden/schema/estate";
it("scratch", async () => {
  const show = (label: string, r: { exitCode: number; stdout: string; stderr: string }) =>
    console.log(`=== ${label} EXIT ${r.exitCode}\n--- stdout\n${r.stdout}--- stderr\n${r.stderr}`);
  show("dir", await runCli(["schema", "test-compat", "--against", "../before"], { cwd: `${g}/after` }));
  const dir = mkdtempSync(join(tmpdir(), "kgov-scratch-"));
  const git = (...a: string[]) => execFileSync("git", a, { cwd: dir });
  git("init", "-q"); git("config", "user.name", "t"); git("config", "user.email", "t@e");
  cpSync(`${g}/before`, dir, { recursive: true }); git("add", "."); git("commit", "-qm", "v1");
  rmSync(join(dir, "schemas"), { recursive: true }); cpSync(`${g}/after`, dir, { recursive: true });
  show("git", await runCli(["schema", "test-compat", "--against", "HEAD"], { cwd: dir }));
  show("git json", await runCli(["schema", "test-compat", "--against", "HEAD", "-o", "json"], { cwd: dir }));
  show("git gha", await runCli(["schema", "test-compat", "--against", "HEAD", "--output", "github-actions"], { cwd: dir }));
  show("bad ref", await runCli(["schema", "test-compat", "--against", "nope"], { cwd: dir }));
  show("compat", await runCli(["schema", "compat", "--previous", "../before/schemas/order-requested.avsc", "--candidate", "schemas/order-requested.avsc"], { cwd: `${g}/after` }));
});
