/**
 * addKey and removeKey on an application: rolling its certificates with a proof of possession.
 * Besides the right to change the application's credentials, Graph asks the caller to prove it
 * holds the private key of a certificate the application already has: a JWT signed with that
 * key, audience `00000002-0000-0000-c000-000000000000`, issuer the application's object id,
 * valid for ten minutes at most. An application without a valid certificate cannot use these
 * actions (its first certificate is set with PATCH keyCredentials). A certificate added here is
 * a client credential at once: certificate assertions at the token endpoint check against it.
 * Callers run these inside a store transaction.
 */
import { createHash, randomUUID, verify, X509Certificate } from "node:crypto";
import { graphErrors } from "@azmi/graph-odata";
import { z } from "zod";
import type { DirectoryObject, DirectoryObjects } from "./directory-objects.js";

const keyCredentialInput = z
  .object({
    type: z.enum(["AsymmetricX509Cert", "X509CertAndPassword"]),
    usage: z.enum(["Verify", "Sign"]),
    key: z.string().min(1),
    displayName: z.string().nullish(),
    keyId: z.string().nullish(),
  })
  .passthrough();

export const addKeyBody = z.strictObject({
  keyCredential: keyCredentialInput,
  passwordCredential: z.object({ secretText: z.string().nullish() }).passthrough().nullish(),
  proof: z.string().min(1),
});
export const removeKeyBody = z.strictObject({ keyId: z.string(), proof: z.string().min(1) });
export type AddKey = z.infer<typeof addKeyBody>;
export type RemoveKey = z.infer<typeof removeKeyBody>;

/** The audience Graph wants in a proof of possession (the legacy Azure AD Graph's app id). */
export const KEY_PROOF_AUDIENCE = "00000002-0000-0000-c000-000000000000";
const PROOF_LIFETIME_SECONDS = 600;
const SKEW_SECONDS = 300;

interface StoredKeyCredential {
  readonly customKeyIdentifier: string;
  readonly displayName: string;
  readonly endDateTime: string;
  readonly key: string;
  readonly keyId: string;
  readonly startDateTime: string;
  readonly type: string;
  readonly usage: string;
}

/** Graph's answer for a key credential: everything but the certificate itself. */
export function keyCredentialView(stored: StoredKeyCredential): Record<string, unknown> {
  return { ...stored, key: null };
}

function keyCredentialsOf(application: DirectoryObject): StoredKeyCredential[] {
  return Array.isArray(application.keyCredentials) ? (application.keyCredentials as StoredKeyCredential[]) : [];
}

function certificateOf(base64Der: string, what: string): X509Certificate {
  try {
    return new X509Certificate(Buffer.from(base64Der, "base64"));
  } catch {
    throw graphErrors.badRequest(`${what} is not a base64-encoded X.509 certificate.`);
  }
}

