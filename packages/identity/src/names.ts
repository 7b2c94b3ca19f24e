/** Name rules of Microsoft.ManagedIdentity resources. */
import { armErrors } from "@azmi/arm-core";
import { USER_ASSIGNED_IDENTITY_TYPE } from "./api-versions.js";

const USER_ASSIGNED_IDENTITY_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_-]{2,127}$/;
const FEDERATED_CREDENTIAL_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_-]{2,119}$/;

export function checkUserAssignedIdentityName(name: string): void {
  if (!USER_ASSIGNED_IDENTITY_NAME.test(name)) {
    throw armErrors.invalidResourceName(
      name,
      USER_ASSIGNED_IDENTITY_TYPE,
      "The name can contain only letters, numbers, underscores and hyphens. The name must start with a letter or number and be between 3 and 128 characters long.",
    );
  }
}

export function checkFederatedCredentialName(name: string): void {
  if (!FEDERATED_CREDENTIAL_NAME.test(name)) {
    throw armErrors.badRequest(
      `Federated Identity Credential name '${name}' is invalid. The name can contain only letters, numbers, underscores and hyphens, must start with a letter or number and be between 3 and 120 characters long.`,
    );
  }
}
