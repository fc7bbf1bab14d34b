import { describe, expect, it } from "vitest";
import { convert, estateOf } from "./helpers.js";

const MAIN = `
settings:
  topics: { defaults: { replication: 3 } }
  files:
    services: services.yaml
    topics: more/topics.yaml
topics:
  a: { partitions: 1 }
  b: { partitions: 1 }
`;

describe("kafka-gitops settings.files", () => {
  it("reads the named section from each file, in whatever order the files are given", () => {
    const files = {
      "gitops/more/topics.yaml":
        "topics:\n  b: { partitions: 9 }\n  c: { partitions: 2 }\nusers:\n  u: { principal: User:u }\n",
      "gitops/services.yaml": "services:\n  s: { type: application, principal: User:s, produces: [a] }\n",
      "gitops/state.yaml": MAIN,
      "gitops/stray.yaml": "topics:\n  z: { partitions: 1 }\n",
    };
    const estate = estateOf(files);
    // A later definition replaces the state file's, as kafka-gitops's putAll does.
    expect(estate.topics.map((t) => `${t.name}:${t.partitions}`)).toEqual(["a:1", "b:9", "c:2"]);
    expect(estate.serviceNames.get("User:s")).toBe("s");
    expect(estate.report.filter((r) => r.kind === "file").map((r) => r.name)).toEqual([
      "gitops/more/topics.yaml: users",
      "gitops/stray.yaml",
    ]);
  });

  it("is a located diagnostic when a named file was not given", () => {
    const result = convert({ "state.yaml": MAIN });
    expect(result.estate).toBeUndefined();
    expect(result.diagnostics.map((d) => [d.message, d.source?.start.line])).toEqual([
      ["`settings.files.services` names `services.yaml`, which was not given", 5],
      ["`settings.files.topics` names `more/topics.yaml`, which was not given", 6],
    ]);
  });
});
