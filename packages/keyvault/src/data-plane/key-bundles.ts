/**
 * Key Vault's JSON for keys: KeyBundle (the public JWK under its kid, attributes, tags), KeyItem
 * (lists: kid without the key), and their deleted forms. Only the public half of the material
 * is ever rendered; this is the one place that turns a stored key into an answer.
 */
import type { ItemHead, StoredVersion } from "./versioned-items.js";
import { deletionFields } from "./versioned-items.js";
import { renderAttributes, type DataVault } from "./item-attributes.js";
import { publicJwk, type KeyMaterial, type KeyOperation } from "./key-material.js";

export interface StoredKey extends StoredVersion {
  readonly material: KeyMaterial;
  readonly keyOps: readonly KeyOperation[];
}

export function keyId(base: string, name: string, version?: string): string {
  return version === undefined ? `${base}/keys/${name}` : `${base}/keys/${name}/${version}`;
}

function keyAttributes(k: StoredKey, vault: DataVault): Record<string, unknown> {
  // Key Vault marks whether a key may leave the vault (release policies); azmi's never do.
  return { ...renderAttributes(k.attributes, vault), exportable: false };
}

export function keyBundle(base: string, vault: DataVault, k: StoredKey): Record<string, unknown> {
  return { key: publicJwk(k.material, keyId(base, k.name, k.version), k.keyOps), attributes: keyAttributes(k, vault), tags: k.tags ?? {} };
}

export function keyItem(base: string, vault: DataVault, k: StoredKey, withVersion: boolean): Record<string, unknown> {
  return { kid: keyId(base, k.name, withVersion ? k.version : undefined), attributes: keyAttributes(k, vault), tags: k.tags ?? {} };
}

export function deletedKeyBundle(base: string, vault: DataVault, head: ItemHead, k: StoredKey): Record<string, unknown> {
  return { ...deletionFields(`${base}/deletedkeys`, head), ...keyBundle(base, vault, k) };
}

export function deletedKeyItem(base: string, vault: DataVault, head: ItemHead, k: StoredKey): Record<string, unknown> {
  return { ...deletionFields(`${base}/deletedkeys`, head), ...keyItem(base, vault, k, false) };
}
