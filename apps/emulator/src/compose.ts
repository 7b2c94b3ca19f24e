/**
 * The one composition root: builds every store, package service and provider table of one
 * azmi from its configuration. Nothing else constructs a service; handlers reach them through
 * ctx.services.
 */
import { KeyVaultData, VaultRegistry } from "@azmi/keyvault";
import { failInterruptedDeployments, DeploymentRuns } from "@azmi/templates";
import { join } from "node:path";
import {
  ApiVersionRegistry,
  EventBus,
  LockStore,
  MemoryStore,
  RequestThrottle,
  ResourceGroupStore,
  ResourceStore,
  SqliteStore,
  type Store,
} from "@azmi/arm-core";
import { Directory, DirectoryReplication, IdentityService, provisionFirstPartyPrincipals, SigningKeys } from "@azmi/identity";
import type { ResourceProvider } from "./arm/contract.js";
import { HandlerRegistry } from "./arm/handler-registry.js";
import { createArmRunner } from "./arm/runner.js";
import { RequestLog } from "./requests/request-log.js";
import type { EmulatorConfig } from "./config.js";
import { createRbacService } from "./providers/authorization/rbac-service.js";
import { providers as registeredProviders } from "./providers/index.js";
import { wireReactions } from "./reactions.js";
import type { AzmiEvent, Services } from "./services.js";
import { ensureOperator } from "./tokens/operator.js";
import { createTokenServices } from "./tokens/token-services.js";

export interface CreateServicesOptions {
  /** Defaults to the providers of src/providers/index.ts. */
  readonly providers?: readonly ResourceProvider[];
  /** Use this store instead of opening one from config.dataDir. */
  readonly store?: Store;
  /** The clock of --replication-delay and --rbac-propagation-delay, in epoch milliseconds (tests move it). */
  readonly delayClock?: () => number;
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
  const keyVaultData = new KeyVaultData(store);
  resetHooks.push(() => keyVaultData.sealer.forget());
  const resources = new ResourceStore(store);
  const resourceGroups = new ResourceGroupStore(store);
  const delayClock = options.delayClock ?? Date.now;
  const directory = new Directory(store, new DirectoryReplication(store, { delayMs: config.replicationDelayMs ?? 0, now: delayClock }));
  const identities = new IdentityService({ store, events, tenantId: config.tenantId, resources, resourceGroups, directory });
  const rbac = createRbacService({ config, store, resourceGroups, resources, directory, delayClock });
  // Reads --trust-issuer files now: a bad one stops the start with its reason.
  // In memory, per process: replicas on one database each count their own requests.
  const throttle = config.throttle === undefined ? undefined : new RequestThrottle(config.throttle);
  if (throttle !== undefined) resetHooks.push(() => throttle.clear());
  const tokens = createTokenServices({ store, resources, identities, directory, signingKeys, trustIssuers: config.trustIssuers ?? [] });
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
    locks: new LockStore(store),
    throttle,
    arm: createArmRunner(() => services, handlers),
    signingKeys,
    tokens,
    keyVaults: new VaultRegistry({ store, resources }),
    keyVaultData,
    deploymentRuns: new DeploymentRuns(),
    requestLog: new RequestLog(),
    reset() {
      store.clear();
      for (const hook of resetHooks) hook();
    },
    onReset(hook) {
      resetHooks.push(hook);
    },
  };
  wireReactions(services);
  // Runs live in memory: a deployment left Accepted or Running by a previous process ended with it.
  failInterruptedDeployments(store);
  // Microsoft's first-party principals (Microsoft Graph and its app roles ...) exist in every
  // tenant; strict mode's operator too. Both are provisioned again after each reset.
  const provision = () => {
    store.transaction(() => provisionFirstPartyPrincipals(directory, config.tenantId));
    ensureOperator(services);
  };
  provision();
  services.onReset(provision);
  return services;
}
