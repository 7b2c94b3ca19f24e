/**
 * The material of a Key Vault key: made with node:crypto (RSA 2048/3072/4096, EC on P-256,
 * P-384, P-521 and P-256K) or imported from a JSON Web Key, kept as a private JWK in the store,
 * and shown to clients only as its public half (n/e or crv/x/y). HSM key types (RSA-HSM,
 * EC-HSM) are software keys here: what differs on Azure is where the key lives, not its maths.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type JsonWebKey, type KeyObject } from "node:crypto";
import { z } from "zod";
import { kvErrors } from "./data-errors.js";
import type { CurveName } from "./ecdsa-digest.js";

export const keyTypeInput = z.enum(["RSA", "RSA-HSM", "EC", "EC-HSM", "oct", "oct-HSM"], { error: "The key type (kty) must be RSA, RSA-HSM, EC or EC-HSM." });
export const curveInput = z.enum(["P-256", "P-384", "P-521", "P-256K"], { error: "The curve (crv) must be P-256, P-384, P-521 or P-256K." });
export const KEY_OPERATIONS = ["encrypt", "decrypt", "sign", "verify", "wrapKey", "unwrapKey", "import", "export"] as const;
export const keyOpsInput = z.array(z.enum(KEY_OPERATIONS, { error: `A key operation (key_ops) must be one of ${KEY_OPERATIONS.join(", ")}.` })).nullish();

export type KeyType = "RSA" | "RSA-HSM" | "EC" | "EC-HSM";
export type KeyOperation = (typeof KEY_OPERATIONS)[number];

const b64url = z.string().regex(/^[A-Za-z0-9_-]*={0,2}$/, { error: "must be base64url" });

/** The JsonWebKey of an import request (Key Vault's field names). */
export const importedJwkInput = z.object({
  kid: z.string().nullish(),
  kty: keyTypeInput,
  key_ops: keyOpsInput,
  n: b64url.nullish(),
  e: b64url.nullish(),
  d: b64url.nullish(),
  dp: b64url.nullish(),
  dq: b64url.nullish(),
  qi: b64url.nullish(),
  p: b64url.nullish(),
  q: b64url.nullish(),
  crv: curveInput.nullish(),
  x: b64url.nullish(),
  y: b64url.nullish(),
  key_hsm: b64url.nullish(),
});
export type ImportedJwk = z.infer<typeof importedJwkInput>;

/** What is stored of a key version's material: its type and the private JWK (crv as Key Vault names it). */
export interface KeyMaterial {
  readonly kty: KeyType;
  readonly jwk: Readonly<Record<string, string>>;
}

export interface KeySpec {
  readonly kty: z.infer<typeof keyTypeInput>;
  readonly keySize?: number | null | undefined;
  readonly crv?: CurveName | null | undefined;
  readonly publicExponent?: number | null | undefined;
}

const RSA_SIZES = [2048, 3072, 4096];
// node names P-256K by its SEC name
const NODE_CURVE: Readonly<Record<CurveName, string>> = { "P-256": "P-256", "P-384": "P-384", "P-521": "P-521", "P-256K": "secp256k1" };

export function isRsa(kty: KeyType): boolean {
  return kty === "RSA" || kty === "RSA-HSM";
}

/** The default key_ops of a new key of this type, as Key Vault gives them. */
export function defaultKeyOps(kty: KeyType): KeyOperation[] {
  return isRsa(kty) ? ["encrypt", "decrypt", "sign", "verify", "wrapKey", "unwrapKey"] : ["sign", "verify"];
}

export function generateKeyMaterial(spec: KeySpec): KeyMaterial {
  const kty = supportedType(spec.kty);
  if (isRsa(kty)) {
    const size = spec.keySize ?? 2048;
    if (!RSA_SIZES.includes(size)) throw kvErrors.badParameter(`The key size ${size} is not supported: an RSA key is 2048, 3072 or 4096 bits.`);
    if (spec.crv != null) throw kvErrors.badParameter("An RSA key has no curve (crv).");
    const exponent = spec.publicExponent ?? 65537;
    if (exponent !== 3 && exponent !== 65537) throw kvErrors.badParameter(`The public exponent ${exponent} is not supported (3 or 65537).`);
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: size, publicExponent: exponent });
    return { kty, jwk: storedJwk(privateKey) };
  }
  if (spec.keySize != null) throw kvErrors.badParameter("An EC key has a curve (crv), not a key size.");
  const crv = spec.crv ?? "P-256";
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: NODE_CURVE[crv] });
  return { kty, jwk: storedJwk(privateKey) };
}

