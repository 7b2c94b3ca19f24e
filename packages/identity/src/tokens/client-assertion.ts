/**
 * Validation of a `client_assertion` sent to the token endpoint, the way Entra does it. Two
 * kinds arrive with the same parameters:
 *  - a certificate assertion, signed by the client itself: iss = sub = client_id, aud = the
 *    token endpoint; the signature is checked against the application's registered certificate;
 *  - a federated assertion (workload identity): a token from an external issuer that must match
 *    one federated identity credential of the identity whose clientId is client_id (iss, sub and
 *    aud compared exactly), signed by a key of that issuer when azmi knows the issuer's keys.
 * Failures are EntraErrors with the AADSTS codes Entra answers.
 */
import {
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  errors as joseErrors,
  importJWK,
  importX509,
  jwtVerify,
  type JSONWebKeySet,
  type JWK,
  type JWTPayload,
  type ProtectedHeaderParameters,
} from "jose";
import { claimsMatch } from "./claims-matching-expression.js";
import { entraErrors } from "./entra-errors.js";

export const CLIENT_ASSERTION_TYPE_JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/** Entra's tolerance for clock skew on assertion times. */
const SKEW_SECONDS = 300;

export interface FederatedCredentialMatch {
  readonly issuer: string;
  /** Empty for a flexible credential, which matches by claimsMatchingExpression instead. */
  readonly subject: string;
  readonly audiences: readonly string[];
  readonly claimsMatchingExpression?: string;
}

/** A certificate registered on an application (Graph keyCredentials of type AsymmetricX509Cert). */
export interface RegisteredCertificate {
  /** base64url SHA-1 thumbprint of the DER certificate (x5t). */
  readonly x5t?: string;
  /** base64url SHA-256 thumbprint (x5t#S256). */
  readonly x5tS256?: string;
  /** The public key: a PEM certificate or a public JWK. */
  readonly certificatePem?: string;
  readonly publicJwk?: JWK;
}

/** What the validator needs to know about the client and the issuers; answered by the directory and identities. */
export interface AssertionDirectory {
  /** Federated credentials of the identity or application whose clientId/appId is `clientId`; undefined when no such client exists. */
  federatedCredentials(clientId: string): readonly FederatedCredentialMatch[] | undefined;
  /** Certificates registered for the application `clientId`; undefined when azmi knows no such application. */
  certificates(clientId: string): readonly RegisteredCertificate[] | undefined;
  /** The signing keys of a federation issuer, when azmi knows them. */
  issuerKeys(issuer: string, keyId: string | undefined): Promise<JSONWebKeySet | undefined>;
}

export interface ClientAssertionRequest {
  readonly clientId: string;
  readonly assertion: string;
  readonly tenantId: string;
  /** URLs a certificate assertion may name as `aud`: the v1 and v2 token endpoints as the client reached them. */
  readonly tokenEndpoints: readonly string[];
  /** Strict mode: signatures must be checkable (unknown issuers and unregistered certificates are refused). */
  readonly strict: boolean;
  readonly now?: number;
}

export type ValidatedAssertion =
  | { readonly kind: "certificate"; readonly claims: JWTPayload; readonly signatureChecked: boolean }
  | { readonly kind: "federated"; readonly claims: JWTPayload; readonly signatureChecked: boolean; readonly credential: FederatedCredentialMatch };

function decode(assertion: string): { header: ProtectedHeaderParameters; claims: JWTPayload } {
  try {
    return { header: decodeProtectedHeader(assertion), claims: decodeJwt(assertion) };
  } catch {
    throw entraErrors.malformedAssertion();
  }
}

function audiences(claims: JWTPayload): string[] {
  if (typeof claims.aud === "string") return [claims.aud];
  return Array.isArray(claims.aud) ? claims.aud.filter((a): a is string => typeof a === "string") : [];
}

function checkTimes(claims: JWTPayload, now: number): void {
  const exp = typeof claims.exp === "number" ? claims.exp : undefined;
  const nbf = typeof claims.nbf === "number" ? claims.nbf : undefined;
  if (exp === undefined || exp + SKEW_SECONDS < now || (nbf !== undefined && nbf - SKEW_SECONDS > now)) {
    throw entraErrors.assertionOutsideValidity(
      new Date(now * 1000),
      nbf === undefined ? undefined : new Date(nbf * 1000),
      exp === undefined ? undefined : new Date(exp * 1000),
    );
  }
}

const sameEndpoint = (a: string, b: string) => a.replace(/\/+$/, "").toLowerCase() === b.replace(/\/+$/, "").toLowerCase();

export async function validateClientAssertion(directory: AssertionDirectory, request: ClientAssertionRequest): Promise<ValidatedAssertion> {
  const now = request.now ?? Math.floor(Date.now() / 1000);
  const { header, claims } = decode(request.assertion);
  const iss = typeof claims.iss === "string" ? claims.iss : "";
  const sub = typeof claims.sub === "string" ? claims.sub : "";
  const selfSigned = iss.toLowerCase() === request.clientId.toLowerCase() && sub.toLowerCase() === request.clientId.toLowerCase();
  if (selfSigned) return validateCertificateAssertion(directory, request, header, claims, now);
  // Self-issued (iss = client) but naming another subject: Entra's "identifier doesn't match client_id".
  if (iss.toLowerCase() === request.clientId.toLowerCase()) throw entraErrors.assertionClientMismatch();
  return validateFederatedAssertion(directory, request, header, claims, now);
}

