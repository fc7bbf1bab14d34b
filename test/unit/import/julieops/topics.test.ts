/** Topic sizes and configs, and the subjects of a topic's schema files. */
import { describe, expect, it } from "vitest";
import type { SourceText } from "../../../../src/core/load/parse-yaml.js";
import { julieOpsSchemaPaths } from "../../../../src/core/import/julieops/index.js";
import { convert, estateOf } from "./helpers.js";

const topic = (body: string) => ({
  "topologies/t.yaml": `context: "shop"\nprojects:\n  - name: "o"\n    topics:\n      - name: "t"\n${body}`,
});

describe("topics", () => {
  it("take partitions and replication factor from config and every other config as text", () => {
    const estate = estateOf(
      topic(`        config:
          num.partitions: 12
          replication.factor: "3"
          retention.bytes: 9223372036854775807
          compression.type: lz4
          preallocate: true
`),
    );
    expect(estate.topics).toEqual([
      {
        name: "shop.o.t",
        partitions: 12,
        replicationFactor: 3,
        config: { "retention.bytes": "9223372036854775807", "compression.type": "lz4", preallocate: "true" },
      },
    ]);
    expect(estate.report.filter((r) => r.kind === "topic")).toEqual([]);
  });

  it("write Kafka's broker default 1 where JulieOps leaves the size to the broker, and report it", () => {
    const estate = estateOf(topic(`        config:\n          num.partitions: 3\n`));
    expect(estate.topics[0]).toMatchObject({ partitions: 3, replicationFactor: 1 });
    expect(estate.report.find((r) => r.kind === "topic")).toMatchObject({
      name: "shop.o.t",
      outcome: "changed",
      reason: expect.stringContaining("replication factor not set") as unknown,
      source: { file: "topologies/t.yaml", start: { line: 5 } },
    });
  });

  it("ignore sizes written next to config, as JulieOps does, and report them and a plan", () => {
    const estate = estateOf(
      topic(
        `        partitions: 6\n        plan: "gold"\n        config:\n          num.partitions: 2\n          replication.factor: 2\n`,
      ),
    );
    expect(estate.topics[0]).toMatchObject({ partitions: 2, replicationFactor: 2 });
    expect(estate.report.filter((r) => r.kind === "topic").map((r) => [r.outcome, r.source?.start.line])).toEqual([
      ["skipped", 6],
      ["changed", 7],
    ]);
  });
});

describe("subjects", () => {
  const schemas = (body: string): Record<string, string> => topic(`        schemas:\n${body}`);

  it("are <topic>-key / <topic>-value with the format's type, the compatibility and the file's text", () => {
    const estate = estateOf(
      schemas(`          key.schema.file: "../schemas/key.avsc"
          value.schema.file: "../schemas/value.proto"
          value.format: "protobuf"
          value.compatibility: "full_transitive"
`),
      { "schemas/key.avsc": '"string"', "schemas/value.proto": 'syntax = "proto3";' },
    );
    expect(estate.subjects).toEqual([
      { subject: "shop.o.t-key", schemaType: "AVRO", schema: '"string"', references: [] },
      {
        subject: "shop.o.t-value",
        schemaType: "PROTOBUF",
        schema: 'syntax = "proto3";',
        references: [],
        compatibility: "FULL_TRANSITIVE",
      },
    ]);
  });

  it("are AVRO when no format is set, as JulieOps registers them, with a note for a .proto file", () => {
    const estate = estateOf(schemas(`          value.schema.file: "v.proto"\n`), { "topologies/v.proto": "x" });
    expect(estate.subjects[0]?.schemaType).toBe("AVRO");
    expect(estate.report.find((r) => r.kind === "subject")?.outcome).toBe("info");
  });

  it("are left out, with a report item, under another subject name strategy", () => {
    const files = topic(
      `        subject.name.strategy: "RecordNameStrategy"\n        schemas:\n          value.schema.file: "v.avsc"\n          value.record.type: "shop.V"\n`,
    );
    const estate = estateOf(files, { "topologies/v.avsc": "{}" });
    expect(estate.subjects).toEqual([]);
    expect(estate.report.find((r) => r.kind === "subject")).toMatchObject({
      name: "RecordNameStrategy",
      outcome: "skipped",
    });
  });

  it("are listed as paths resolved against the topology's folder", () => {
    const files: SourceText[] = Object.entries(
      schemas(`          - key.schema.file: "k.avsc"\n            value.schema.file: "../s/v.avsc"\n`),
    ).map(([path, text]) => ({ path, text }));
    files.push({
      path: "abs.yaml",
      text: `context: c\nprojects:\n  - name: p\n    topics:\n      - name: t\n        schemas: { value.schema.file: "/etc/v.avsc" }\n`,
    });
    expect(julieOpsSchemaPaths(files)).toEqual(["/etc/v.avsc", "s/v.avsc", "topologies/k.avsc"]);
  });

  it("need their schema file, a known format and a known compatibility, each located", () => {
    const result = convert(
      schemas(
        `          key.schema.file: "missing.avsc"\n          value.schema.file: "v.avsc"\n          value.format: "XML"\n          value.compatibility: "SOMETIMES"\n`,
      ),
      { "topologies/v.avsc": "{}" },
    );
    expect(result.estate).toBeUndefined();
    expect(result.diagnostics.map((d) => [d.message, d.source?.start.line])).toEqual([
      ["schema file `topologies/missing.avsc` cannot be read", 7],
      ["schema format `XML` is not AVRO, JSON or PROTOBUF", 9],
      ["compatibility `SOMETIMES` is not a Schema Registry level", 10],
    ]);
  });
});
