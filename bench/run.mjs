// Runs kgov's benchmarks and writes their results into BENCHMARKS.md, each section stamped with the date and the
// machine it ran on. Running a subset replaces only those sections and keeps the others.
// Usage: node bench/run.mjs [name ...]   (default: all)
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { benchAcls } from "./acls.mjs";
import { benchCompat } from "./compat.mjs";
import { benchImport } from "./import.mjs";
import { benchLatency } from "./latency.mjs";
import { benchRegistry } from "./registry.mjs";
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
  // The plan estate again, on a broker of its own behind bench/latency-proxy.mjs (2 ms added round-trip time).
  latency: benchLatency,
  apply: benchApply,
  acls: benchAcls,
  registry: benchRegistry,
  import: benchImport,
};

const selected = process.argv.slice(2);
const names = selected.length > 0 ? selected : Object.keys(BENCHES);
const target = new URL("../BENCHMARKS.md", import.meta.url);
const marker = (name) => `<!-- bench:${name} -->`;
/** The sections already in BENCHMARKS.md, by benchmark name. */
const sections = new Map();
if (existsSync(target)) {
  for (const part of readFileSync(target, "utf8")
    .split(/(?=<!-- bench:)/)
    .slice(1)) {
    const name = /^<!-- bench:([a-z-]+) -->/.exec(part)?.[1];
    if (name) sections.set(name, part.trimEnd());
  }
}
const stamp = `${new Date().toISOString().slice(0, 10)}, ${machineDescription()}`;
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
  sections.set(
    name,
    `${marker(name)}\n## ${r.title}\n\nTarget: ${r.target} — **${r.pass ? "met" : "NOT met"}** (measured ${stamp})\n\n${table}\n${r.notes ? `\n${r.notes}\n` : ""}`.trimEnd(),
  );
  process.stdout.write(`${r.title}: ${r.pass ? "met" : "NOT met"}\n${table}\n\n`);
}

const doc = `# Benchmarks

Written by \`npm run bench\` (do not edit by hand). Each ratio compares kgov with a baseline measured in the same run
on the same machine, so the figures travel between machines better than absolute times. The machines are shared
2-core VMs; each section names the date and machine it was measured on.

${Object.keys(BENCHES)
  .filter((name) => sections.has(name))
  .map((name) => sections.get(name))
  .join("\n\n")}
`;
writeFileSync(target, doc);
process.exitCode = failed ? 1 : 0;
