/**
 * Who a client_credentials request authenticates as, the way Entra decides it: a client
 * secret of a registered application (or of the operator application strict mode provides),
 * a certificate assertion, or a federated assertion matching a federated identity credential
 * of a user-assigned identity. Strict mode refuses what it cannot check; permissive mode lets
 * an unknown client in with any secret (as the paid emulator does) but still checks what it
 * knows. The answer is what the token needs: the client and, when known, its object id.
 */
import type { ApplicationSecrets } from "./application-secrets.js";
import { CLIENT_ASSERTION_TYPE_JWT_BEARER, validateClientAssertion, type AssertionDirectory } from "./client-assertion.js";
import { entraErrors } from "./entra-errors.js";
import type { TokenIdentity } from "./managed-identity-token.js";

export type ClientCredential =
  | { readonly kind: "secret"; readonly secret: string }
  | { readonly kind: "assertion"; readonly assertion: string; readonly assertionType: string }
  | { readonly kind: "none" };

export interface ClientAuthenticationRequest {
  readonly clientId: string;
  readonly tenantId: string;
  readonly credential: ClientCredential;
  /** The v1/v2 token endpoint URLs as the client reached them (the aud of a certificate assertion). */
  readonly tokenEndpoints: readonly string[];
  readonly strict: boolean;
  readonly now?: Date;
}

export interface OperatorApplication {
  readonly clientId: string;
  readonly secret: string;
  readonly objectId: string;
}

export interface ClientDirectory extends AssertionDirectory {
  readonly operator?: OperatorApplication;
  readonly secrets: ApplicationSecrets;
  /** Whether an application (or its service principal) with this appId is registered. */
  applicationExists(appId: string): boolean;
  /** The managed identity whose clientId this is, if any. */
  managedIdentity(clientId: string): TokenIdentity | undefined;
}

export interface AuthenticatedClient {
  readonly clientId: string;
  /** The service principal's object id when azmi knows it; otherwise the token issuer derives one. */
  readonly objectId?: string;
  /** "1": secret; "2": certificate or assertion. */
  readonly appidacr: "1" | "2";
  /** Claims a managed identity's token carries beyond an application's (xms_mirid). */
  readonly extraClaims?: Readonly<Record<string, unknown>>;
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export async function authenticateClient(directory: ClientDirectory, request: ClientAuthenticationRequest): Promise<AuthenticatedClient> {
  const { clientId, credential, strict } = request;
  const operator = directory.operator;
  switch (credential.kind) {
    case "none":
      throw entraErrors.credentialRequired();
    case "secret": {
      if (operator !== undefined && same(operator.clientId, clientId)) {
        if (credential.secret !== operator.secret) throw entraErrors.invalidClientSecret(clientId);
        return { clientId, objectId: operator.objectId, appidacr: "1" };
      }
      const check = directory.secrets.verify(clientId, credential.secret, request.now);
      switch (check.result) {
        case "valid":
          return { clientId, appidacr: "1" };
        case "invalid":
          throw entraErrors.invalidClientSecret(clientId);
        case "expired":
          throw entraErrors.expiredClientSecret(clientId, check.keyId);
        case "noSecrets":
          if (!strict) return { clientId, appidacr: "1" };
          if (directory.applicationExists(clientId) || directory.managedIdentity(clientId) !== undefined) {
            throw entraErrors.invalidClientSecret(clientId);
          }
          throw entraErrors.applicationNotFound(clientId, request.tenantId);
      }
    }
    case "assertion": {
      if (credential.assertionType !== CLIENT_ASSERTION_TYPE_JWT_BEARER) throw entraErrors.unsupportedAssertionType(credential.assertionType);
      const validated = await validateClientAssertion(directory, {
        clientId,
        assertion: credential.assertion,
        tenantId: request.tenantId,
        tokenEndpoints: request.tokenEndpoints,
        strict,
        ...(request.now === undefined ? {} : { now: Math.floor(request.now.getTime() / 1000) }),
      });
      const identity = validated.kind === "federated" ? directory.managedIdentity(clientId) : undefined;
      if (identity !== undefined) {
        return { clientId: identity.clientId, objectId: identity.principalId, appidacr: "2", extraClaims: { xms_mirid: identity.resourceId } };
      }
      return { clientId, appidacr: "2" };
    }
  }
}
