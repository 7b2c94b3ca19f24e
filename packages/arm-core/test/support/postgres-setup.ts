/**
 * Global setup: one throw-away PostgreSQL server for the store contract (scripts/local-postgres.mjs).
 * Without PostgreSQL the PostgreSQL tests are skipped, and say so loudly, never silently.
 */
import type { TestProject } from "vitest/node";
import { startLocalPostgres } from "../../../../scripts/local-postgres.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    postgres: { url: string } | { skipped: string };
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const server = await startLocalPostgres();
  if ("skipped" in server) {
    console.error(`\n*** skipped: PostgreSQL store tests: ${server.skipped} ***\n`);
    project.provide("postgres", { skipped: server.skipped });
    return () => {};
  }
  project.provide("postgres", { url: server.url });
  return () => server.stop();
}
