/**
 * The token machinery of one azmi, built once by compose.ts from the packages: endpoint
 * secrets, the managed-identity issuer, the test issuer, the trusted issuers and token revocations.
 */
import { readFileSync } from "node:fs";
import type { ResourceStore, Store } from "@azmi/arm-core";
import {
  ApplicationSecrets,
  EndpointSecrets,
  grantClaims,
  JwksMemo,
  ManagedIdentityTokens,
  parseTrustIssuerOption,
  TestIssuer,
  TokenRevocations,
  TrustedIssuers,
  type Directory,
  type IdentityService,
  type SigningKeys,
} from "@azmi/identity";
import type { TokenServices } from "../services.js";

export interface TokenSources {
  readonly store: Store;
  readonly resources: ResourceStore;
  readonly identities: IdentityService;
  readonly directory: Directory;
  readonly signingKeys: SigningKeys;
  /** `--trust-issuer` values: read now, so a bad file stops the start with its reason. */
  readonly trustIssuers: readonly string[];
}

export function createTokenServices(sources: TokenSources): TokenServices {
  const secrets = new EndpointSecrets(sources.store);
  const signer = sources.signingKeys;
  const revocations = new TokenRevocations(sources.store);
  return {
    secrets,
    signer,
    managedIdentity: new ManagedIdentityTokens({
      resources: sources.resources,
      identities: sources.identities,
      secrets,
      signer,
      // What the directory grants an identity for the audience it asks (roles, wids).
      grants: (principalId, audience) => grantClaims(sources.directory, principalId, audience),
      revocations,
    }),
    testIssuer: new TestIssuer(sources.store),
    applicationSecrets: new ApplicationSecrets(sources.store),
    trustedIssuers: loadTrustedIssuers(sources.trustIssuers),
    jwks: new JwksMemo(sources.signingKeys),
    revocations,
  };
}

/** `--trust-issuer <issuer>=<jwks file>` values, read once at start-up; a bad file stops the start with its reason. */
export function loadTrustedIssuers(options: readonly string[]): TrustedIssuers {
  const trusted = new TrustedIssuers();
  for (const option of options) {
    const { issuer, jwksPath } = parseTrustIssuerOption(option);
    let document: unknown;
    try {
      document = JSON.parse(readFileSync(jwksPath, "utf8"));
    } catch (error) {
      throw new Error(`--trust-issuer ${issuer}: cannot read a JWKS from '${jwksPath}': ${(error as Error).message}`);
    }
    trusted.add(issuer, document);
  }
  return trusted;
}