/** An imported JWK, checked by building the private key from it; the HSM flag makes its type -HSM. */
export function importKeyMaterial(input: ImportedJwk, hsm: boolean): KeyMaterial {
  const base = supportedType(input.kty);
  if (input.key_hsm != null) throw kvErrors.badParameter("Bring-your-own-key transfer blobs (key_hsm) are not supported by azmi.");
  if (input.d == null) throw kvErrors.badParameter("The key to import has no private key material (d).");
  const rsa = isRsa(base);
  const kty: KeyType = hsm || base.endsWith("-HSM") ? (rsa ? "RSA-HSM" : "EC-HSM") : rsa ? "RSA" : "EC";
  const fields = rsa ? (["n", "e", "d", "p", "q", "dp", "dq", "qi"] as const) : (["x", "y", "d"] as const);
  const jwk: JsonWebKey = { kty: rsa ? "RSA" : "EC" };
  for (const f of fields) {
    const value = input[f];
    if (value == null) throw kvErrors.badParameter(`The key to import lacks its '${f}' parameter.`);
    jwk[f] = value.replace(/=+$/, "");
  }
  if (!rsa) {
    if (input.crv == null) throw kvErrors.badParameter("The EC key to import has no curve (crv).");
    jwk.crv = NODE_CURVE[input.crv];
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: jwk, format: "jwk" });
  } catch (error) {
    throw kvErrors.badParameter(`The key to import is not a valid ${rsa ? "RSA" : "EC"} key: ${(error as Error).message}`);
  }
  if (rsa && (key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) throw kvErrors.badParameter("An imported RSA key must be at least 2048 bits.");
  return { kty, jwk: storedJwk(key) };
}

/** The public half as Key Vault's JsonWebKey, under its kid. */
export function publicJwk(material: KeyMaterial, kid: string, keyOps: readonly string[]): Record<string, unknown> {
  const j = material.jwk;
  const shape = isRsa(material.kty) ? { n: j.n, e: j.e } : { crv: j.crv, x: j.x, y: j.y };
  return { kid, kty: material.kty, key_ops: [...keyOps], ...shape };
}

export function privateKeyOf(material: KeyMaterial): KeyObject {
  return createPrivateKey({ key: nodeJwk(material), format: "jwk" });
}

export function publicKeyOf(material: KeyMaterial): KeyObject {
  return createPublicKey({ key: nodeJwk(material), format: "jwk" });
}

export function curveOf(material: KeyMaterial): CurveName | undefined {
  return material.jwk.crv as CurveName | undefined;
}

/** What a rotation makes again: the same type, size or curve. */
export function specOf(material: KeyMaterial): KeySpec {
  if (!isRsa(material.kty)) return { kty: material.kty, crv: curveOf(material) ?? "P-256" };
  const key = publicKeyOf(material);
  return {
    kty: material.kty,
    keySize: key.asymmetricKeyDetails?.modulusLength ?? 2048,
    publicExponent: Number(key.asymmetricKeyDetails?.publicExponent ?? 65537n),
  };
}

function supportedType(kty: z.infer<typeof keyTypeInput>): KeyType {
  if (kty === "oct" || kty === "oct-HSM") throw kvErrors.badParameter(`Key type ${kty} is only supported by Managed HSM, not by a key vault.`);
  return kty;
}

function storedJwk(key: KeyObject): Record<string, string> {
  const exported = key.export({ format: "jwk" }) as Record<string, string>;
  if (exported.crv === "secp256k1") exported.crv = "P-256K";
  return exported;
}

function nodeJwk(material: KeyMaterial): JsonWebKey {
  const jwk: JsonWebKey = { ...material.jwk };
  if (jwk.crv === "P-256K") jwk.crv = "secp256k1";
  return jwk;
}
