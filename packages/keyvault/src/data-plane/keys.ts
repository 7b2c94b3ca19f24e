/**
 * Key Vault keys: create (node:crypto) or import, get, update (attributes, key_ops, tags), list
 * and list versions, rotate (a new version of the same type and size), soft delete with recover
 * and purge, backup and restore, and the cryptographic operations of a version. The life of the
 * item is VersionedItems', as for secrets; what is a key's own is its material, key_ops and rotation
 * policy.
 */
import type { Store } from "@azmi/arm-core";
import { z } from "zod";
import { backupBlobInput, type BackupSealer } from "./backup-blobs.js";
import { kvErrors } from "./data-errors.js";
import {
  attributesInput,
  checkItemName,
  newAttributes,
  newVersionId,
  nowSeconds,
  parseInput,
  tagsInput,
  updatedAttributes,
  type DataVault,
} from "./item-attributes.js";
import { deletedKeyBundle, deletedKeyItem, keyBundle, keyId, keyItem, type StoredKey } from "./key-bundles.js";
import {
  curveInput,
  defaultKeyOps,
  generateKeyMaterial,
  importedJwkInput,
  importKeyMaterial,
  keyOpsInput,
  keyTypeInput,
  specOf,
  type KeyMaterial,
  type KeyOperation,
} from "./key-material.js";
import { cipherInput, decryptWith, encryptWith, signDigest, signInput, verifyDigest, verifyInput } from "./key-operations.js";
import { KeyRotationPolicies } from "./key-rotation-policies.js";
import { listPage, type ListAnswer, type PageRequest } from "./paging.js";
import { VersionedItems, type ItemBackup } from "./versioned-items.js";

export const keyCreateInput = z.object({
  kty: keyTypeInput,
  key_size: z.number().int().nullish(),
  public_exponent: z.number().int().nullish(),
  crv: curveInput.nullish(),
  key_ops: keyOpsInput,
  attributes: attributesInput.nullish(),
  tags: tagsInput,
});

export const keyImportInput = z.object({
  key: importedJwkInput,
  Hsm: z.boolean().nullish(),
  attributes: attributesInput.nullish(),
  tags: tagsInput,
});

export const keyUpdateInput = z.object({ key_ops: keyOpsInput, attributes: attributesInput.nullish(), tags: tagsInput });

export type KeyCryptoOperation = "sign" | "verify" | "encrypt" | "decrypt" | "wrapKey" | "unwrapKey";

export class VaultKeys {
  private readonly items: VersionedItems<StoredKey>;
  private readonly policies: KeyRotationPolicies;

  constructor(
    store: Store,
    private readonly sealer: BackupSealer,
  ) {
    this.items = new VersionedItems<StoredKey>(store, "key", "keyVaultKey");
    this.policies = new KeyRotationPolicies(store);
  }

  create(vault: DataVault, name: string, body: unknown, now: Date, base: string): unknown {
    checkItemName(name);
    const input = parseInput(keyCreateInput, body);
    this.refuseDeletedName(vault, name);
    const material = generateKeyMaterial({ kty: input.kty, keySize: input.key_size, crv: input.crv, publicExponent: input.public_exponent });
    return this.addVersion(vault, name, material, input.key_ops ?? defaultKeyOps(material.kty), input, now, base);
  }

  import(vault: DataVault, name: string, body: unknown, now: Date, base: string): unknown {
    checkItemName(name);
    const input = parseInput(keyImportInput, body);
    const material = importKeyMaterial(input.key, input.Hsm === true);
    return this.addVersion(vault, name, material, input.key.key_ops ?? defaultKeyOps(material.kty), input, now, base);
  }

  /** A new version of the same type and size or curve, with the latest version's key_ops and tags. */
  rotate(vault: DataVault, name: string, now: Date, base: string): unknown {
    const latest = this.items.version(vault, name);
    const material = generateKeyMaterial(specOf(latest.material));
    return this.addVersion(vault, latest.name, material, latest.keyOps, { tags: latest.tags ?? null }, now, base);
  }

  getRotationPolicy(vault: DataVault, name: string, base: string): unknown {
    return this.policies.get(vault, this.items.liveHead(vault, name).name, base);
  }

  setRotationPolicy(vault: DataVault, name: string, body: unknown, now: Date, base: string): unknown {
    return this.policies.set(vault, this.items.liveHead(vault, name).name, body, now, base);
  }

  get(vault: DataVault, name: string, version: string | undefined, base: string): unknown {
    return keyBundle(base, vault, this.items.version(vault, name, version));
  }

  update(vault: DataVault, name: string, version: string | undefined, body: unknown, now: Date, base: string): unknown {
    const input = parseInput(keyUpdateInput, body);
    const found = this.items.version(vault, name, version);
    const changed: StoredKey = {
      ...found,
      attributes: updatedAttributes(found.attributes, input.attributes, now),
      ...(input.key_ops == null ? {} : { keyOps: input.key_ops }),
      ...(input.tags === undefined ? {} : { tags: input.tags ?? undefined }),
    };
    return keyBundle(base, vault, this.items.replaceVersion(vault, changed));
  }

