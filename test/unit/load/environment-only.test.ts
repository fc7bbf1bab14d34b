import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createFilesAdapter } from "../../../src/adapters/fs/files.js";
import { loadEnvironmentOnly } from "../../../src/app/load-desired.js";

// plan and apply read the selected environment first, from the files that declare environments, so the cluster
// read can start while the rest (possibly 50,000 ACL entries) loads.
function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "kgov-env-only-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const KGOV_YAML = `version: 1
environments:
  prod:
    kafka:
      bootstrapServers: broker:9092
      sasl: { mechanism: SCRAM-SHA-256, username: admin, password: "\${env:PW}" }
`;

describe("loadEnvironmentOnly", () => {
  it("returns the environment with its variables resolved, without parsing the other files", async () => {
    // The ACL file is not even YAML: it is never parsed, so it cannot stop the early read.
    const dir = folder({ "kgov.yaml": KGOV_YAML, "kgov.d/acls.yaml": "acls: [unclosed\n" });
    const env = await loadEnvironmentOnly(
      { paths: [], environment: "prod", variables: { PW: "secret" } },
      createFilesAdapter(dir),
    );
    expect(env?.name).toBe("prod");
    expect(env?.kafka?.bootstrapServers).toBe("broker:9092");
    expect(env?.kafka?.sasl?.password).toBe("secret");
  });

  it("gives nothing when the environment is unknown, a variable is missing or its file has an error", async () => {
    const files = createFilesAdapter(folder({ "kgov.yaml": KGOV_YAML }));
    expect(await loadEnvironmentOnly({ paths: [], environment: "dev", variables: { PW: "x" } }, files)).toBeUndefined();
    expect(await loadEnvironmentOnly({ paths: [], environment: "prod", variables: {} }, files)).toBeUndefined();
    const broken = createFilesAdapter(folder({ "kgov.yaml": `${KGOV_YAML}    unknownField: 1\n` }));
    expect(
      await loadEnvironmentOnly({ paths: [], environment: "prod", variables: { PW: "x" } }, broken),
    ).toBeUndefined();
  });
});
