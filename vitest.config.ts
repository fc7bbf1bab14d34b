import { defineConfig } from "vitest/config";

// Placeholder until the real-server projects land; unit tests only.
export default defineConfig({
  test: {
    include: ["test/unit/**/*.test.ts"],
  },
});
