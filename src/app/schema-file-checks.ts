import { parseSchemaFile } from "../core/schema-files/index.js";
import type { FilesPort } from "../ports/files.js";
import type { SchemaFileJob, SchemaFileOutcome, SchemaFilesPort } from "../ports/schema-files.js";

/** Reads one schema file and checks it offline. */
export async function checkSchemaFileJob(job: SchemaFileJob, files: FilesPort): Promise<SchemaFileOutcome> {
  const read = await files.readText(job.path);
  if (read.text === undefined) {
    return { readProblems: read.diagnostics, ...(read.notFound ? { notFound: true } : {}), findings: [] };
  }
  const parsed = parseSchemaFile({ path: job.path, text: read.text, ...(job.type ? { type: job.type } : {}) });
  const findings = parsed.diagnostics;
  return { readProblems: [], findings, ...(findings.length > 0 ? { text: read.text } : {}) };
}

/** Checks the jobs one after the other on this thread. */
export function schemaFileChecksInProcess(files: FilesPort): SchemaFilesPort {
  return {
    async checkSchemaFiles(jobs) {
      const outcomes: SchemaFileOutcome[] = [];
      for (const job of jobs) outcomes.push(await checkSchemaFileJob(job, files));
      return outcomes;
    },
  };
}
