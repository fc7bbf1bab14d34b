import { availableParallelism } from "node:os";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { checkSchemaFileJob, schemaFileChecksInProcess } from "../../app/schema-file-checks.js";
import type { FilesPort } from "../../ports/files.js";
import type { SchemaFileJob, SchemaFileOutcome, SchemaFilesPort } from "../../ports/schema-files.js";
import { createFilesAdapter } from "../fs/files.js";

/**
 * Checks schema files on this thread and on helper threads at once: on a large estate (a thousand .avsc files),
 * parsing them is most of `kgov validate`'s time and parallelises perfectly. The helpers start when the adapter is
 * created, so they load the schema parsers while the main thread is still reading the YAML. Every thread takes the
 * next unclaimed job from a shared counter, so the work balances itself however long each file takes.
 */

const WORKER_KIND = "kgov-schema-files";
/** Below this many files a helper thread costs more to start than it saves. */
const MIN_JOBS_FOR_HELPERS = 32;

interface Job {
  readonly jobs: readonly SchemaFileJob[];
  /** One Int32: the index of the next unclaimed job. */
  readonly next: Int32Array;
}

type Done = readonly (readonly [number, SchemaFileOutcome])[];

/** Claims and checks jobs until none are left; returns each checked job with its index. */
async function claimAndCheck({ jobs, next }: Job, files: FilesPort): Promise<[number, SchemaFileOutcome][]> {
  const done: [number, SchemaFileOutcome][] = [];
  for (let i = Atomics.add(next, 0, 1); i < jobs.length; i = Atomics.add(next, 0, 1)) {
    done.push([i, await checkSchemaFileJob(jobs[i] as SchemaFileJob, files)]);
  }
  return done;
}

export interface SchemaFilesAdapter extends SchemaFilesPort {
  /** How many helper threads were started (0 when running from sources, or on one core). */
  readonly helperCount: number;
  /** How many files of the last run the helpers checked. */
  checkedOnHelpers: number;
  /** Stops helper threads that were never used (a run that found no schema files). */
  close(): Promise<void>;
}

/** `helpers` defaults to one per core beyond this one, at most 3. */
export function createSchemaFilesAdapter(
  cwd: string,
  files: FilesPort,
  { helpers: wanted = Math.min(availableParallelism() - 1, 3) }: { helpers?: number } = {},
): SchemaFilesAdapter {
  const helpers = startHelpers(cwd, wanted);
  const inProcess = schemaFileChecksInProcess(files);
  const close = async () => {
    await Promise.all(helpers.splice(0).map((helper) => helper.terminate()));
  };
  return {
    helperCount: helpers.length,
    checkedOnHelpers: 0,
    close,
    async checkSchemaFiles(jobs) {
      if (helpers.length === 0 || jobs.length < MIN_JOBS_FOR_HELPERS) {
        await close();
        return inProcess.checkSchemaFiles(jobs);
      }
      const job: Job = { jobs, next: new Int32Array(new SharedArrayBuffer(4)) };
      const fromHelpers = helpers.splice(0).map((helper) => runOn(helper, job));
      const outcomes: (SchemaFileOutcome | undefined)[] = new Array(jobs.length);
      for (const [i, outcome] of await claimAndCheck(job, files)) outcomes[i] = outcome;
      const helped = await Promise.all(fromHelpers);
      for (const done of helped) for (const [i, outcome] of done) outcomes[i] = outcome;
      this.checkedOnHelpers = helped.reduce((sum, done) => sum + done.length, 0);
      // A helper that failed leaves its jobs unchecked: check them here rather than lose them.
      for (let i = 0; i < jobs.length; i++) outcomes[i] ??= await checkSchemaFileJob(jobs[i] as SchemaFileJob, files);
      return outcomes as SchemaFileOutcome[];
    },
  };
}

/** Helpers run this module's own file, which only works from compiled JavaScript (not from sources under test). */
function startHelpers(cwd: string, count: number): Worker[] {
  const script = new URL(import.meta.url);
  if (count < 1 || !script.pathname.endsWith(".js")) return [];
  return Array.from({ length: count }, () => {
    const helper = new Worker(script, { workerData: { kind: WORKER_KIND, cwd } });
    // An idle helper must not keep the process alive.
    helper.unref();
    return helper;
  });
}

/** Runs a job on a helper; resolves with what it checked (nothing when it failed) and stops it. */
function runOn(helper: Worker, job: Job): Promise<Done> {
  return new Promise((resolve) => {
    const finish = (done: Done) => {
      resolve(done);
      void helper.terminate();
    };
    helper.once("message", (done: Done) => finish(done));
    helper.once("error", () => finish([]));
    helper.once("exit", () => finish([]));
    // Waiting for its answer keeps the process alive.
    helper.ref();
    helper.postMessage(job);
  });
}

if (!isMainThread && (workerData as { kind?: string } | null)?.kind === WORKER_KIND && parentPort) {
  const port = parentPort;
  const files = createFilesAdapter((workerData as { cwd: string }).cwd);
  port.once("message", (job: Job) => {
    void claimAndCheck(job, files).then((done) => port.postMessage(done));
  });
}
