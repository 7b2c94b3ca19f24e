/**
 * ECDSA over a digest the client computed, as Key Vault signs (its `sign` takes a digest, never
 * the message). node:crypto only signs messages it hashes itself, so the ECDSA equations are
 * done here with BigInt and the one scalar multiplication each needs is node's ECDH (k·G is the
 * public key of the private scalar k). Signatures are raw r||s, as Key Vault answers them.
 * Verification uses the private scalar d the vault holds: u1·G + u2·Q = (u1 + u2·d)·G.
 */
import { createECDH, randomBytes } from "node:crypto";

export type CurveName = "P-256" | "P-384" | "P-521" | "P-256K";

interface Curve {
  readonly openssl: string;
  /** The order of the base point. */
  readonly n: bigint;
  readonly bytes: number;
}

export const CURVES: Readonly<Record<CurveName, Curve>> = {
  "P-256": { openssl: "prime256v1", n: BigInt("0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551"), bytes: 32 },
  "P-384": {
    openssl: "secp384r1",
    n: BigInt("0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973"),
    bytes: 48,
  },
  "P-521": {
    openssl: "secp521r1",
    n: BigInt("0x01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409"),
    bytes: 66,
  },
  "P-256K": { openssl: "secp256k1", n: BigInt("0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141"), bytes: 32 },
};

export function signDigestEcdsa(curveName: CurveName, d: Buffer, digest: Buffer): Buffer {
  const curve = CURVES[curveName];
  const z = digestScalar(curve, digest);
  const x = toBigInt(d);
  for (;;) {
    const k = randomScalar(curve);
    const r = mod(baseMultipleX(curve, k), curve.n);
    if (r === 0n) continue;
    const s = mod(inverse(k, curve.n) * (z + r * x), curve.n);
    if (s === 0n) continue;
    return Buffer.concat([toBytes(r, curve.bytes), toBytes(s, curve.bytes)]);
  }
}

export function verifyDigestEcdsa(curveName: CurveName, d: Buffer, digest: Buffer, signature: Buffer): boolean {
  const curve = CURVES[curveName];
  if (signature.length !== 2 * curve.bytes) return false;
  const r = toBigInt(signature.subarray(0, curve.bytes));
  const s = toBigInt(signature.subarray(curve.bytes));
  if (r <= 0n || r >= curve.n || s <= 0n || s >= curve.n) return false;
  const w = inverse(s, curve.n);
  const u1 = mod(digestScalar(curve, digest) * w, curve.n);
  const u2 = mod(r * w, curve.n);
  const t = mod(u1 + u2 * toBigInt(d), curve.n);
  if (t === 0n) return false;
  return mod(baseMultipleX(curve, t), curve.n) === r;
}

/** The x coordinate of k·G: the public point ECDH derives from the private scalar k. */
function baseMultipleX(curve: Curve, k: bigint): bigint {
  const ecdh = createECDH(curve.openssl);
  ecdh.setPrivateKey(toBytes(k, curve.bytes));
  const point = ecdh.getPublicKey(); // 0x04 || x || y
  const size = (point.length - 1) / 2;
  return toBigInt(point.subarray(1, 1 + size));
}

/** The digest as an integer, cut to the bit length of n (FIPS 186-4, 6.4). */
function digestScalar(curve: Curve, digest: Buffer): bigint {
  const nBits = curve.n.toString(2).length;
  const z = toBigInt(digest);
  const excess = digest.length * 8 - nBits;
  return excess > 0 ? z >> BigInt(excess) : z;
}

function randomScalar(curve: Curve): bigint {
  for (;;) {
    const k = mod(toBigInt(randomBytes(curve.bytes + 8)), curve.n);
    if (k !== 0n) return k;
  }
}

function mod(a: bigint, m: bigint): bigint {
  const r = a % m;
  return r < 0n ? r + m : r;
}

/** a⁻¹ mod a prime m (Fermat). */
function inverse(a: bigint, m: bigint): bigint {
  let result = 1n;
  let base = mod(a, m);
  let e = m - 2n;
  while (e > 0n) {
    if (e & 1n) result = (result * base) % m;
    base = (base * base) % m;
    e >>= 1n;
  }
  return result;
}

export function toBigInt(bytes: Buffer): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${bytes.toString("hex")}`);
}

function toBytes(value: bigint, length: number): Buffer {
  return Buffer.from(value.toString(16).padStart(length * 2, "0"), "hex");
}
