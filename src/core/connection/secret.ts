/**
 * A value that must never be printed: passwords, private keys, JAAS configurations.
 *
 * The plain text is reachable only through `reveal()`, which the Kafka adapter calls when it hands the credential to
 * the client library. Every other way of turning a Secret into text (template strings, String(), JSON.stringify,
 * console.log / util.inspect) yields the placeholder, so a secret that strays into a diagnostic, a JSON document or a
 * debug dump still does not leak.
 */
export const REDACTED = "<redacted>";

const inspectCustom = Symbol.for("nodejs.util.inspect.custom");

export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The plain text. Call it only at the point where the credential leaves kgov for the server. */
  reveal(): string {
    return this.#value;
  }

  get isEmpty(): boolean {
    return this.#value.length === 0;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspectCustom](): string {
    return REDACTED;
  }
}
