/**
 * The life of a Key Vault item (a secret or a key): versions under a name, the latest one, soft
 * deletion (the name stays taken until it is recovered or purged), purge protection, and the
 * content a backup seals. Secrets and keys differ only in what a version holds (secrets.ts, keys.ts).
 */
import type { Store } from "@azmi/arm-core";
import { kvErrors, type ItemKind } from "./data-errors.js";
import { DAY_SECONDS, itemKey, nowSeconds, type DataVault, type StoredAttributes } from "./item-attributes.js";

export interface StoredVersion {
  readonly name: string;
  readonly version: string;
  readonly attributes: StoredAttributes;
  readonly tags?: Readonly<Record<string, string>>;
}

/** An item's name as first created, its latest version, and when it was deleted (seconds). */
export interface ItemHead {
  readonly name: string;
  readonly latest: string;
  readonly deletedDate?: number;
  readonly scheduledPurgeDate?: number;
}

export interface ItemWithVersion<V> {
  readonly head: ItemHead;
  readonly version: V;
}

/** What a backup blob holds: every version of one item. */
export interface ItemBackup<V> {
  readonly name: string;
  /** The version that was the latest when the backup was made. */
  readonly latest: string;
  readonly versions: readonly V[];
}

/** What a deleted item's answers add: where to recover it, when it was deleted, when it goes for good. */
export function deletionFields(deletedCollectionUrl: string, head: ItemHead): Record<string, unknown> {
  if (head.deletedDate === undefined) return {};
  return { recoveryId: `${deletedCollectionUrl}/${head.name}`, deletedDate: head.deletedDate, scheduledPurgeDate: head.scheduledPurgeDate };
}

export class VersionedItems<V extends StoredVersion> {
  private readonly items: string;
  private readonly versionsCollection: string;

  constructor(
    private readonly store: Store,
    readonly kind: ItemKind,
    collectionPrefix: string,
  ) {
    this.items = `${collectionPrefix}Items`;
    this.versionsCollection = `${collectionPrefix}Versions`;
  }

  head(vault: DataVault, name: string): ItemHead | undefined {
    return this.store.get<ItemHead>(this.items, itemKey(vault, name));
  }

  /** The head of a live (not deleted) item; KeyNotFound/SecretNotFound otherwise. */
  liveHead(vault: DataVault, name: string): ItemHead {
    const head = this.head(vault, name);
    if (head === undefined || head.deletedDate !== undefined) throw kvErrors.notFound(this.kind, name);
    return head;
  }

  /** Stores a new version, which becomes the latest. A deleted item's name is taken (409). */
  addVersion(vault: DataVault, version: V): V {
    const current = this.head(vault, version.name);
    if (current?.deletedDate !== undefined) throw kvErrors.deletedButRecoverable(this.kind, current.name);
    const name = current?.name ?? version.name;
    const stored = { ...version, name };
    this.putVersion(vault, stored);
    this.putHead(vault, { name, latest: version.version });
    return stored;
  }

  /** The latest version (version empty or absent) or the one named, of a live item. */
  version(vault: DataVault, name: string, version?: string): V {
    const head = this.liveHead(vault, name);
    const id = version === undefined || version === "" ? head.latest : version;
    const found = this.store.get<V>(this.versionsCollection, `${itemKey(vault, name)}|${id.toLowerCase()}`);
    if (found === undefined) throw kvErrors.notFound(this.kind, `${name}/${version}`);
    return found;
  }

  /** Replaces a stored version (attributes, tags ... changed). */
  replaceVersion(vault: DataVault, version: V): V {
    this.putVersion(vault, version);
    return version;
  }

  /** Every version of a live item, by version id. */
  versions(vault: DataVault, name: string): V[] {
    this.liveHead(vault, name);
    return this.versionsOf(vault, name);
  }

  /** Live items of the vault with their latest versions, by name. */
  listLive(vault: DataVault): ItemWithVersion<V>[] {
    return this.withLatest(
      vault,
      this.store.findByIndex<ItemHead>(this.items, "live", vault.key).map((i) => i.value),
    );
  }

  listDeleted(vault: DataVault): ItemWithVersion<V>[] {
    return this.withLatest(
      vault,
      this.store.findByIndex<ItemHead>(this.items, "deleted", vault.key).map((i) => i.value),
    );
  }

  /** A deleted item with its latest version; not found when it is live or unknown. */
  deleted(vault: DataVault, name: string): ItemWithVersion<V> {
    const head = this.head(vault, name);
    if (head === undefined || head.deletedDate === undefined) throw kvErrors.deletedNotFound(this.kind, name);
    return { head, version: this.latestOf(vault, head) };
  }

