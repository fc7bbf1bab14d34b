// Bundles the CLI into dist/cli-bundle/ so `kgov` starts by loading one file instead of resolving dozens of ES
// modules (pre-commit hooks run it on every commit). Heavy, lazily imported modules (the Kafka client, schema
// parsers) stay in separate chunks that load only when a command needs them. The library API (dist/index.js) is
// tsc's output and is not bundled.
import { rmSync } from "node:fs";
import { build } from "esbuild";

/**
 * commander imports node:child_process when it loads, only to run external subcommands, which kgov has none of;
 * loading it (and node:net beneath it) was ~10 ms of every start. commander gets a stand-in that loads the real
 * module the first time it is used.
 */
const childProcessOnFirstUseForCommander = {
  name: "child-process-on-first-use-for-commander",
  setup(bundler) {
    bundler.onResolve({ filter: /^(node:)?child_process$/ }, ({ importer }) =>
      /[\\/]node_modules[\\/]commander[\\/]/.test(importer)
        ? { path: "child_process", namespace: "kgov-on-first-use" }
        : undefined,
    );
    bundler.onLoad({ filter: /.*/, namespace: "kgov-on-first-use" }, () => ({
      contents:
        "export default new Proxy({}, { get: (_, name) => process.getBuiltinModule('node:child_process')[name] });",
      loader: "js",
    }));
  },
};

// Chunk names carry content hashes: without a clean folder, every build would leave the previous chunks behind.
rmSync("dist/cli-bundle", { recursive: true, force: true });

await build({
  entryPoints: { run: "src/cli/run.ts" },
  outdir: "dist/cli-bundle",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node22",
  packages: "bundle",
  // The Kafka client reads a wasm file relative to its own location, so it must stay a real package import; it is
  // imported lazily, so it costs nothing until a command talks to Kafka.
  external: ["@platformatic/kafka"],
  chunkNames: "chunks/[name]-[hash]",
  // CommonJS dependencies bundled into ESM still call require() for Node built-ins.
  banner: {
    js: "import { createRequire as __kgovCreateRequire } from 'node:module'; const require = __kgovCreateRequire(import.meta.url);",
  },
  plugins: [childProcessOnFirstUseForCommander],
  logLevel: "warning",
});
