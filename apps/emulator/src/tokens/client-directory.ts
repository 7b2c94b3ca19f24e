/**
 * What the login endpoint's client authentication (@azmi/identity client-authentication.ts)
 * asks about clients, answered from this emulator's state: the operator, registered
 * application secrets, managed identities and their federated credentials, and the keys of
 * federation issuers (the built-in test issuer's, and those given with --trust-issuer).
 */
import { createHash } from "node:crypto";
import { TEST_ISSUER_PATH, type ClientDirectory, type RegisteredCertificate, type TokenIdentity } from "@azmi/identity";
import type { Services } from "../services.js";
import { operatorApplication } from "./operator.js";

export function clientDirectory(services: Services): ClientDirectory {
  const tokens = services.tokens;
  const managedIdentity = (clientId: string): TokenIdentity | undefined => {
    const found = services.identities.findByClientId(clientId);
    return found === undefined
      ? undefined
      : { clientId: found.clientId, principalId: found.principalId, tenantId: found.tenantId, resourceId: found.resourceId };
  };
  return {
    ...(services.config.authMode === "strict" ? { operator: operatorApplication(services.config) } : {}),
    secrets: tokens.applicationSecrets,
    applicationExists: (appId) => services.directory.findByAppId(appId).length > 0,
    managedIdentity,
    federatedCredentials(clientId) {
      const found = services.identities.findByClientId(clientId);
      // Only user-assigned identities hold federated credentials; applications' arrive with Graph.
      if (found === undefined || found.kind !== "UserAssigned") return found === undefined ? undefined : [];
      return services.identities.federatedCredentialsOfClientId(clientId).map((c) => ({
        issuer: c.properties.issuer,
        subject: c.properties.subject,
        audiences: c.properties.audiences,
        ...(c.properties.claimsMatchingExpression === undefined ? {} : { claimsMatchingExpression: c.properties.claimsMatchingExpression.value }),
      }));
    },
    certificates: (appId) => registeredCertificates(services, appId),
    async issuerKeys(issuer, keyId) {
      const configured = tokens.trustedIssuers.keysFor(issuer);
      if (configured !== undefined) return configured;
      // The test issuer is known by its key: any issuer URL ending in its path, signed by its key.
      if (issuer.replace(/\/+$/, "").endsWith(TEST_ISSUER_PATH) && keyId === (await tokens.testIssuer.keyId())) return tokens.testIssuer.jwks();
      return undefined;
    },
  };
}

interface KeyCredential {
  readonly type?: unknown;
  readonly usage?: unknown;
  /** Graph's Edm.Binary: base64 of the certificate's DER. */
  readonly key?: unknown;
}

/**
 * The certificates registered on the application (Graph keyCredentials of type
 * AsymmetricX509Cert, usage Verify), or undefined when no application has this appId. The
 * thumbprints are computed from the certificate itself, so they match what clients put in x5t.
 */
export function registeredCertificates(services: Services, appId: string): RegisteredCertificate[] | undefined {
  const owners = services.directory.findByAppId(appId).filter((o) => /(application|servicePrincipal)$/.test(o["@odata.type"]));
  if (owners.length === 0) return undefined;
  const out: RegisteredCertificate[] = [];
  for (const owner of owners) {
    const credentials = Array.isArray(owner.keyCredentials) ? (owner.keyCredentials as KeyCredential[]) : [];
    for (const credential of credentials) {
      if (credential.type !== "AsymmetricX509Cert" || credential.usage === "Sign" || typeof credential.key !== "string" || credential.key === "") continue;
      const der = Buffer.from(credential.key, "base64");
      out.push({
        x5t: createHash("sha1").update(der).digest("base64url"),
        x5tS256: createHash("sha256").update(der).digest("base64url"),
        certificatePem: `-----BEGIN CERTIFICATE-----\n${der
          .toString("base64")
          .replace(/(.{64})/g, "$1\n")
          .replace(/\n$/, "")}\n-----END CERTIFICATE-----\n`,
      });
    }
  }
  return out;
}
