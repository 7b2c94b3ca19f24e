/**
 * Everything a request handler may use: one value per running azmi, built by compose.ts (the
 * one composition root). This file holds types only and imports nothing of the app but other
 * ground-floor contracts, so any handler can name it without pulling in the provider list.
 */
import type { DeploymentRuns } from "@azmi/templates";
import type { ApiVersionRegistry, CoreEvent, EventBus, LockStore, RequestThrottle, ResourceGroupStore, ResourceStore, Store } from "@azmi/arm-core";
import type {
  ApplicationSecrets,
  ClaimsSigner,
  Directory,
  EndpointSecrets,
  IdentityService,
  JwksMemo,
  ManagedIdentityTokens,
  SigningKeys,
  TestIssuer,
  TokenRevocations,
  TrustedIssuers,
} from "@azmi/identity";
import type { KeyVaultData, KeyVaultPurgedEvent, VaultRegistry } from "@azmi/keyvault";
import type { Rbac } from "@azmi/rbac";
import type { ArmRuntime } from "./contract/arm-calls.js";
import type { EmulatorConfig } from "./config.js";
import type { RequestLog } from "./requests/request-log.js";

export type { EmulatorConfig } from "./config.js";

/** Every event any package emits or handles. Packages add their own variants here. */
export type AzmiEvent = CoreEvent | KeyVaultPurgedEvent;

/** The token machinery of one azmi: endpoint secrets, the managed-identity issuer, the test and trusted issuers. */
export interface TokenServices {
  readonly secrets: EndpointSecrets;
  readonly managedIdentity: ManagedIdentityTokens;
  readonly testIssuer: TestIssuer;
  readonly trustedIssuers: TrustedIssuers;
  readonly signer: ClaimsSigner;
  readonly applicationSecrets: ApplicationSecrets;
  /** The last JWKS seen, reused while its key ids are unchanged (so bearer checks import keys once). */
  readonly jwks: JwksMemo;
  /** Identities whose earlier tokens were revoked (revokeTokens): checked by every strict bearer check, and by issuance. */
  readonly revocations: TokenRevocations;
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
  /** Management locks: the lock step asks `check` before any write or delete reaches a handler. */
  readonly locks: LockStore;
  /** ARM's token buckets (`--throttle`), or undefined: ARM never throttles (arm/steps/throttle.ts). */
  readonly throttle: RequestThrottle | undefined;
  /** The ARM runner: served types, in-process calls (template deployments), the network doors. */
  readonly arm: ArmRuntime;
  /** azmi's token-signing keys (in the store): sign tokens, publish JWKS. */
  readonly signingKeys: SigningKeys;
  readonly tokens: TokenServices;
  /**
   * Managed identities (@azmi/identity): user-assigned identities, federated credentials, the
   * identity block of any resource (`applyResourceIdentity`), look-ups by clientId/principalId.
   */
  readonly identities: IdentityService;
  /** The Entra directory (service principals, ...) that Graph serves; identities write their principals here. */
  readonly directory: Directory;
  /** Key vaults (@azmi/keyvault): live vaults by id or by global name, soft-deleted vaults. */
  readonly keyVaults: VaultRegistry;
  /** What vaults' data planes hold (@azmi/keyvault): secrets and keys, backup sealing. */
  readonly keyVaultData: KeyVaultData;
  /** Template deployments in flight (in memory: a run does not survive a restart). */
  readonly deploymentRuns: DeploymentRuns;
  /** The last requests azmi answered, in memory, for the console's request log. */
  readonly requestLog: RequestLog;
  /** Wipes every stored document and runs the reset hooks (caches that mirror the store). */
  reset(): void;
  /** Register a cache to drop on reset. */
  onReset(hook: () => void): void;
}
