/**
 * Where the state lives, chosen from the configuration: memory (--in-memory), SQLite in a data
 * directory (the default), or PostgreSQL (--store / AZMI_STORE), which any number of azmi
 * replicas share. With PostgreSQL, what every replica must agree on lives in the database too:
 * the CA (one trust for all replicas; see CertificateAuthority.loadShared), the token-signing keys
 * (SigningKeys), and the settings below (tenant, subscriptions, strict mode's operator).
 */
import { MemoryStore, PostgresStore, SqliteStore, type Store } from "@azmi/arm-core";
import { stateFile } from "./compose.js";
import type { EmulatorConfig } from "./config.js";
import { openInDataDir } from "./data-dir.js";
import type { CertificateAuthority } from "./listener/certificate-authority.js";
import type { Services } from "./services.js";

/** How long `azmi start` waits for PostgreSQL to accept connections. */
const DATABASE_WAIT_MS = 60_000;

export async function openStore(config: EmulatorConfig, log?: (message: string) => void): Promise<Store> {
  if (config.store !== undefined) return PostgresStore.open(config.store, { waitMs: DATABASE_WAIT_MS, ...(log === undefined ? {} : { log }) });
  const dataDir = config.dataDir;
  if (dataDir === undefined) return new MemoryStore();
  return openInDataDir(dataDir, "database", () => new SqliteStore(stateFile(dataDir), log === undefined ? {} : { warn: log }));
}

const SETTINGS_COLLECTION = "azmi.settings";

interface SharedSettings {
  readonly tenantId: string;
  readonly subscriptions: readonly string[];
  readonly operatorClientId: string | null;
  readonly operatorClientSecret: string | null;
}

/**
 * On a shared store: the first replica records its tenant, subscriptions and operator; the others
 * take them from the database (saying so when their own options differ), so a token minted by one
 * replica means the same to all.
 */
export function sharedConfig(config: EmulatorConfig, store: Store, log?: (message: string) => void): EmulatorConfig {
  if (store.kind !== "postgres") return config;
  const mine = settingsOf(config);
  if (recordSettings(config, store)) return config;
  const shared = store.get<SharedSettings>(SETTINGS_COLLECTION, "settings")!;
  if (JSON.stringify(shared) !== JSON.stringify(mine)) {
    log?.(
      `azmi: this database was set up with tenant ${shared.tenantId}, subscriptions ${shared.subscriptions.join(",")}` +
        `${shared.operatorClientId === null ? "" : `, operator ${shared.operatorClientId}`}: using those (the replicas of one database share them)`,
    );
  }
  const { operatorClientId: _ownId, operatorClientSecret: _ownSecret, ...rest } = config;
  return {
    ...rest,
    tenantId: shared.tenantId,
    subscriptions: shared.subscriptions,
    ...(shared.operatorClientId === null ? {} : { operatorClientId: shared.operatorClientId }),
    ...(shared.operatorClientSecret === null ? {} : { operatorClientSecret: shared.operatorClientSecret }),
  };
}

function settingsOf(config: EmulatorConfig): SharedSettings {
  return {
    tenantId: config.tenantId,
    subscriptions: config.subscriptions,
    operatorClientId: config.operatorClientId ?? null,
    operatorClientSecret: config.operatorClientSecret ?? null,
  };
}

/** Records this replica's settings unless the database holds some already; true when it recorded them. */
function recordSettings(config: EmulatorConfig, store: Store): boolean {
  return store.insert(SETTINGS_COLLECTION, "settings", settingsOf(config));
}

/**
 * `POST /_azmi/reset` wipes the store: on a shared one, put back what the other replicas hold in
 * memory and rely on (the CA they serve, the settings they took), so that a replica started after
 * the reset agrees with them.
 */
export function keepSharedAcrossReset(services: Services, ca: CertificateAuthority): void {
  if (services.store.kind !== "postgres") return;
  services.onReset(() => {
    recordSettings(services.config, services.store);
    ca.keepIn(services.store);
  });
}