/** The proof must be a JWT of this application, signed with the key of one of its certificates valid now. */
function verifyProof(application: DirectoryObject, proof: string, now: Date): void {
  const refuse = (why: string): never => {
    throw graphErrors.badRequest(`The proof of possession is not valid: ${why}.`);
  };
  const parts = proof.split(".");
  if (parts.length !== 3) refuse("it is not a signed JWT");
  let header: { alg?: unknown };
  let claims: { aud?: unknown; iss?: unknown; nbf?: unknown; exp?: unknown };
  try {
    header = JSON.parse(Buffer.from(parts[0]!, "base64url").toString("utf8"));
    claims = JSON.parse(Buffer.from(parts[1]!, "base64url").toString("utf8"));
  } catch {
    return refuse("it is not a signed JWT");
  }
  if (header.alg !== "RS256") refuse(`its alg is '${String(header.alg)}', not RS256`);
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.includes(KEY_PROOF_AUDIENCE)) refuse(`its aud is not ${KEY_PROOF_AUDIENCE}`);
  if (String(claims.iss).toLowerCase() !== String(application.id).toLowerCase()) refuse("its iss is not the application's object id");
  const seconds = Math.floor(now.getTime() / 1000);
  if (typeof claims.nbf !== "number" || typeof claims.exp !== "number") return refuse("it has no nbf and exp");
  if (claims.nbf > seconds + SKEW_SECONDS || claims.exp < seconds - SKEW_SECONDS) refuse("it is not valid now");
  if (claims.exp - claims.nbf > PROOF_LIFETIME_SECONDS) refuse("it is valid for more than 10 minutes");
  const valid = keyCredentialsOf(application)
    .filter((k) => k.usage === "Verify" && typeof k.key === "string" && k.key !== "")
    .map((k) => certificateOf(k.key, "A registered key"))
    .filter((c) => new Date(c.validFrom) <= now && now <= new Date(c.validTo));
  if (valid.length === 0) refuse("the application has no valid certificate to prove possession with; set its first one with PATCH keyCredentials");
  const signed = Buffer.from(`${parts[0]}.${parts[1]}`);
  const signature = Buffer.from(parts[2]!, "base64url");
  if (!valid.some((c) => verify("RSA-SHA256", signed, c.publicKey, signature))) refuse("it is not signed by a certificate of the application");
}

function commonNameOf(certificate: X509Certificate): string {
  const cn = /(?:^|\n)CN=([^\n]+)/.exec(certificate.subject)?.[1];
  return cn === undefined ? certificate.subject.replace(/\n/g, ", ") : `CN=${cn}`;
}

/** The stored form of one certificate: Graph's key id, thumbprint, name and validity, from the certificate itself. */
function storedKeyCredential(
  given: { type: string; usage: string; key: string; displayName?: string | null; keyId?: unknown },
  certificate: X509Certificate,
): StoredKeyCredential {
  const der = Buffer.from(given.key, "base64");
  return {
    customKeyIdentifier: createHash("sha1").update(der).digest("base64"),
    displayName: given.displayName ?? commonNameOf(certificate),
    endDateTime: new Date(certificate.validTo).toISOString(),
    key: der.toString("base64"),
    keyId: typeof given.keyId === "string" && given.keyId !== "" ? given.keyId : randomUUID(),
    startDateTime: new Date(certificate.validFrom).toISOString(),
    type: given.type,
    usage: given.usage,
  };
}

/**
 * keyCredentials as POST or PATCH /applications set them: each certificate gets what Graph
 * derives for it (key id, thumbprint, display name, validity); an entry whose key is no
 * certificate is Graph's 400.
 */
export function registeredKeyCredentials(given: readonly unknown[]): StoredKeyCredential[] {
  return given.map((entry) => {
    const parsed = keyCredentialInput.safeParse(entry);
    if (!parsed.success) throw graphErrors.badRequest("Invalid value specified for property 'keyCredentials' of resource 'Application'.");
    return storedKeyCredential(parsed.data, certificateOf(parsed.data.key, "keyCredentials.key"));
  });
}

export function addApplicationKey(directory: DirectoryObjects, application: DirectoryObject, body: AddKey, now: Date): Record<string, unknown> {
  verifyProof(application, body.proof, now);
  const stored = storedKeyCredential({ ...body.keyCredential, keyId: undefined }, certificateOf(body.keyCredential.key, "keyCredential.key"));
  directory.put({ ...application, keyCredentials: [...keyCredentialsOf(application), stored] });
  return keyCredentialView(stored);
}

export function removeApplicationKey(directory: DirectoryObjects, application: DirectoryObject, body: RemoveKey, now: Date): void {
  verifyProof(application, body.proof, now);
  const credentials = keyCredentialsOf(application);
  const kept = credentials.filter((c) => String(c.keyId).toLowerCase() !== body.keyId.toLowerCase());
  if (kept.length === credentials.length) throw graphErrors.badRequest(`No key credential found with keyId '${body.keyId}'.`);
  directory.put({ ...application, keyCredentials: kept });
}
