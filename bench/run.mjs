// Runs kgov's benchmarks and rewrites BENCHMARKS.md with the results, the machine and the date.
// Usage: node bench/run.mjs [name ...]   (default: all)
import { writeFileSync } from "node:fs";
import { benchCompat } from "./compat.mjs";
import { machineDescription } from "./lib.mjs";
import { benchStartup } from "./startup.mjs";
import { benchApply, benchPlan, benchTopicctl } from "./topics.mjs";
import { benchValidate } from "./validate.mjs";

const BENCHES = {
  startup: benchStartup,
  validate: benchValidate,
  compat: benchCompat,
  // A real Kafka broker each (scripts/infra.sh); plan and topicctl share their 10,000 topics, so keep them adjacent.
  plan: benchPlan,
  topicctl: benchTopicctl,
  apply: benchApply,
};

const selected = process.argv.slice(2);
const names = selected.length > 0 ? selected : Object.keys(BENCHES);
const sections = [];
let failed = false;
for (const name of names) {
  const bench = BENCHES[name];
  if (!bench) throw new Error(`unknown benchmark ${name}; known: ${Object.keys(BENCHES).join(", ")}`);
  process.stderr.write(`bench ${name} ...\n`);
  const r = await bench();
  failed ||= !r.pass;
  const table = [
    `| ${r.columns.join(" | ")} |`,
    `| ${r.columns.map(() => "---").join(" | ")} |`,
    ...r.rows.map((row) => `| ${row.join(" | ")} |`),
  ].join("\n");
  sections.push(
    `## ${r.title}\n\nTarget: ${r.target} — **${r.pass ? "met" : "NOT met"}**\n\n${table}\n${r.notes ? `\n${r.notes}\n` : ""}`,
  );
  process.stdout.write(`${r.title}: ${r.pass ? "met" : "NOT met"}\n${table}\n\n`);
}

const doc = `# Benchmarks

Written by \`npm run bench\` (do not edit by hand). Each ratio compares kgov with a baseline measured in the same run
on the same machine, so the figures travel between machines better than absolute times.

- Date: ${new Date().toISOString().slice(0, 10)}
- Machine: ${machineDescription()}

${sections.join("\n")}`;
if (selected.length === 0) writeFileSync(new URL("../BENCHMARKS.md", import.meta.url), doc);
process.exitCode = failed ? 1 : 0;
