/**
 * The cryptographic operations of a key, by JOSE algorithm as Key Vault names them: sign and
 * verify a digest (RS*, PS*, ES*, ES256K), encrypt/decrypt and wrapKey/unwrapKey (RSA1_5,
 * RSA-OAEP, RSA-OAEP-256). Each algorithm states the key family (and curve) it needs, so a
 * mismatch is one BadParameter; a failed decryption is a BadParameter, never a crash.
 */
import { constants, privateDecrypt, publicEncrypt } from "node:crypto";
import { z } from "zod";
import { kvErrors } from "./data-errors.js";
import { signDigestEcdsa, verifyDigestEcdsa, type CurveName } from "./ecdsa-digest.js";
import { curveOf, isRsa, privateKeyOf, publicKeyOf, type KeyMaterial } from "./key-material.js";
import { decryptPkcs1, HASH_BYTES, signPkcs1, signPss, verifyPkcs1, verifyPss, type DigestHash } from "./rsa-digest.js";

type SignAlgorithm = { readonly rsa: "pkcs1" | "pss"; readonly hash: DigestHash } | { readonly curve: CurveName; readonly hash: DigestHash };

const SIGN_ALGORITHMS: Readonly<Record<string, SignAlgorithm>> = {
  RS256: { rsa: "pkcs1", hash: "sha256" },
  RS384: { rsa: "pkcs1", hash: "sha384" },
  RS512: { rsa: "pkcs1", hash: "sha512" },
  PS256: { rsa: "pss", hash: "sha256" },
  PS384: { rsa: "pss", hash: "sha384" },
  PS512: { rsa: "pss", hash: "sha512" },
  ES256: { curve: "P-256", hash: "sha256" },
  ES384: { curve: "P-384", hash: "sha384" },
  ES512: { curve: "P-521", hash: "sha512" },
  ES256K: { curve: "P-256K", hash: "sha256" },
};

/** The OAEP hash of each RSA encryption algorithm; RSA1_5 has none. */
const CIPHER_ALGORITHMS: Readonly<Record<string, { readonly oaepHash?: "sha1" | "sha256" }>> = {
  RSA1_5: {},
  "RSA-OAEP": { oaepHash: "sha1" },
  "RSA-OAEP-256": { oaepHash: "sha256" },
};

const bytes = (field: string) =>
  z
    .string({ error: `The ${field} is required.` })
    .regex(/^[A-Za-z0-9_+/-]*={0,2}$/, { error: `The ${field} must be base64url.` })
    .transform((s) => Buffer.from(s, "base64url"));

export const signInput = z.object({ alg: z.string({ error: "The algorithm (alg) is required." }), value: bytes("digest (value)") });
export const verifyInput = z.object({
  alg: z.string({ error: "The algorithm (alg) is required." }),
  digest: bytes("digest"),
  value: bytes("signature (value)"),
});
export const cipherInput = z.object({ alg: z.string({ error: "The algorithm (alg) is required." }), value: bytes("value") });

export function signDigest(material: KeyMaterial, alg: string, digest: Buffer): Buffer {
  const algorithm = signAlgorithm(material, alg, digest);
  if ("curve" in algorithm) return signDigestEcdsa(algorithm.curve, Buffer.from(material.jwk.d!, "base64url"), digest);
  const key = privateKeyOf(material);
  return algorithm.rsa === "pkcs1" ? signPkcs1(key, algorithm.hash, digest) : signPss(key, algorithm.hash, digest);
}

export function verifyDigest(material: KeyMaterial, alg: string, digest: Buffer, signature: Buffer): boolean {
  const algorithm = signAlgorithm(material, alg, digest);
  if ("curve" in algorithm) return verifyDigestEcdsa(algorithm.curve, Buffer.from(material.jwk.d!, "base64url"), digest, signature);
  const key = publicKeyOf(material);
  return algorithm.rsa === "pkcs1" ? verifyPkcs1(key, algorithm.hash, digest, signature) : verifyPss(key, algorithm.hash, digest, signature);
}

export function encryptWith(material: KeyMaterial, alg: string, plaintext: Buffer): Buffer {
  const algorithm = cipherAlgorithm(material, alg);
  const key = publicKeyOf(material);
  try {
    return algorithm.oaepHash === undefined
      ? publicEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, plaintext)
      : publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: algorithm.oaepHash }, plaintext);
  } catch {
    throw kvErrors.badParameter(`The value is too long to be encrypted with ${alg} by this key.`);
  }
}

export function decryptWith(material: KeyMaterial, alg: string, ciphertext: Buffer): Buffer {
  const algorithm = cipherAlgorithm(material, alg);
  const key = privateKeyOf(material);
  const failed = kvErrors.badParameter(`The value could not be decrypted with ${alg} by this key.`);
  if (algorithm.oaepHash === undefined) {
    const plain = decryptPkcs1(key, ciphertext);
    if (plain === undefined) throw failed;
    return plain;
  }
  try {
    return privateDecrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: algorithm.oaepHash }, ciphertext);
  } catch {
    throw failed;
  }
}

function signAlgorithm(material: KeyMaterial, alg: string, digest: Buffer): SignAlgorithm {
  const algorithm = SIGN_ALGORITHMS[alg];
  if (algorithm === undefined) throw kvErrors.badParameter(`The signature algorithm '${alg}' is not supported (${Object.keys(SIGN_ALGORITHMS).join(", ")}).`);
  const fits = "curve" in algorithm ? !isRsa(material.kty) && curveOf(material) === algorithm.curve : isRsa(material.kty);
  if (!fits) throw incompatible(material, alg);
  if (digest.length !== HASH_BYTES[algorithm.hash]) {
    throw kvErrors.badParameter(`The digest for ${alg} must be ${HASH_BYTES[algorithm.hash]} bytes long, not ${digest.length}.`);
  }
  return algorithm;
}

function cipherAlgorithm(material: KeyMaterial, alg: string): { readonly oaepHash?: "sha1" | "sha256" } {
  const algorithm = CIPHER_ALGORITHMS[alg];
  if (algorithm === undefined)
    throw kvErrors.badParameter(`The encryption algorithm '${alg}' is not supported (${Object.keys(CIPHER_ALGORITHMS).join(", ")}).`);
  if (!isRsa(material.kty)) throw incompatible(material, alg);
  return algorithm;
}

function incompatible(material: KeyMaterial, alg: string) {
  const what = isRsa(material.kty) ? `${material.kty} key` : `${material.kty} key on curve ${curveOf(material)}`;
  return kvErrors.badParameter(`The algorithm '${alg}' cannot be used with this ${what}.`);
}
