// The Markdown the action writes: the pull-request comment and the job summary sections.

/** GitHub refuses comment bodies longer than this (characters). */
export const COMMENT_LIMIT = 65_536;
/** GitHub refuses a step summary larger than 1 MiB; stay below it, leaving room for multi-byte characters. */
export const SUMMARY_LIMIT = 900_000;

export const commentMarker = (environment) => `<!-- kgov:plan:${environment || "default"} -->`;

/** A fenced block whose fence is longer than any backtick run inside, so kgov's output cannot close it early. */
export function fenced(text, language = "") {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  return `${fence}${language}\n${text.endsWith("\n") ? text : `${text}\n`}${fence}\n`;
}

/**
 * Cuts Markdown to at most `limit` characters at a line boundary, closing a code fence or <details> block left open
 * so the rest of the page still renders, and ends with `note`.
 */
export function truncateMarkdown(text, limit, note) {
  if (text.length <= limit) return { text, truncated: false };
  const lines = text.split("\n");
  const kept = [];
  let length = 0;
  let openFence;
  let openDetails = 0;
  // Room for the note and for whatever must be closed (one fence and a few </details>).
  const budget = limit - note.length - 200;
  for (const line of lines) {
    if (length + line.length + 1 > budget) break;
    kept.push(line);
    length += line.length + 1;
    const fence = /^(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence && !openFence) openFence = fence;
    else if (fence && openFence && fence.startsWith(openFence) && line.trim() === fence) openFence = undefined;
    else if (!openFence)
      openDetails += (line.match(/<details>/g) ?? []).length - (line.match(/<\/details>/g) ?? []).length;
  }
  const closing = [...(openFence ? [openFence] : []), ...Array(Math.max(0, openDetails)).fill("</details>")];
  return { text: [...kept, ...closing, "", note, ""].join("\n"), truncated: true };
}

function describeExit(command, exitCode) {
  switch (exitCode) {
    case 1:
      return `kgov could not run \`${command}\` (exit 1)`;
    case 3:
      return `findings: the files must change (exit 3)`;
    case 130:
      return "interrupted (exit 130)";
    default:
      return `exit ${exitCode}`;
  }
}

/** The plan comment and summary: kgov's Markdown plan, or why there is none, with where it came from. */
export function planMarkdown({ markdown, stderr, exitCode, environment, context }) {
  const where = [
    environment ? `environment \`${environment}\`` : undefined,
    context.sha ? `commit ${context.sha.slice(0, 7)}` : undefined,
    context.runUrl ? `[workflow run](${context.runUrl})` : undefined,
  ].filter(Boolean);
  const footer = where.length ? `\n<sub>kgov plan for ${where.join(" · ")}</sub>\n` : "";
  if (exitCode === 0 || exitCode === 2) return `${markdown.trimEnd()}\n${footer}`;
  // A failed plan replaces the previous comment too: an old plan left standing would look current.
  return [
    `### ❌ kgov plan failed: ${describeExit("plan", exitCode)}`,
    "",
    ...(markdown.trim() ? [markdown.trimEnd(), ""] : []),
    ...(stderr.trim() ? [fenced(stderr, "text")] : []),
    footer,
  ].join("\n");
}

/** The summary of validate and test-compat: counts, then one row per annotation. */
export function findingsMarkdown(title, annotations, exitCode) {
  const count = (level, noun) => {
    const n = annotations.filter((a) => a.level === level).length;
    return `${n} ${noun}${n === 1 ? "" : "s"}`;
  };
  const counts = [count("error", "error"), count("warning", "warning"), count("notice", "notice")].join(", ");
  const verdict =
    exitCode === 0 ? `✅ ${title}: ${counts}` : `❌ ${title}: ${describeExit(title, exitCode)}; ${counts}`;
  const rows = annotations.map((a) => {
    const { file, line, title: code } = a.properties;
    const at = file ? `${file}${line ? `:${line}` : ""}` : "";
    // The first line is kgov's message; why and fix follow it in the annotation itself.
    return `| ${a.level} | ${cell(at)} | ${cell(code ?? "")} | ${cell(a.message.split("\n")[0])} |`;
  });
  return [
    `### ${verdict}`,
    "",
    ...(rows.length ? ["| | Where | Code | Message |", "| --- | --- | --- | --- |", ...rows, ""] : []),
  ].join("\n");
}

const cell = (text) => text.replace(/\|/g, "\\|").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\r?\n/g, " ");

/** The summary of apply: kgov's report as it printed it. */
export function applyMarkdown({ stdout, stderr, exitCode }) {
  const verdict =
    exitCode === 0 ? "✅ kgov apply succeeded" : `❌ kgov apply failed: ${describeExit("apply", exitCode)}`;
  return [
    `### ${verdict}`,
    "",
    ...(stdout.trim() ? [fenced(stdout, "text")] : []),
    ...(stderr.trim() ? [fenced(stderr, "text")] : []),
  ].join("\n");
}