  list(vault: DataVault, page: PageRequest, base: string): ListAnswer {
    return listPage(
      this.items.listLive(vault),
      (i) => i.head.name.toLowerCase(),
      page,
      (i) => keyItem(base, vault, i.version, false),
    );
  }

  listVersions(vault: DataVault, name: string, page: PageRequest, base: string): ListAnswer {
    return listPage(
      this.items.versions(vault, name),
      (v) => v.version.toLowerCase(),
      page,
      (v) => keyItem(base, vault, v, true),
    );
  }

  delete(vault: DataVault, name: string, now: Date, base: string): unknown {
    const { head, version } = this.items.delete(vault, name, now);
    // a vault without soft delete forgets the key at once, and its policy with it
    if (head.deletedDate === undefined) this.policies.forget(vault, name);
    return deletedKeyBundle(base, vault, head, version);
  }

  getDeleted(vault: DataVault, name: string, base: string): unknown {
    const { head, version } = this.items.deleted(vault, name);
    return deletedKeyBundle(base, vault, head, version);
  }

  listDeleted(vault: DataVault, page: PageRequest, base: string): ListAnswer {
    return listPage(
      this.items.listDeleted(vault),
      (i) => i.head.name.toLowerCase(),
      page,
      (i) => deletedKeyItem(base, vault, i.head, i.version),
    );
  }

  recover(vault: DataVault, name: string, base: string): unknown {
    return keyBundle(base, vault, this.items.recover(vault, name).version);
  }

  purge(vault: DataVault, name: string): void {
    this.items.purge(vault, name);
    this.policies.forget(vault, name);
  }

  backup(vault: DataVault, name: string): { value: string } {
    return { value: this.sealer.seal("key", this.items.backup(vault, name)) };
  }

  restore(vault: DataVault, body: unknown, base: string): unknown {
    const { value } = parseInput(backupBlobInput, body);
    return keyBundle(base, vault, this.items.restore(vault, this.sealer.open<ItemBackup<StoredKey>>("key", value)));
  }

  /**
   * A cryptographic operation with one version (the latest when none is named): refused when the
   * version is disabled, outside its nbf/exp window, or its key_ops lack the operation.
   */
  operate(vault: DataVault, name: string, version: string | undefined, operation: KeyCryptoOperation, body: unknown, now: Date, base: string): unknown {
    const key = this.items.version(vault, name, version);
    usable(key, operation, now);
    const kid = keyId(base, key.name, key.version);
    const m = key.material;
    switch (operation) {
      case "sign": {
        const input = parseInput(signInput, body);
        return { kid, value: signDigest(m, input.alg, input.value).toString("base64url") };
      }
      case "verify": {
        const input = parseInput(verifyInput, body);
        return { value: verifyDigest(m, input.alg, input.digest, input.value) };
      }
      case "encrypt":
      case "wrapKey": {
        const input = parseInput(cipherInput, body);
        return { kid, value: encryptWith(m, input.alg, input.value).toString("base64url") };
      }
      case "decrypt":
      case "unwrapKey": {
        const input = parseInput(cipherInput, body);
        return { kid, value: decryptWith(m, input.alg, input.value).toString("base64url") };
      }
    }
  }

  wipeVault(vaultKey: string): void {
    this.items.wipeVault(vaultKey);
    this.policies.wipeVault(vaultKey);
  }

  /** A create is refused while the name is soft-deleted, before a key is made for nothing. */
  private refuseDeletedName(vault: DataVault, name: string): void {
    const head = this.items.head(vault, name);
    if (head?.deletedDate !== undefined) throw kvErrors.deletedButRecoverable("key", head.name);
  }

  private addVersion(
    vault: DataVault,
    name: string,
    material: KeyMaterial,
    keyOps: readonly KeyOperation[],
    input: { attributes?: z.infer<typeof attributesInput> | null; tags?: Record<string, string> | null },
    now: Date,
    base: string,
  ): unknown {
    const stored = this.items.addVersion(vault, {
      name,
      version: newVersionId(),
      material,
      keyOps: [...keyOps],
      attributes: newAttributes(input.attributes, now),
      ...(input.tags == null ? {} : { tags: input.tags }),
    });
    return keyBundle(base, vault, stored);
  }
}

function usable(key: StoredKey, operation: KeyCryptoOperation, now: Date): void {
  const a = key.attributes;
  if (!a.enabled) throw kvErrors.disabled("key", operation);
  const t = nowSeconds(now);
  if ((a.nbf !== undefined && t < a.nbf) || (a.exp !== undefined && t >= a.exp)) {
    throw kvErrors.badParameter(`Operation ${operation} is not allowed: the key is not valid at this time (nbf/exp).`);
  }
  if (!key.keyOps.includes(operation)) throw kvErrors.operationNotPermitted(operation);
}
