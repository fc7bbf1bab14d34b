import { createServer, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { runCli } from "../../helpers/cli.js";

/**
 * A broker address that accepts connections and never answers (a hung host, a black-holing firewall): kgov gives up
 * within --connect-timeout with a classified diagnostic, never hangs and never prints a stack trace.
 */
let server: Server;
let port: number;
const sockets: Socket[] = [];

beforeAll(async () => {
  server = createServer((socket) => void sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as { port: number }).port;
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((resolve) => server.close(resolve));
});

it("kgov plan gives up on a silent broker within --connect-timeout", async () => {
  const started = performance.now();
  const run = await runCli(
    ["plan", "-f", "examples", "--bootstrap-server", `127.0.0.1:${port}`, "--connect-timeout", "1500"],
    { cwd: process.cwd(), env: {} },
  );
  const elapsed = performance.now() - started;
  expect(run.exitCode).toBe(1);
  expect(run.stderr).toContain("kafka/unreachable");
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(sockets.length).toBeGreaterThan(0); // it did reach the silent host
  expect(elapsed).toBeLessThan(1500 * 3);
}, 20_000);
