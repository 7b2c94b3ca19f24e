import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The real az CLI suites are slow (minutes): `pnpm test:clients` runs them (vitest.clients.config.ts).
    exclude: ["test/az/**", "**/node_modules/**"],
    testTimeout: 30_000,
    // Forked workers read NODE_EXTRA_CA_CERTS (set by the global setup) when they start.
    pool: "forks",
    globalSetup: ["test/support/global-setup.ts"],
  },
});