  /**
   * Deletes an item: kept as deleted (its name taken) for the vault's retention period when the
   * vault has soft delete; gone at once otherwise. Answers the item as it was deleted.
   */
  delete(vault: DataVault, name: string, now: Date): ItemWithVersion<V> {
    const head = this.liveHead(vault, name);
    const latest = this.latestOf(vault, head);
    const props = vault.vault.properties;
    if (!props.enableSoftDelete) {
      this.erase(vault, name);
      return { head, version: latest };
    }
    const deletedDate = nowSeconds(now);
    const deleted: ItemHead = { ...head, deletedDate, scheduledPurgeDate: deletedDate + props.softDeleteRetentionInDays * DAY_SECONDS };
    this.putHead(vault, deleted);
    return { head: deleted, version: latest };
  }

  recover(vault: DataVault, name: string): ItemWithVersion<V> {
    const { head, version } = this.deleted(vault, name);
    const live: ItemHead = { name: head.name, latest: head.latest };
    this.putHead(vault, live);
    return { head: live, version };
  }

  /** Forgets a deleted item for good; refused while the vault has purge protection. */
  purge(vault: DataVault, name: string): void {
    const { head } = this.deleted(vault, name);
    if (vault.vault.properties.enablePurgeProtection === true) {
      throw kvErrors.policyForbids(
        `Operation "purge" is not allowed because purge protection is enabled for this vault. Key Vault service will automatically purge it after the retention period has passed.`,
      );
    }
    this.erase(vault, head.name);
  }

  backup(vault: DataVault, name: string): ItemBackup<V> {
    const head = this.liveHead(vault, name);
    return { name: head.name, latest: head.latest, versions: this.versionsOf(vault, name) };
  }

  /** Puts back every version of a backup; the name must be free (neither live nor deleted). */
  restore(vault: DataVault, backup: ItemBackup<V>): V {
    const current = this.head(vault, backup.name);
    if (current?.deletedDate !== undefined) throw kvErrors.deletedButRecoverable(this.kind, current.name);
    if (current !== undefined) throw kvErrors.alreadyExists(this.kind, current.name);
    const latest = backup.versions.find((v) => v.version === backup.latest);
    if (latest === undefined) throw kvErrors.badParameter(`The backup blob holds no latest version of ${this.kind} ${backup.name}.`);
    for (const v of backup.versions) this.putVersion(vault, v);
    this.putHead(vault, { name: backup.name, latest: latest.version });
    return latest;
  }

  /** Everything stored for a vault (it was purged). */
  wipeVault(vaultKey: string): void {
    for (const { key } of this.store.findByIndex(this.versionsCollection, "vault", vaultKey)) this.store.delete(this.versionsCollection, key);
    for (const { key } of this.store.findByIndex(this.items, "vault", vaultKey)) this.store.delete(this.items, key);
  }

  private versionsOf(vault: DataVault, name: string): V[] {
    return this.store
      .findByIndex<V>(this.versionsCollection, "item", itemKey(vault, name))
      .map((i) => i.value)
      .sort((a, b) => a.version.localeCompare(b.version));
  }

  private latestOf(vault: DataVault, head: ItemHead): V {
    const found = this.store.get<V>(this.versionsCollection, `${itemKey(vault, head.name)}|${head.latest.toLowerCase()}`);
    if (found === undefined) throw kvErrors.notFound(this.kind, head.name);
    return found;
  }

  private withLatest(vault: DataVault, heads: ItemHead[]): ItemWithVersion<V>[] {
    return heads.sort((a, b) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : 1)).map((head) => ({ head, version: this.latestOf(vault, head) }));
  }

  private putHead(vault: DataVault, head: ItemHead): void {
    const state: Record<string, string> = head.deletedDate === undefined ? { live: vault.key } : { deleted: vault.key };
    this.store.put(this.items, itemKey(vault, head.name), head, { ...state, vault: vault.key });
  }

  private putVersion(vault: DataVault, version: V): void {
    const item = itemKey(vault, version.name);
    this.store.put(this.versionsCollection, `${item}|${version.version.toLowerCase()}`, version, { item, vault: vault.key });
  }

  private erase(vault: DataVault, name: string): void {
    for (const v of this.versionsOf(vault, name)) this.store.delete(this.versionsCollection, `${itemKey(vault, name)}|${v.version.toLowerCase()}`);
    this.store.delete(this.items, itemKey(vault, name));
  }
}
