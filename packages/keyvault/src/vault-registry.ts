/**
 * Where vaults live: each live vault is a tracked resource in the shared ResourceStore (type
 * Microsoft.KeyVault/vaults, as every provider's resources), mirrored in a global name index
 * (vault names are DNS labels, unique across subscriptions), and a deleted vault is kept under
 * its name until it is purged or recovered, holding the name all that time.
 *
 * The name index holds a copy of the vault, so the data plane finds a vault by its host name
 * in one read (`findByName`).
 */
import { normalizeLocation, parseResourceId, type ResourceId, type ResourceStore, type Store } from "@azmi/arm-core";
import { vaultNameKey } from "./vault-names.js";
import type { StoredVault } from "./vaults.js";

const NAMES = "keyVaultNames";
const DELETED = "keyVaultDeletedVaults";
const DAY_MS = 24 * 60 * 60 * 1000;

/** A live vault found by name. */
export interface VaultByName {
  readonly id: ResourceId;
  readonly subscriptionId: string;
  readonly vault: StoredVault;
}

interface NameEntry {
  readonly id: string;
  readonly subscriptionId: string;
  readonly vault: StoredVault;
}

/** A soft-deleted vault: the vault as it was, and when it went. */
export interface DeletedVaultRecord {
  readonly name: string;
  readonly subscriptionId: string;
  /** Canonical region name, e.g. westeurope. */
  readonly location: string;
  readonly deletionDate: string;
  readonly scheduledPurgeDate: string;
  readonly vault: StoredVault;
}

/** Who holds a vault name: a live vault or a soft-deleted one, and in which subscription. */
export type NameHolder =
  { readonly state: "active"; readonly subscriptionId: string; readonly id: string } | { readonly state: "deleted"; readonly record: DeletedVaultRecord };

export interface VaultRegistryOptions {
  readonly store: Store;
  readonly resources: ResourceStore;
}

const rgKey = (id: ResourceId) => `/subscriptions/${id.subscriptionId}/resourcegroups/${id.resourceGroup}`.toLowerCase();

export class VaultRegistry {
  private readonly store: Store;
  private readonly resources: ResourceStore;

  constructor(options: VaultRegistryOptions) {
    this.store = options.store;
    this.resources = options.resources;
  }

  /** The live vault answering at `{name}.vault.azure.net`, in any subscription. */
  findByName(name: string): VaultByName | undefined {
    const entry = this.store.get<NameEntry>(NAMES, vaultNameKey(name));
    return entry === undefined ? undefined : { id: parseResourceId(entry.id), subscriptionId: entry.subscriptionId, vault: entry.vault };
  }

  /** The live vault at this id, if the id names a vault. */
  get(id: ResourceId): StoredVault | undefined {
    const found = this.resources.get<StoredVault>(id);
    return found !== undefined && found.type.toLowerCase() === "microsoft.keyvault/vaults" ? found : undefined;
  }

  holderOf(name: string): NameHolder | undefined {
    const entry = this.store.get<NameEntry>(NAMES, vaultNameKey(name));
    if (entry !== undefined) return { state: "active", subscriptionId: entry.subscriptionId, id: entry.id };
    const record = this.store.get<DeletedVaultRecord>(DELETED, vaultNameKey(name));
    return record === undefined ? undefined : { state: "deleted", record };
  }

  /** Stores a created or changed vault (call inside the request's transaction). */
  save(id: ResourceId, vault: StoredVault): void {
    this.resources.put(id, vault);
    const entry: NameEntry = { id: vault.id, subscriptionId: id.subscriptionId!, vault };
    this.store.put(NAMES, vaultNameKey(vault.name), entry, { rg: rgKey(id), sub: id.subscriptionId!.toLowerCase() });
  }

  /**
   * Deletes a live vault. With soft delete on (always, for vaults made since 2020) it is kept as
   * a deleted vault holding its name for its retention period; otherwise it is gone.
   */
  remove(id: ResourceId, now: Date): DeletedVaultRecord | undefined {
    const vault = this.get(id) ?? this.store.get<NameEntry>(NAMES, vaultNameKey(id.name ?? ""))?.vault;
    this.resources.delete(id);
    if (vault === undefined) return undefined;
    this.store.delete(NAMES, vaultNameKey(vault.name));
    if (!vault.properties.enableSoftDelete) return undefined;
    const record: DeletedVaultRecord = {
      name: vault.name,
      subscriptionId: id.subscriptionId!,
      location: normalizeLocation(vault.location),
      deletionDate: now.toISOString(),
      scheduledPurgeDate: new Date(now.getTime() + vault.properties.softDeleteRetentionInDays * DAY_MS).toISOString(),
      vault,
    };
    this.store.put(DELETED, vaultNameKey(vault.name), record, { sub: record.subscriptionId.toLowerCase() });
    return record;
  }

  /**
   * A resource group (or the vault itself) was deleted by someone else's request: its vaults are
   * soft-deleted, as Azure does when a group with vaults goes.
   */
  afterScopeDeleted(scope: ResourceId, now: Date): DeletedVaultRecord[] {
    let entries: NameEntry[] = [];
    if (scope.kind === "resourceGroup") entries = this.store.findByIndex<NameEntry>(NAMES, "rg", scope.key).map((e) => e.value);
    else if (scope.resourceType?.toLowerCase() === "microsoft.keyvault/vaults") {
      const entry = this.store.get<NameEntry>(NAMES, vaultNameKey(scope.name ?? ""));
      if (entry !== undefined && entry.id.toLowerCase() === scope.key) entries = [entry];
    }
    const out: DeletedVaultRecord[] = [];
    for (const entry of entries) {
      const record = this.remove(parseResourceId(entry.id), now);
      if (record !== undefined) out.push(record);
    }
    return out;
  }

  /** The deleted vault `name` of a subscription in a location (the location as any client spells it). */
  getDeleted(subscriptionId: string, location: string, name: string): DeletedVaultRecord | undefined {
    const record = this.store.get<DeletedVaultRecord>(DELETED, vaultNameKey(name));
    if (record === undefined || record.subscriptionId.toLowerCase() !== subscriptionId.toLowerCase()) return undefined;
    return normalizeLocation(location).toLowerCase() === record.location.toLowerCase() ? record : undefined;
  }

  /** The deleted vault `name` of a subscription, wherever it was. */
  getDeletedInSubscription(subscriptionId: string, name: string): DeletedVaultRecord | undefined {
    const record = this.store.get<DeletedVaultRecord>(DELETED, vaultNameKey(name));
    return record !== undefined && record.subscriptionId.toLowerCase() === subscriptionId.toLowerCase() ? record : undefined;
  }

  listDeleted(subscriptionId: string): DeletedVaultRecord[] {
    return this.store
      .findByIndex<DeletedVaultRecord>(DELETED, "sub", subscriptionId.toLowerCase())
      .map((r) => r.value)
      .sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()));
  }

  /** Forgets a deleted vault for good; its name is free again. */
  purge(record: DeletedVaultRecord): void {
    this.store.delete(DELETED, vaultNameKey(record.name));
  }

  /** Takes a deleted vault out of the deleted state; the caller saves the vault it answers. */
  takeForRecovery(record: DeletedVaultRecord): StoredVault {
    this.store.delete(DELETED, vaultNameKey(record.name));
    return record.vault;
  }
}
