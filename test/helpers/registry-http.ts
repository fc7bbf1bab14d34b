// One request to a Confluent-API registry for tests that talk to it directly (bypassing kgov's client).
const CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

/** Sends `body` as JSON; the answer's JSON, or its text when it is not JSON (for failure messages). */
export async function registryCall(
  url: string,
  method: string,
  body: unknown,
): Promise<{ status: number; json: unknown }> {
  const response = await fetch(url, {
    method,
    headers: { "Content-Type": CONTENT_TYPE, Accept: CONTENT_TYPE },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    // keep the text for the failure message
  }
  return { status: response.status, json };
}
