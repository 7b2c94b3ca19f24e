/**
 * The token machinery one emulator instance uses, built once per Services from the packages:
 * endpoint secrets, the managed-identity issuer, the test issuer and the trusted issuers.
 * Kept beside Services (a WeakMap, not a field) so the tokens area adds no start-up order.
 */
import { readFileSync } from "node:fs";
import {
  ApplicationSecrets,
  EndpointSecrets,
  ManagedIdentityTokens,
  parseTrustIssuerOption,
  TestIssuer,
  TrustedIssuers,
  type ClaimsSigner,
} from "@azmi/identity";
import type { Services } from "../services.js";
import { ensureOperator } from "./operator.js";

export interface TokenServices {
  readonly secrets: EndpointSecrets;
  readonly managedIdentity: ManagedIdentityTokens;
  readonly testIssuer: TestIssuer;
  readonly trustedIssuers: TrustedIssuers;
  readonly signer: ClaimsSigner;
  readonly applicationSecrets: ApplicationSecrets;
}

const built = new WeakMap<Services, TokenServices>();

export function tokenServices(services: Services): TokenServices {
  let tokens = built.get(services);
  if (tokens === undefined) {
    const secrets = new EndpointSecrets(services.store);
    const signer = services.signingKeys;
    tokens = {
      secrets,
      signer,
      managedIdentity: new ManagedIdentityTokens({
        resources: services.resources,
        identities: services.identities,
        secrets,
        signer,
      }),
      testIssuer: new TestIssuer(services.store),
      applicationSecrets: new ApplicationSecrets(services.store),
      trustedIssuers: loadTrustedIssuers(services.config.trustIssuers ?? []),
    };
    services.events.on("scopeDeleted", (event) => secrets.forgetAtOrBelow(event.scope));
    built.set(services, tokens);
  }
  return tokens;
}

/**
 * Start-up: builds the token services (reading --trust-issuer files, so a bad one stops the
 * start with its reason) and, in strict mode, provisions the operator, again after each reset.
 */
export function setUpTokens(services: Services): void {
  tokenServices(services);
  ensureOperator(services);
  services.onReset(() => ensureOperator(services));
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
