// The few GitHub REST endpoints the action calls, with fetch. The token goes only into the Authorization header.

export class GitHubApiError extends Error {
  constructor(method, path, status, text) {
    super(`${method} ${path} failed: HTTP ${status}${text ? ` ${text.slice(0, 200)}` : ""}`);
    this.status = status;
  }
}

export function createGitHubClient({ apiUrl, token, repository }) {
  const base = apiUrl.replace(/\/+$/, "");

  async function request(method, path, body) {
    // Pagination links are absolute; they must stay on the API's origin, since the token goes with them.
    const url = new URL(path.startsWith("/") ? `${base}${path}` : path);
    if (url.origin !== new URL(base).origin) throw new Error(`refusing to send the token to ${url.origin}`);
    const response = await fetch(url, {
      method,
      headers: {
        accept: "application/vnd.github+json",
        authorization: `Bearer ${token}`,
        "user-agent": "kgov-action",
        "x-github-api-version": "2022-11-28",
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    if (!response.ok) throw new GitHubApiError(method, path, response.status, text);
    return { json: text ? JSON.parse(text) : undefined, link: response.headers.get("link") ?? "" };
  }

  /** Follows `Link: <…>; rel="next"` so comments beyond the first page are found too. */
  async function listAll(path) {
    const items = [];
    let next = `${path}${path.includes("?") ? "&" : "?"}per_page=100`;
    while (next) {
      const { json, link } = await request("GET", next);
      items.push(...json);
      next = /<([^>]+)>;\s*rel="next"/.exec(link)?.[1];
    }
    return items;
  }

  return {
    /** Paths of the files a pull request changes; a renamed file counts under both names. */
    listPullRequestFiles: async (number) =>
      (await listAll(`/repos/${repository}/pulls/${number}/files`)).flatMap((f) =>
        f.previous_filename ? [f.filename, f.previous_filename] : [f.filename],
      ),
    listIssueComments: (number) => listAll(`/repos/${repository}/issues/${number}/comments`),
    createIssueComment: async (number, body) =>
      (await request("POST", `/repos/${repository}/issues/${number}/comments`, { body })).json,
    updateIssueComment: async (id, body) =>
      (await request("PATCH", `/repos/${repository}/issues/comments/${id}`, { body })).json,
  };
}

/** Updates the comment carrying `marker`, or creates it: one comment per pull request and environment. */
export async function upsertComment(client, number, marker, body) {
  const comments = await client.listIssueComments(number);
  const existing = comments.find((c) => typeof c.body === "string" && c.body.includes(marker));
  if (existing) {
    const updated = await client.updateIssueComment(existing.id, body);
    return { action: "updated", id: existing.id, url: updated?.html_url };
  }
  const created = await client.createIssueComment(number, body);
  return { action: "created", id: created?.id, url: created?.html_url };
}
