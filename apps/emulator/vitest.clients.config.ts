import { defineConfig } from "vitest/config";

/** The suites that drive the real az CLI against a started azmi (`pnpm test:clients`; `pnpm test:all` runs them too). */
export default defineConfig({
  test: {
    include: ["test/az/**/*.test.ts"],
    testTimeout: 30_000,
    pool: "forks",
    globalSetup: ["test/support/global-setup.ts"],
  },
});
