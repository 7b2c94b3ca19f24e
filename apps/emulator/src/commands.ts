/**
 * The `azmi` command line: its usage and its commands (cli.ts runs them; the bundled CLI loads
 * this module without running it, see scripts/bundle-cli.mjs).
 *
 *   azmi start [--port 4566] [--host 127.0.0.1] [--data-dir DIR | --in-memory | --store postgres://...]
 *              [--tenant ID] [--subscription ID ...] [--auth permissive|strict]
 *              [--throttle [reads=B:R,writes=B:R,deletes=B:R]]
 *
 * State lives in .azmi/ under the working directory unless told otherwise, so it survives
 * restarts. SIGTERM/SIGINT stop accepting, finish in-flight requests, close the store, exit 0.
 */
import { LOOPBACK, parseStartArgs, UsageError } from "./cli-args.js";
import { startAzmi } from "./server.js";
import { isStoreUnavailable, redacted, SchemaTooNewError } from "@azmi/arm-core";
import { runEnvCommand } from "./tokens/env-command.js";
import { runAzCommand } from "./clients/az-command.js";
import { runTfCommand } from "./clients/tf-command.js";
import { WrapperError } from "./clients/running-azmi.js";
import { DataDirError } from "./data-dir.js";

const USAGE = `usage: azmi start [--port 4566] [--host 127.0.0.1] [--data-dir DIR | --in-memory | --store postgres://USER:PASS@HOST:PORT/DB]
                  [--tenant ID] [--subscription ID ...] [--auth permissive|strict]
                  [--trust-issuer ISSUER=JWKS_FILE ...]
                  [--operator-client-id ID] [--operator-client-secret SECRET] [--allow-host NAME ...]
                  [--throttle [reads=BUCKET:REFILL,writes=BUCKET:REFILL,deletes=BUCKET:REFILL]]
                      ARM's token buckets per principal per subscription: 429 SubscriptionRequestsThrottled
                      with Retry-After once one is empty. Alone: Azure's reads=250:25,writes=200:10,deletes=200:10
                      (bucket size : refills per second); a kind left out keeps Azure's. Off by default.
                  [--replication-delay DURATION] [--rbac-propagation-delay DURATION]   (e.g. 10s, 500ms, 2m)
       azmi env --resource RESOURCE_ID [--port 4566] [--format export|json|dotenv]
       azmi az [--port 4566] [--print-env] -- <az arguments>          (az against azmi, isolated config)
       azmi tf [--port 4566] [--print-env] -- <terraform arguments>   (terraform/tofu + azurerm against azmi)`;

async function start(args: readonly string[]): Promise<void> {
  if (args.includes("--help") || args.includes("-h")) {
    console.log(USAGE);
    return;
  }
  const config = parseStartArgs(args);
  if (!LOOPBACK.has(config.host)) {
    console.warn(`azmi: warning: listening on ${config.host}, reachable from other machines; azmi has no real authentication in permissive mode`);
  }
  const azmi = await startAzmi(config, { log: (m) => console.error(m) });
  const where =
    config.store !== undefined ? `state in PostgreSQL ${redacted(config.store)}` : config.dataDir === undefined ? "state in memory" : `data ${config.dataDir}`;
  const proxy = azmi.url.replace(/^https:/, "http:");
  console.log(`azmi ready at ${azmi.url} (proxy ${proxy}, CA ${azmi.url}/_azmi/ca.pem, ${where})`);
  console.log(`azmi console at ${proxy}/_azmi/console (also ${azmi.url}/_azmi/console)`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    azmi.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`azmi: error while stopping after ${signal}: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", () => stop("SIGTERM"));
  process.once("SIGINT", () => stop("SIGINT"));
}

export async function main(argv: readonly string[]): Promise<void> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "start":
        await start(rest);
        return;
      case "env":
        process.exitCode = await runEnvCommand(rest);
        return;
      case "az":
        process.exitCode = await runAzCommand(rest);
        return;
      case "tf":
        process.exitCode = await runTfCommand(rest);
        return;
      case undefined:
      case "help":
      case "--help":
      case "-h":
        console.log(USAGE);
        return;
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (error) {
    if (error instanceof DataDirError) {
      console.error(`azmi: ${error.message}`);
      process.exit(2);
    }
    if (error instanceof WrapperError) {
      console.error(`azmi ${command}: ${error.message}`);
      process.exit(error.exitCode);
    }
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      console.error(`azmi: ${(error as Error).message}\n${USAGE}`);
      process.exit(2);
    }
    if (isStoreUnavailable(error) || error instanceof SchemaTooNewError) {
      console.error(`azmi: ${(error as Error).message}`);
      process.exit(1);
    }
    if ((error as { code?: string }).code === "EADDRINUSE") {
      console.error(`azmi: ${(error as Error).message}: another process is using that port (try --port)`);
      process.exit(1);
    }
    throw error;
  }
}
