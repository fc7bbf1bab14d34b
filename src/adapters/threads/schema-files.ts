import { availableParallelism } from "node:os";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import type { FilesPort } from "../../ports/files.js";
import type { SchemaFileJob, SchemaFileOutcome, SchemaFilesPort } from "../../ports/schema-files.js";
import { createFilesAdapter } from "../fs/files.js";

/**
 * Checks schema files on this thread and on helper threads at once: on a large estate (a thousand .avsc files),
 * parsing them is most of `kgov validate`'s time and parallelises perfectly. The app starts the checks as soon as the
 * YAML files that reference them are parsed, so the helpers work while this thread is still parsing, merging and
 * checking the YAML. Every thread takes
 * the next batch of unclaimed jobs from a shared counter, so the work balances itself however long each file takes.
 * The checking itself is the app's (app/schema-file-checks.ts); this adapter only spreads it over threads.
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

/** The schema parsers (avsc, protobufjs, ajv) load only when there is a schema file to check. */
const checks = () => import("../../app/schema-file-checks.js");

/** Claims batches of jobs from the shared counter and checks them until none are left. */
async function claimAndCheck({ jobs, next }: Job, files: FilesPort): Promise<[number, SchemaFileOutcome][]> {
  const { checkClaimedJobs, SCHEMA_JOB_BATCH } = await checks();
  return checkClaimedJobs(jobs, () => Atomics.add(next, 0, SCHEMA_JOB_BATCH), files);
}

export interface SchemaFilesAdapter extends SchemaFilesPort {
  /** How many files of the last run the helper threads checked. */
  readonly checkedOnHelpers: number;
}

export interface SchemaFilesOptions {
  /** Helper threads; default one per core beyond this one, at most 3. */
  readonly helpers?: number;
  /**
   * Start the helpers now, so they have loaded the schema parsers by the time the files are known (kgov validate,
   * where schema files are most of the work). Helpers that get no job are stopped; an idle one never keeps the
   * process alive.
   */
  readonly startEarly?: boolean;
}

/**
 * Helpers run this module's own compiled file, so from TypeScript sources (under test) every file is checked on
 * this thread.
 */
export function createSchemaFilesAdapter(
  cwd: string,
  files: FilesPort,
  { helpers = Math.min(availableParallelism() - 1, 3), startEarly = false }: SchemaFilesOptions = {},
): SchemaFilesAdapter {
  const script = new URL(import.meta.url);
  const canHelp = helpers > 0 && script.pathname.endsWith(".js");
  let waiting = canHelp && startEarly ? Array.from({ length: helpers }, () => startHelper(script, cwd)) : [];
  const takeHelpers = () => {
    const taken = waiting;
    waiting = [];
    return taken;
  };
  let checkedOnHelpers = 0;
  return {
    get checkedOnHelpers() {
      return checkedOnHelpers;
    },
    async checkSchemaFiles(jobs) {
      checkedOnHelpers = 0;
      if (!canHelp || jobs.length < MIN_JOBS_FOR_HELPERS) {
        for (const helper of takeHelpers()) void helper.worker.terminate();
        if (jobs.length === 0) return [];
        return (await checks()).schemaFileChecksInProcess(files).checkSchemaFiles(jobs);
      }
      // Helpers get the job before anything is awaited: this thread is about to be busy merging the YAML.
      const job: Job = { jobs, next: new Int32Array(new SharedArrayBuffer(4)) };
      const started = takeHelpers();
      while (started.length < helpers) started.push(startHelper(script, cwd));
      const fromHelpers = started.map((helper) => runOnHelper(helper, job));
      const inProcess = (await checks()).schemaFileChecksInProcess(files);
      const outcomes: (SchemaFileOutcome | undefined)[] = new Array(jobs.length);
      for (const [i, outcome] of await claimAndCheck(job, files)) outcomes[i] = outcome;
      for (const done of await Promise.all(fromHelpers)) {
        checkedOnHelpers += done.length;
        for (const [i, outcome] of done) outcomes[i] = outcome;
      }
      // A helper that failed leaves its jobs unchecked: check them here rather than lose them.
      const unchecked = jobs.flatMap((_, i) => (outcomes[i] === undefined ? [i] : []));
      const late = await inProcess.checkSchemaFiles(unchecked.map((i) => jobs[i] as SchemaFileJob));
      unchecked.forEach((i, k) => (outcomes[i] = late[k]));
      return outcomes as SchemaFileOutcome[];
    },
  };
}

interface Helper {
  readonly worker: Worker;
  /** Settles when the thread has stopped, for whatever reason (even before it got a job). */
  readonly exited: Promise<void>;
}

/** A helper that loads the schema parsers and waits for a job; until it gets one it does not keep the process alive. */
function startHelper(script: URL, cwd: string): Helper {
  const worker = new Worker(script, { workerData: { kind: WORKER_KIND, cwd } });
  worker.unref();
  // A helper that throws exits next; its unfinished jobs are then checked on this thread.
  worker.on("error", () => undefined);
  return { worker, exited: new Promise((resolve) => worker.once("exit", () => resolve())) };
}

/** Gives a helper the job; resolves with what it checked (nothing when it failed) once it has stopped. */
async function runOnHelper({ worker, exited }: Helper, job: Job): Promise<Done> {
  let done: Done = [];
  worker.once("message", (checked: Done) => {
    done = checked;
    void worker.terminate();
  });
  worker.ref();
  worker.postMessage(job);
  await exited;
  return done;
}

if (!isMainThread && (workerData as { kind?: string } | null)?.kind === WORKER_KIND && parentPort) {
  const port = parentPort;
  const files = createFilesAdapter((workerData as { cwd: string }).cwd);
  // Loaded while waiting, so checking starts at once.
  void checks();
  port.once("message", (job: Job) => {
    void claimAndCheck(job, files).then((done) => port.postMessage(done));
  });
}