async function validateCertificateAssertion(
  directory: AssertionDirectory,
  request: ClientAssertionRequest,
  header: ProtectedHeaderParameters,
  claims: JWTPayload,
  now: number,
): Promise<ValidatedAssertion> {
  const aud = audiences(claims);
  if (!aud.some((a) => request.tokenEndpoints.some((e) => sameEndpoint(a, e)))) throw entraErrors.assertionAudienceMismatch();
  checkTimes(claims, now);
  const certificates = directory.certificates(request.clientId);
  if (certificates === undefined && request.strict) throw entraErrors.applicationNotFound(request.clientId, request.tenantId);
  const x5t = typeof header.x5t === "string" ? header.x5t : undefined;
  const x5tS256 = typeof header["x5t#S256"] === "string" ? (header["x5t#S256"] as string) : undefined;
  const certificate = certificates?.find((c) => (x5t !== undefined && c.x5t === x5t) || (x5tS256 !== undefined && c.x5tS256 === x5tS256));
  if (certificate === undefined) {
    if (!request.strict) return { kind: "certificate", claims, signatureChecked: false };
    const thumbprint = x5tS256 ?? x5t ?? "(none)";
    throw entraErrors.assertionSignatureInvalid(`The key was not found. Thumbprint of key used by client: '${thumbprint}'`, request.clientId);
  }
  const alg = typeof header.alg === "string" ? header.alg : "RS256";
  try {
    const key = certificate.publicJwk !== undefined ? await importJWK(certificate.publicJwk, alg) : await importX509(certificate.certificatePem ?? "", alg);
    await jwtVerify(request.assertion, key, { algorithms: ["RS256", "PS256"], clockTolerance: SKEW_SECONDS });
  } catch (err) {
    throw signatureFailure(err, request.clientId);
  }
  return { kind: "certificate", claims, signatureChecked: true };
}

async function validateFederatedAssertion(
  directory: AssertionDirectory,
  request: ClientAssertionRequest,
  header: ProtectedHeaderParameters,
  claims: JWTPayload,
  now: number,
): Promise<ValidatedAssertion> {
  const credentials = directory.federatedCredentials(request.clientId);
  if (credentials === undefined) throw entraErrors.applicationNotFound(request.clientId, request.tenantId);
  const iss = typeof claims.iss === "string" ? claims.iss : "";
  const sub = typeof claims.sub === "string" ? claims.sub : "";
  const aud = audiences(claims);
  if (credentials.length === 0) throw entraErrors.noFederatedRecord(iss, sub, aud.join(","));
  // Entra narrows issuer, then subject, then audience, and names the first claim that matched nothing.
  const byIssuer = credentials.filter((c) => c.issuer === iss);
  if (byIssuer.length === 0) throw entraErrors.federatedIssuerMismatch(iss);
  const bySubject = byIssuer.filter((c) =>
    c.claimsMatchingExpression !== undefined && c.claimsMatchingExpression !== "" ? claimsMatch(c.claimsMatchingExpression, claims) : c.subject === sub,
  );
  if (bySubject.length === 0) {
    const flexible = byIssuer.find((c) => c.claimsMatchingExpression !== undefined && c.claimsMatchingExpression !== "");
    if (flexible !== undefined) throw entraErrors.federatedExpressionMismatch(flexible.claimsMatchingExpression!);
    const caseOnly = byIssuer.some((c) => c.subject !== undefined && c.subject.toLowerCase() === sub.toLowerCase());
    throw caseOnly ? entraErrors.federatedSubjectCaseMismatch(sub) : entraErrors.federatedSubjectMismatch(sub);
  }
  const credential = bySubject.find((c) => c.audiences.some((a) => aud.includes(a)));
  if (credential === undefined) throw entraErrors.federatedAudienceMismatch(aud.join(","));
  checkTimes(claims, now);

  const keys = await directory.issuerKeys(iss, typeof header.kid === "string" ? header.kid : undefined);
  if (keys === undefined) {
    if (!request.strict) return { kind: "federated", claims, signatureChecked: false, credential };
    throw entraErrors.assertionSignatureInvalid(
      `The signing keys of issuer '${iss}' are unknown to azmi; start it with --trust-issuer ${iss}=<jwks file>`,
      request.clientId,
    );
  }
  try {
    await jwtVerify(request.assertion, createLocalJWKSet(keys), { clockTolerance: SKEW_SECONDS });
  } catch (err) {
    throw signatureFailure(err, request.clientId);
  }
  return { kind: "federated", claims, signatureChecked: true, credential };
}

function signatureFailure(err: unknown, clientId: string) {
  if (err instanceof joseErrors.JWKSNoMatchingKey) return entraErrors.assertionSignatureInvalid("The key was not found.", clientId);
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return entraErrors.assertionSignatureInvalid("The signature is invalid.", clientId);
  const message = err instanceof Error ? err.message : String(err);
  return entraErrors.assertionSignatureInvalid(message.replace(/\.$/, ""), clientId);
}
