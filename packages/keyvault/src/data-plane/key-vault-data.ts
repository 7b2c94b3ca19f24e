/**
 * What the Key Vault data plane stores, for every vault: its secrets, its keys, its certificate contacts, and the key
 * that seals backups. One value per azmi, built by the composition root.
 */
import type { Store } from "@azmi/arm-core";
import { BackupSealer } from "./backup-blobs.js";
import { VaultSecrets } from "./secrets.js";
import { VaultKeys } from "./keys.js";
import { CertificateContacts } from "./certificate-contacts.js";
import { ArmSecrets } from "../arm-secrets.js";

export class KeyVaultData {
  readonly sealer: BackupSealer;
  readonly secrets: VaultSecrets;
  readonly keys: VaultKeys;
  readonly certificateContacts: CertificateContacts;
  /** The secrets as Resource Manager shows them (Microsoft.KeyVault/vaults/secrets), over the same store. */
  readonly armSecrets: ArmSecrets;

  constructor(store: Store) {
    this.sealer = new BackupSealer(store);
    this.secrets = new VaultSecrets(store, this.sealer);
    this.keys = new VaultKeys(store, this.sealer);
    this.certificateContacts = new CertificateContacts(store);
    this.armSecrets = new ArmSecrets(this.secrets);
  }

  /** The vault was purged: its items go with it (a soft-deleted vault keeps them for recovery). */
  wipeVault(vaultName: string): void {
    this.secrets.wipeVault(vaultName.toLowerCase());
    this.keys.wipeVault(vaultName.toLowerCase());
    this.certificateContacts.wipeVault(vaultName.toLowerCase());
  }
}
