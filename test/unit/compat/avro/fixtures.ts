/** Reads the Avro compatibility fixture folders (see fixtures.test.ts); shared with the real-registry cross-check. */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = import.meta.dirname;

export interface AvroFixture {
  readonly name: string;
  readonly group: string;
  readonly readerFile: string;
  readonly readerText: string;
  readonly writerText: string;
  readonly expectedPath: string;
}

export function avroFixtures(): AvroFixture[] {
  return readdirSync(root, { withFileTypes: true })
    .filter((group) => group.isDirectory())
    .flatMap((group) =>
      readdirSync(join(root, group.name), { withFileTypes: true })
        .filter((c) => c.isDirectory())
        .map((c) => {
          const dir = join(root, group.name, c.name);
          const readerFile = existsSync(join(dir, "reader.avdl")) ? "reader.avdl" : "reader.avsc";
          return {
            name: `${group.name}/${c.name}`,
            group: group.name,
            readerFile,
            readerText: readFileSync(join(dir, readerFile), "utf8"),
            writerText: readFileSync(join(dir, "writer.avsc"), "utf8"),
            expectedPath: join(dir, "expected.json"),
          };
        }),
    );
}
