/**
 * Everything a request handler may use, built once at start-up from the configuration.
 * Domain services from packages/* are added here as fields; handlers reach them through
 * ctx.services and never construct their own.
 */
import { join } from "node:path";
import {
  ApiVersionRegistry,
  EventBus,
  MemoryStore,
  ResourceStore,
  ResourceGroupStore,
  SqliteStore,
  type CoreEvent,
  type ResourceId,
  type Store,
} from "@azmi/arm-core";
import { Directory, IdentityService, SigningKeys } from "@azmi/identity";
import type { HttpMethod, ResourceProvider } from "./arm/contract.js";
import { HandlerRegistry } from "./arm/handler-registry.js";
import { providers as registeredProviders } from "./providers/index.js";
import { setUpTokens } from "./tokens/token-services.js";
import type { Rbac } from "@azmi/rbac";
import { createRbacService } from "./providers/authorization/rbac-service.js";

export interface EmulatorConfig {
  readonly host: string;
  readonly port: number;
  /** undefined with --in-memory. */
  readonly dataDir: string | undefined;
  readonly tenantId: string;
  readonly subscriptions: readonly string[];
  readonly authMode: "permissive" | "strict";
  /** `--trust-issuer <issuer>=<jwks file>`: federation issuers whose keys azmi checks assertions against. */
  readonly trustIssuers?: readonly string[];
  /** Strict mode's operator application (Owner at the tenant root); defaults in tokens/operator.ts. */
  readonly operatorClientId?: string;
  readonly operatorClientSecret?: string;
}

/** Every event any package emits or handles. Packages add their own variants here. */
export type AzmiEvent = CoreEvent;

/** What the lock step asks before a write or delete reaches its handler. */
export interface LockCheck {
  readonly method: HttpMethod;
  /** The instance the request acts on (for a POST action or a collection POST: the instance it is posted to). */
  readonly target: ResourceId;
  /** Full type the request addresses, e.g. Microsoft.Authorization/locks (lock operations are never blocked). */
  readonly resourceType: string;
  /** The action segment of a POST, e.g. "listkeys"; undefined otherwise. */
  readonly action: string | undefined;
}

/** Filled by the locks provider: throws ArmError ScopeLocked when a lock forbids the request. */
export interface LockGuard {
  check(request: LockCheck): void;
}

export interface Services {
  readonly config: EmulatorConfig;
  readonly store: Store;
  readonly events: EventBus<AzmiEvent>;
  readonly apiVersions: ApiVersionRegistry;
  /** Tracked resources of every provider (one collection; see @azmi/arm-core resources.ts). */
  readonly resources: ResourceStore;
  /** Resource groups (own collection; see @azmi/arm-core resource-groups.ts): ask `exists`/`require` before creating in a group. */
  readonly resourceGroups: ResourceGroupStore;
  /** RBAC (@azmi/rbac): role definitions, role assignments, permission evaluation. */
  readonly rbac: Rbac;
  /** The dispatch table built from the providers: handler per resource type. */
  readonly handlers: HandlerRegistry;
  /** azmi's token-signing keys (in the store): sign tokens, publish JWKS. */
  readonly signingKeys: SigningKeys;
  /**
   * Managed identities (@azmi/identity): user-assigned identities, federated credentials, the
   * identity block of any resource (`applyResourceIdentity`), look-ups by clientId/principalId.
   */
  readonly identities: IdentityService;
  /** The Entra directory (service principals, ...) that Graph serves; identities write their principals here. */
  readonly directory: Directory;
  /** Set by the locks provider; the pipeline's lock step is a no-op while it is undefined. */
  locks?: LockGuard;
  /** Wipes every stored document and runs the reset hooks (caches that mirror the store). */
  reset(): void;
  /** Register a cache to drop on reset. */
  onReset(hook: () => void): void;
}

export interface CreateServicesOptions {
  /** Defaults to the providers of src/providers/index.ts. */
  readonly providers?: readonly ResourceProvider[];
  /** Use this store instead of opening one from config.dataDir. */
  readonly store?: Store;
}

export const DEFAULT_TENANT_ID = "00000000-0000-0000-0000-000000000000";
export const DEFAULT_SUBSCRIPTION_ID = "00000000-0000-0000-0000-000000000000";

export function defaultConfig(overrides: Partial<EmulatorConfig> = {}): EmulatorConfig {
  return {
    host: "127.0.0.1",
    port: 4566,
    dataDir: undefined,
    tenantId: DEFAULT_TENANT_ID,
    subscriptions: [DEFAULT_SUBSCRIPTION_ID],
    authMode: "permissive",
    ...overrides,
  };
}

/** The state file inside a data directory. */
export function stateFile(dataDir: string): string {
  return join(dataDir, "state.db");
}

export function createServices(config: EmulatorConfig, options: CreateServicesOptions = {}): Services {
  const store = options.store ?? (config.dataDir === undefined ? new MemoryStore() : new SqliteStore(stateFile(config.dataDir)));
  const handlers = new HandlerRegistry(options.providers ?? registeredProviders);
  const apiVersions = new ApiVersionRegistry();
  for (const handler of handlers.all()) {
    if (handler.resourceType !== "*") apiVersions.register(handler.resourceType, handler.apiVersions);
  }
  const signingKeys = new SigningKeys(store);
  const resetHooks: Array<() => void> = [() => signingKeys.forget()];
  const events = new EventBus<AzmiEvent>();
  const resources = new ResourceStore(store);
  const resourceGroups = new ResourceGroupStore(store);
  const directory = new Directory(store);
  const identities = new IdentityService({ store, events, tenantId: config.tenantId, resources, resourceGroups, directory });
  const rbac = createRbacService({ config, store, events, resourceGroups, resources, directory });
  const services: Services = {
    config,
    store,
    events,
    apiVersions,
    resources,
    resourceGroups,
    identities,
    directory,
    rbac,
    handlers,
    signingKeys,
    reset() {
      store.clear();
      for (const hook of resetHooks) hook();
    },
    onReset(hook) {
      resetHooks.push(hook);
    },
  };
  for (const provider of handlers.providers) provider.setup?.(services);
  // Tokens: trusted issuers read now (a bad --trust-issuer file stops the start), strict mode's operator.
  setUpTokens(services);
  return services;
}
