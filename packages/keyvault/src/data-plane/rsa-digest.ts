/**
 * RSA as Key Vault uses it, where node:crypto does not reach: signatures over a digest the client
 * computed (RSASSA-PKCS1-v1_5 and RSASSA-PSS with a salt as long as the hash, the PS* of JOSE),
 * and RSA1_5 decryption, which Node 20 refuses since CVE-2023-46809. Both are built from the raw
 * RSA operation (RSA_NO_PADDING) and the encodings of RFC 8017. Timing side channels do not
 * matter in an emulator; correctness against real verifiers does (the tests check with node).
 */
import { constants, createHash, privateDecrypt, privateEncrypt, publicDecrypt, randomBytes, timingSafeEqual, type KeyObject } from "node:crypto";

export type DigestHash = "sha256" | "sha384" | "sha512";

export const HASH_BYTES: Readonly<Record<DigestHash, number>> = { sha256: 32, sha384: 48, sha512: 64 };

/** The DER DigestInfo prefix of each hash (RFC 8017, 9.2, note 1). */
const DIGEST_INFO: Readonly<Record<DigestHash, string>> = {
  sha256: "3031300d060960864801650304020105000420",
  sha384: "3041300d060960864801650304020205000430",
  sha512: "3051300d060960864801650304020305000440",
};

export function signPkcs1(key: KeyObject, hash: DigestHash, digest: Buffer): Buffer {
  return privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, Buffer.concat([Buffer.from(DIGEST_INFO[hash], "hex"), digest]));
}

export function verifyPkcs1(key: KeyObject, hash: DigestHash, digest: Buffer, signature: Buffer): boolean {
  let recovered: Buffer;
  try {
    recovered = publicDecrypt({ key, padding: constants.RSA_PKCS1_PADDING }, signature);
  } catch {
    return false;
  }
  const expected = Buffer.concat([Buffer.from(DIGEST_INFO[hash], "hex"), digest]);
  return recovered.length === expected.length && timingSafeEqual(recovered, expected);
}

export function signPss(key: KeyObject, hash: DigestHash, digest: Buffer): Buffer {
  const modBits = modulusBits(key);
  const k = Math.ceil(modBits / 8);
  const em = pssEncode(hash, digest, modBits - 1);
  return privateEncrypt({ key, padding: constants.RSA_NO_PADDING }, Buffer.concat([Buffer.alloc(k - em.length), em]));
}

export function verifyPss(key: KeyObject, hash: DigestHash, digest: Buffer, signature: Buffer): boolean {
  const modBits = modulusBits(key);
  const k = Math.ceil(modBits / 8);
  if (signature.length !== k) return false;
  let block: Buffer;
  try {
    block = publicDecrypt({ key, padding: constants.RSA_NO_PADDING }, signature);
  } catch {
    return false;
  }
  const emBits = modBits - 1;
  const emLen = Math.ceil(emBits / 8);
  if (block.subarray(0, k - emLen).some((b) => b !== 0)) return false;
  return pssVerify(hash, digest, block.subarray(k - emLen), emBits);
}

/** RSAES-PKCS1-v1_5 decryption (RSA1_5): the raw operation, then the type-2 padding removed. */
export function decryptPkcs1(key: KeyObject, ciphertext: Buffer): Buffer | undefined {
  let block: Buffer;
  try {
    block = privateDecrypt({ key, padding: constants.RSA_NO_PADDING }, ciphertext);
  } catch {
    return undefined;
  }
  if (block[0] !== 0x00 || block[1] !== 0x02) return undefined;
  const end = block.indexOf(0x00, 2);
  if (end < 10) return undefined;
  return block.subarray(end + 1);
}

function modulusBits(key: KeyObject): number {
  return key.asymmetricKeyDetails?.modulusLength ?? 2048;
}

/** EMSA-PSS-ENCODE (RFC 8017, 9.1.1) with sLen = hLen and MGF1 of the same hash. */
function pssEncode(hash: DigestHash, mHash: Buffer, emBits: number): Buffer {
  const hLen = HASH_BYTES[hash];
  const emLen = Math.ceil(emBits / 8);
  const salt = randomBytes(hLen);
  const h = createHash(hash)
    .update(Buffer.concat([Buffer.alloc(8), mHash, salt]))
    .digest();
  const db = Buffer.concat([Buffer.alloc(emLen - 2 * hLen - 2), Buffer.from([0x01]), salt]);
  const masked = xor(db, mgf1(hash, h, emLen - hLen - 1));
  masked[0]! &= 0xff >> (8 * emLen - emBits);
  return Buffer.concat([masked, h, Buffer.from([0xbc])]);
}

/** EMSA-PSS-VERIFY (RFC 8017, 9.1.2), same parameters. */
function pssVerify(hash: DigestHash, mHash: Buffer, em: Buffer, emBits: number): boolean {
  const hLen = HASH_BYTES[hash];
  const emLen = em.length;
  if (emLen < 2 * hLen + 2 || em[emLen - 1] !== 0xbc) return false;
  const topMask = 0xff >> (8 * emLen - emBits);
  const maskedDb = em.subarray(0, emLen - hLen - 1);
  const h = em.subarray(emLen - hLen - 1, emLen - 1);
  if ((maskedDb[0]! & ~topMask) !== 0) return false;
  const db = xor(maskedDb, mgf1(hash, h, emLen - hLen - 1));
  db[0]! &= topMask;
  const psLen = emLen - 2 * hLen - 2;
  if (db.subarray(0, psLen).some((b) => b !== 0) || db[psLen] !== 0x01) return false;
  const salt = db.subarray(db.length - hLen);
  const expected = createHash(hash)
    .update(Buffer.concat([Buffer.alloc(8), mHash, salt]))
    .digest();
  return timingSafeEqual(expected, h);
}

function mgf1(hash: DigestHash, seed: Buffer, length: number): Buffer {
  const blocks: Buffer[] = [];
  for (let counter = 0; blocks.length * HASH_BYTES[hash] < length; counter++) {
    const c = Buffer.alloc(4);
    c.writeUInt32BE(counter);
    blocks.push(createHash(hash).update(seed).update(c).digest());
  }
  return Buffer.concat(blocks).subarray(0, length);
}

function xor(a: Buffer, b: Buffer): Buffer {
  const out = Buffer.alloc(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! ^ b[i]!;
  return out;
}
