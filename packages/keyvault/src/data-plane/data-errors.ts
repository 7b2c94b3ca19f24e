/**
 * The failures of the Key Vault data plane, in Key Vault's own envelope
 * ({"error":{"code","message","innererror":{"code"}}}) and codes. One factory per code; the
 * emulator renders a KeyVaultDataError once, in its Key Vault runner.
 */

const NOT_FOUND_HELP = "For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182";

export class KeyVaultDataError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly innerCode?: string,
    /** Extra response headers (the 401 challenge). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = "KeyVaultDataError";
  }

  toBody(): { error: { code: string; message: string; innererror?: { code: string } } } {
    return { error: { code: this.code, message: this.message, ...(this.innerCode === undefined ? {} : { innererror: { code: this.innerCode } }) } };
  }
}

export function isKeyVaultDataError(error: unknown): error is KeyVaultDataError {
  return error instanceof KeyVaultDataError;
}

export type ItemKind = "secret" | "key";

const itemWord = (kind: ItemKind) => (kind === "secret" ? "Secret" : "Key");

export const kvErrors = {
  /** 401: no token, a token for another audience, an expired or foreign one; carries the challenge. */
  unauthorized: (message: string, challenge: string) => new KeyVaultDataError(401, "Unauthorized", message, undefined, { "www-authenticate": challenge }),
  /** 403 under RBAC: no role assignment grants the data action. */
  forbiddenByRbac: (message: string) => new KeyVaultDataError(403, "Forbidden", message, "ForbiddenByRbac"),
  /** 403 under access policies: no policy of the caller holds the permission. */
  accessDenied: (message: string) => new KeyVaultDataError(403, "Forbidden", message, "AccessDenied"),
  /** 403: the operation is refused by the vault's policy (purge protection). */
  policyForbids: (message: string) => new KeyVaultDataError(403, "Forbidden", message, "KeyVaultPolicyError"),
  /** 403: the item version is disabled. */
  disabled: (kind: ItemKind, operation: string) =>
    new KeyVaultDataError(
      403,
      "Forbidden",
      `Operation ${operation} is not allowed on a disabled ${kind}.`,
      kind === "secret" ? "SecretDisabled" : "KeyDisabled",
    ),
  /** 403: the key's key_ops do not include the operation. */
  operationNotPermitted: (operation: string) =>
    new KeyVaultDataError(403, "Forbidden", `Operation ${operation} is not permitted on this key.`, "KeyOperationForbidden"),
  badParameter: (message: string) => new KeyVaultDataError(400, "BadParameter", message),
  notFound: (kind: ItemKind, nameOrId: string) =>
    new KeyVaultDataError(
      404,
      `${itemWord(kind)}NotFound`,
      `A ${kind} with (name/id) ${nameOrId} was not found in this key vault. If you recently deleted this ${kind} you may be able to recover it using the correct recovery command. ${NOT_FOUND_HELP}`,
    ),
  deletedNotFound: (kind: ItemKind, name: string) => new KeyVaultDataError(404, `${itemWord(kind)}NotFound`, `Deleted ${itemWord(kind)} not found: ${name}`),
  /** 409: the name belongs to a deleted item that can still be recovered. */
  deletedButRecoverable: (kind: ItemKind, name: string) =>
    new KeyVaultDataError(
      409,
      "Conflict",
      `${itemWord(kind)} ${name} is currently in a deleted but recoverable state, and its name cannot be reused; in this state, the ${kind} can only be recovered or purged.`,
    ),
  /** 409: a restore onto a name that is in use. */
  alreadyExists: (kind: ItemKind, name: string) => new KeyVaultDataError(409, "Conflict", `${itemWord(kind)} ${name} already exists.`),
  /** 409: recovery of a name that is live again. */
  recoveryConflict: (kind: ItemKind, name: string) =>
    new KeyVaultDataError(409, "Conflict", `${itemWord(kind)} ${name} is currently being deleted or recovered.`),
  /** The operation is one of Key Vault's that azmi does not serve (certificates, storage accounts, HSM admin). */
  notSupported: (what: string) =>
    new KeyVaultDataError(
      501,
      "NotSupported",
      `The operation '${what}' is not supported by this key vault: azmi serves the secrets and keys of the Key Vault data plane; certificates and managed storage accounts are not emulated yet.`,
    ),
  /** A path that names no Key Vault operation. */
  unknownOperation: (method: string, path: string) => kvErrors.badParameter(`Method ${method} does not allow operation '${path}'.`),
  /** The vault answering at this host name does not exist. */
  vaultNotFound: (name: string) =>
    new KeyVaultDataError(404, "VaultNotFound", `No vault named '${name}' exists: create it on Resource Manager (Microsoft.KeyVault/vaults) first.`),
};
