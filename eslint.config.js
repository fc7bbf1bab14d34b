import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", ".tools/", ".infra/", ".test-infra-run/", "coverage/", "**/*.generated.ts"] },
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/switch-exhaustiveness-check": "error",
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
  {
    // Only the CLI layer may touch the process; everything below it gets what it needs injected.
    files: ["src/**/*.ts"],
    ignores: ["src/cli/**"],
    rules: {
      "no-restricted-globals": ["error", { name: "process", message: "Only src/cli may use process; inject it." }],
      "no-restricted-imports": [
        "error",
        { paths: [{ name: "node:process", message: "Only src/cli may use process; inject it." }] },
      ],
    },
  },
  {
    // The pure core and the renderers do no I/O and know no client library.
    files: ["src/core/**/*.ts", "src/render/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["node:fs", "node:fs/*", "node:net", "node:tls", "node:http", "node:https", "node:child_process"],
              message: "core and render are pure: do I/O in adapters.",
            },
            {
              group: ["@platformatic/*", "**/adapters/**", "**/cli/**", "**/app/**"],
              message: "core and render must not depend on outer layers.",
            },
          ],
        },
      ],
    },
  },
);
