/**
 * Every data-plane operation azmi serves, with what authorizes it: the RBAC data action a role
 * must grant (vaults with enableRbacAuthorization) and the access-policy permission the caller's
 * policy must hold (the other vaults). One table, as Resource Manager's actions.ts.
 */

export type ItemCollection = "secrets" | "keys" | "certificates";

export interface OperationRule {
  /** Key Vault's own name for the operation (messages say "does not have secrets get permission"). */
  readonly collection: ItemCollection;
  readonly permission: string;
  readonly dataAction: string;
}

const secret = (permission: string, action: string): OperationRule => ({
  collection: "secrets",
  permission,
  dataAction: `Microsoft.KeyVault/vaults/secrets/${action}`,
});
// Key Vault has one data action for contacts, reading included (and managecontacts under access policies).
const contacts = (): OperationRule => ({
  collection: "certificates",
  permission: "managecontacts",
  dataAction: "Microsoft.KeyVault/vaults/certificatecontacts/write",
});
const key = (permission: string, action: string): OperationRule => ({ collection: "keys", permission, dataAction: `Microsoft.KeyVault/vaults/keys/${action}` });

export const DATA_OPERATIONS = {
  getSecret: secret("get", "getSecret/action"),
  setSecret: secret("set", "setSecret/action"),
  updateSecret: secret("set", "update/action"),
  listSecrets: secret("list", "readMetadata/action"),
  listSecretVersions: secret("list", "readMetadata/action"),
  deleteSecret: secret("delete", "delete"),
  getDeletedSecret: secret("list", "readMetadata/action"),
  listDeletedSecrets: secret("list", "readMetadata/action"),
  recoverSecret: secret("recover", "recover/action"),
  purgeSecret: secret("purge", "purge/action"),
  backupSecret: secret("backup", "backup/action"),
  restoreSecret: secret("restore", "restore/action"),

  getCertificateContacts: contacts(),
  setCertificateContacts: contacts(),
  deleteCertificateContacts: contacts(),

  createKey: key("create", "create/action"),
  importKey: key("import", "import/action"),
  getKey: key("get", "read"),
  listKeys: key("list", "read"),
  listKeyVersions: key("list", "read"),
  updateKey: key("update", "update/action"),
  deleteKey: key("delete", "delete"),
  getDeletedKey: key("list", "read"),
  listDeletedKeys: key("list", "read"),
  recoverKey: key("recover", "recover/action"),
  purgeKey: key("purge", "purge/action"),
  backupKey: key("backup", "backup/action"),
  restoreKey: key("restore", "restore/action"),
  rotateKey: key("rotate", "rotate/action"),
  getKeyRotationPolicy: { collection: "keys", permission: "getrotationpolicy", dataAction: "Microsoft.KeyVault/vaults/keyrotationpolicies/read" },
  setKeyRotationPolicy: { collection: "keys", permission: "setrotationpolicy", dataAction: "Microsoft.KeyVault/vaults/keyrotationpolicies/write" },
  sign: key("sign", "sign/action"),
  verify: key("verify", "verify/action"),
  encrypt: key("encrypt", "encrypt/action"),
  decrypt: key("decrypt", "decrypt/action"),
  wrapKey: key("wrapKey", "wrap/action"),
  unwrapKey: key("unwrapKey", "unwrap/action"),
} as const satisfies Record<string, OperationRule>;

export type DataOperation = keyof typeof DATA_OPERATIONS;
