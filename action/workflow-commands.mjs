// GitHub workflow commands (annotations, stop-commands) and the GITHUB_OUTPUT file.
// https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions
import { randomUUID } from "node:crypto";
import { appendFileSync } from "node:fs";
import { posix } from "node:path";

const escapeData = (text) => text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
const escapeProperty = (text) => escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
const unescapeData = (text) => text.replace(/%0D/g, "\r").replace(/%0A/g, "\n").replace(/%25/g, "%");
const unescapeProperty = (text) => unescapeData(text.replace(/%3A/g, ":").replace(/%2C/g, ","));

/** Only these commands are let through from kgov's output: nothing that sets outputs, env or masks. */
const ANNOTATION = /^::(error|warning|notice)(?: ([^:]*))?::(.*)$/;

/** An annotation line, e.g. `::error file=a.yaml,line=3,title=x::message`; undefined for any other line. */
export function parseAnnotation(line) {
  const match = ANNOTATION.exec(line);
  if (!match) return undefined;
  const properties = {};
  for (const pair of (match[2] ?? "").split(",").filter(Boolean)) {
    const at = pair.indexOf("=");
    if (at > 0) properties[pair.slice(0, at)] = unescapeProperty(pair.slice(at + 1));
  }
  return { level: match[1], properties, body: match[3], message: unescapeData(match[3]) };
}

/** An annotation as a workflow command; `message` is plain text (escaped here). */
export function formatAnnotation(level, properties, message) {
  return annotation(level, properties, message).line;
}

/** An annotation with its parts and its workflow command `line`; undefined properties are left out. */
export function annotation(level, properties, message) {
  const defined = Object.fromEntries(Object.entries(properties).filter(([, value]) => value !== undefined));
  const props = Object.entries(defined)
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
    .join(",");
  return { level, properties: defined, message, line: `::${level}${props ? ` ${props}` : ""}::${escapeData(message)}` };
}

/**
 * kgov names files relative to the directory it runs in; GitHub places annotations by path from the repository root,
 * so a working directory other than the root must be prepended.
 */
export function fileFromRepositoryRoot(file, workingDirectory) {
  if (posix.isAbsolute(file) || workingDirectory === "." || workingDirectory === "") return file;
  return posix.normalize(posix.join(workingDirectory.split("\\").join("/"), file));
}

/** Rewrites the `file=` of kgov's annotation lines to repository paths; other lines are dropped. */
export function relocateAnnotations(stdout, workingDirectory) {
  const annotations = [];
  for (const line of stdout.split(/\r?\n/)) {
    const annotation = parseAnnotation(line);
    if (!annotation) continue;
    const { level, properties, body, message } = annotation;
    if (properties.file !== undefined) properties.file = fileFromRepositoryRoot(properties.file, workingDirectory);
    const props = Object.entries(properties).map(([key, value]) => `${key}=${escapeProperty(value)}`);
    annotations.push({
      level,
      properties,
      message,
      line: `::${level}${props.length ? ` ${props.join(",")}` : ""}::${body}`,
    });
  }
  return annotations;
}

/**
 * Text from the repository under review (topic names, file contents in code frames) must not be read as workflow
 * commands by the runner: everything printed between start and end is inert.
 */
export function stopCommands(write) {
  const token = randomUUID();
  write(`::stop-commands::${token}\n`);
  return () => write(`::${token}::\n`);
}

/** Appends `name=value` lines to the GITHUB_OUTPUT file (a no-op outside a runner). */
export function writeOutputs(outputFile, outputs) {
  const lines = Object.entries(outputs).map(([name, value]) => {
    if (/[\r\n]/.test(value)) throw new Error(`output ${name} must be one line`);
    return `${name}=${value}\n`;
  });
  if (outputFile) appendFileSync(outputFile, lines.join(""));
}
