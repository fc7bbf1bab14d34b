import { parseSchemaFile } from "../core/schema-files/index.js";
import type { FilesPort, ReadTextResult } from "../ports/files.js";
import type { SchemaFileJob, SchemaFileOutcome, SchemaFilesPort } from "../ports/schema-files.js";
import { readSchemaSources, textsOf } from "./schema-sources.js";

/** Jobs are taken this many at a time: their reads overlap, and threads sharing the jobs stay evenly loaded. */
export const SCHEMA_JOB_BATCH = 16;

/**
 * One file's check. An `.avsc` file's references to other subjects are not known here; the subjects' resolution
 * checks such a file once they are (see resolveDesiredSubjects).
 */
function outcomeOf(job: SchemaFileJob, reads: ReadonlyMap<string, ReadTextResult>): SchemaFileOutcome {
  const read = reads.get(job.path) as ReadTextResult;
  if (read.text === undefined) {
    return { readProblems: read.diagnostics, ...(read.notFound ? { notFound: true } : {}), findings: [] };
  }
  const texts = textsOf(reads);
  const parsed = parseSchemaFile({
    path: job.path,
    text: read.text,
    ...(job.type ? { type: job.type } : {}),
    imports: texts,
    referencedTypes: "deferred",
  });
  const findings = parsed.diagnostics;
  const pointedInto = new Set(findings.flatMap((d) => (d.source && d.source.file !== job.path ? [d.source.file] : [])));
  const importedTexts = [...pointedInto].flatMap((path) => {
    const text = texts.get(path);
    return text === undefined ? [] : [[path, text] as const];
  });
  return {
    readProblems: [],
    findings,
    ...(findings.length > 0 ? { text: read.text } : {}),
    ...(importedTexts.length > 0 ? { importedTexts } : {}),
  };
}

/**
 * Checks batches of jobs until `claim` (the index of the next unclaimed batch's first job) runs past the end. Each
 * batch's files are read together, and the next batch is read while this one is parsed. Returns each job's index
 * with its outcome.
 */
export async function checkClaimedJobs(
  jobs: readonly SchemaFileJob[],
  claim: () => number,
  files: FilesPort,
): Promise<[number, SchemaFileOutcome][]> {
  const take = (): number[] => {
    const from = claim();
    const to = Math.min(from + SCHEMA_JOB_BATCH, jobs.length);
    return Array.from({ length: Math.max(0, to - from) }, (_, k) => from + k);
  };
  const readAll = (batch: number[]) =>
    Promise.all(batch.map((i) => readSchemaSources([(jobs[i] as SchemaFileJob).path], files)));
  const done: [number, SchemaFileOutcome][] = [];
  let batch = take();
  let reading = readAll(batch);
  while (batch.length > 0) {
    const reads = await reading;
    const next = take();
    reading = readAll(next);
    batch.forEach((i, k) =>
      done.push([i, outcomeOf(jobs[i] as SchemaFileJob, reads[k] as Map<string, ReadTextResult>)]),
    );
    batch = next;
  }
  return done;
}

/** Checks the jobs on this thread. */
export function schemaFileChecksInProcess(files: FilesPort): SchemaFilesPort {
  return {
    async checkSchemaFiles(jobs) {
      let next = 0;
      const claim = () => {
        const from = next;
        next += SCHEMA_JOB_BATCH;
        return from;
      };
      return (await checkClaimedJobs(jobs, claim, files)).map(([, outcome]) => outcome);
    },
  };
}
