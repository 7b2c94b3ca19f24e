import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Real clients against real processes: one file at a time (2 shared cores; terraform is heavy).
    fileParallelism: false,
    pool: "forks",
    testTimeout: 15 * 60_000,
    hookTimeout: 5 * 60_000,
    reporters: ["default", "./src/table-reporter.ts"],
  },
});
