import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { prepareDesired } from "../../../src/app/plan.js";
import type { Estate } from "../../../src/core/import/estate.js";
import { convertJulieOps, julieOpsSchemaPaths } from "../../../src/core/import/julieops/index.js";
import { convertKafkaGitops } from "../../../src/core/import/kafka-gitops/index.js";
import { renderImport } from "../../../src/core/import/render.js";
import { bindingKey } from "../../../src/core/model/acl.js";
import { desiredBindings } from "../../../src/core/plan/index.js";
import { memoryFiles } from "../../helpers/memory-files.js";

/**
 * The converters' promise, checked on the written files: the kgov files of each fixture, loaded and validated as
 * kgov plan would, grant exactly the bindings the other tool would create (services folded where they match kgov's
 * mapping, the rest raw) and declare exactly its topics with their sizes and configs.
 */
const FIXTURES = fileURLToPath(new URL("../../fixtures/import/", import.meta.url));
const read = (dir: string, files: string[]) =>
  files.map((f) => ({ path: f, text: readFileSync(join(dir, f), "utf8") }));

function convert(tool: string, dir: string): Estate {
  if (tool === "kafka-gitops") {
    return convertKafkaGitops(
      read(
        dir,
        readdirSync(dir).filter((f) => f.endsWith(".yaml")),
      ),
    ).estate!;
  }
  const topologies = readdirSync(join(dir, "topologies")).map((f) => `topologies/${f}`);
  const sources = read(dir, topologies);
  const schemas = new Map(julieOpsSchemaPaths(sources).map((p) => [p, readFileSync(join(dir, p), "utf8")]));
  return convertJulieOps(sources, schemas).estate!;
}

const cases = ["kafka-gitops", "julieops"].flatMap((tool) =>
  readdirSync(join(FIXTURES, tool)).map((name) => ({ tool, name, dir: join(FIXTURES, tool, name) })),
);

describe.each(cases)("$tool $name converted to kgov files", ({ tool, dir }) => {
  it("grants exactly the other tool's bindings and declares exactly its topics", async () => {
    const estate = convert(tool, dir);
    const rendered = renderImport(estate, { splitDepth: 2 });
    const files = Object.fromEntries(rendered.files.map((f) => [f.path, f.text]));
    const prepared = await prepareDesired(
      { paths: rendered.files.filter((f) => f.path.endsWith(".yaml")).map((f) => f.path), variables: {} },
      memoryFiles(files),
    );
    expect(
      prepared.diagnostics.filter((d) => d.severity === "error"),
      relative(FIXTURES, dir),
    ).toEqual([]);
    const state = prepared.state!;
    const granted = [...desiredBindings(state).values()].map((d) => bindingKey(d.binding)).sort();
    expect(granted).toEqual([...new Set(estate.bindings.map((b) => bindingKey(b.binding)))].sort());
    expect(state.services.size).toBeGreaterThan(0);
    for (const topic of estate.topics) {
      const declared = state.topics.get(topic.name);
      expect(declared, topic.name).toBeDefined();
      expect([declared!.partitions, declared!.replicationFactor]).toEqual([topic.partitions, topic.replicationFactor]);
      expect(Object.fromEntries(Object.entries(declared!.config).map(([k, v]) => [k, String(v)]))).toEqual(
        topic.config,
      );
    }
    expect(state.topics.size).toBe(estate.topics.length);
  });
});
