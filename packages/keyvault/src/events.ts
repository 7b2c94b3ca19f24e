/**
 * A vault was purged (by a purge request): whatever is stored for its data plane goes with it.
 * Soft delete does not emit this: a recovered vault gets its secrets and keys back.
 */
export interface KeyVaultPurgedEvent {
  readonly type: "keyVaultPurged";
  /** The vault's resource id as it was (the name is free again). */
  readonly vaultId: string;
  readonly name: string;
}
