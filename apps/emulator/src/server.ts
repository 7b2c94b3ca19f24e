/**
 * Starts azmi in this process: state, certificate authority, app, listener. The CLI and the
 * test harness both start it through here.
 */
import { readFileSync } from "node:fs";
import { createRequestListener } from "./request-listener.js";
import { CertificateAuthority } from "./listener/certificate-authority.js";
import { startListener } from "./listener/listener.js";
import { createServices, type CreateServicesOptions } from "./compose.js";
import type { EmulatorConfig } from "./config.js";
import { openInDataDir, prepareDataDir } from "./data-dir.js";
import type { Services } from "./services.js";
import { keepSharedAcrossReset, openStore, sharedConfig } from "./shared-state.js";

export interface StartOptions extends CreateServicesOptions {
  /** Use this CA instead of the one kept in the data dir. */
  readonly ca?: CertificateAuthority;
  readonly log?: (message: string) => void;
}

export interface RunningAzmi {
  readonly services: Services;
  readonly ca: CertificateAuthority;
  readonly port: number;
  /** https://{host}:{port}, the direct HTTPS address. */
  readonly url: string;
  /** Stop accepting, finish in-flight requests, close the store. */
  stop(graceMs?: number): Promise<void>;
}

export const AZMI_VERSION: string = readVersion();

const KEY_WARM_UP_DELAY_MS = 500;

export async function startAzmi(given: EmulatorConfig, options: StartOptions = {}): Promise<RunningAzmi> {
  const log = options.log ?? ((message: string) => console.warn(message));
  const dataDir = given.store === undefined ? given.dataDir : undefined;
  if (dataDir !== undefined) for (const warning of prepareDataDir(dataDir)) log(warning);
  const store = options.store ?? (await openStore(given, log));
  let services: Services;
  let ca: CertificateAuthority;
  try {
    const config = sharedConfig(given, store, options.log);
    ca =
      options.ca ??
      (store.kind === "postgres"
        ? await CertificateAuthority.loadShared(store)
        : dataDir === undefined
          ? await CertificateAuthority.load(undefined)
          : await openInDataDir(dataDir, "the CA (ca.pem, ca-key.pem)", () => CertificateAuthority.load(dataDir)));
    services = createServices(config, { ...options, store });
    keepSharedAcrossReset(services, ca);
  } catch (error) {
    store.close();
    throw error;
  }
  const config = services.config;
  const app = createRequestListener(services, { caPem: ca.certPem, version: AZMI_VERSION, startedAt: Date.now() });
  let listener;
  try {
    listener = await startListener({ host: config.host, port: config.port, ca, app, ...(options.log ? { log: options.log } : {}) });
  } catch (error) {
    services.store.close();
    throw error;
  }
  // Make (or load) the token-signing key in the background, once the first requests had the CPU
  // (making one loads @peculiar/x509 and generates RSA): the first login then finds it ready.
  setTimeout(() => {
    services.signingKeys.signingKey().catch((error: unknown) => options.log?.(`azmi: could not prepare the signing key: ${String(error)}`));
  }, KEY_WARM_UP_DELAY_MS).unref();
  const host =
    config.host === "0.0.0.0" || config.host === ""
      ? "127.0.0.1"
      : config.host === "::"
        ? "[::1]"
        : config.host.includes(":")
          ? `[${config.host}]`
          : config.host;
  let stopped: Promise<void> | undefined;
  return {
    services,
    ca,
    port: listener.port,
    url: `https://${host}:${listener.port}`,
    stop(graceMs) {
      stopped ??= (async () => {
        await listener.close(graceMs);
        services.store.close();
      })();
      return stopped;
    },
  };
}

function readVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version?: string };
    return pkg.version ?? "0.0.0";
  } catch {
    return "0.0.0";
  }
}
