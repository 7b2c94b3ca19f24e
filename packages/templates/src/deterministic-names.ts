/**
 * uniqueString() and guid(): deterministic functions of their inputs, so a template that names
 * a resource `uniqueString(resourceGroup().id)` gets on azmi the name it gets on Azure.
 *
 * uniqueString: the arguments joined by "-", UTF-8 encoded, hashed with Azure's 64-bit
 * MurmurHash variant (two interleaved 32-bit lanes, seed 0), and the 64-bit result written as
 * 13 base-32 characters (a-z, 2-7), most significant 5 bits first.
 *
 * guid: an RFC 4122 version-5 (SHA-1, name-based) UUID of the arguments joined by "-", in the
 * fixed namespace 11fb06fb-712d-4ddd-98c7-e71bbd588830.
 */
import { createHash } from "node:crypto";

const C1 = 0x239b961b;
const C2 = 0xab0e9789;

const rotl = (x: number, r: number) => ((x << r) | (x >>> (32 - r))) >>> 0;
const mul = (a: number, b: number) => Math.imul(a, b) >>> 0;

function fmix(h: number): number {
  h = mul(h ^ (h >>> 16), 0x85ebca6b);
  h = mul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function word(data: Uint8Array, at: number, count: number): number {
  let value = 0;
  for (let i = count - 1; i >= 0; i--) value = (value << 8) | data[at + i]!;
  return value >>> 0;
}

/** Azure's MurmurHash64 (seed 0) as [high, low] 32-bit halves. */
export function murmurHash64(data: Uint8Array): [number, number] {
  let h1 = 0;
  let h2 = 0;
  let i = 0;
  const length = data.length;
  for (; i + 7 < length; i += 8) {
    let k1 = word(data, i, 4);
    let k2 = word(data, i + 4, 4);
    k1 = mul(rotl(mul(k1, C1), 15), C2);
    h1 = (h1 ^ k1) >>> 0;
    h1 = (rotl(h1, 19) + h2) >>> 0;
    h1 = (mul(h1, 5) + 0x561ccd1b) >>> 0;
    k2 = mul(rotl(mul(k2, C2), 17), C1);
    h2 = (h2 ^ k2) >>> 0;
    h2 = (rotl(h2, 13) + h1) >>> 0;
    h2 = (mul(h2, 5) + 0x0bcaa747) >>> 0;
  }
  const tail = length - i;
  if (tail > 0) {
    const k1 = mul(rotl(mul(word(data, i, Math.min(tail, 4)), C1), 15), C2);
    h1 = (h1 ^ k1) >>> 0;
    if (tail > 4) {
      const k2 = mul(rotl(mul(word(data, i + 4, tail - 4), C2), 17), C1);
      h2 = (h2 ^ k2) >>> 0;
    }
  }
  h1 = (h1 ^ length) >>> 0;
  h2 = (h2 ^ length) >>> 0;
  h1 = (h1 + h2) >>> 0;
  h2 = (h2 + h1) >>> 0;
  h1 = fmix(h1);
  h2 = fmix(h2);
  h1 = (h1 + h2) >>> 0;
  h2 = (h2 + h1) >>> 0;
  return [h2, h1];
}

const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

export function uniqueString(...parts: readonly string[]): string {
  const [high, low] = murmurHash64(new TextEncoder().encode(parts.join("-")));
  let value = (BigInt(high) << 32n) | BigInt(low);
  let out = "";
  for (let i = 0; i < 13; i++) {
    out += BASE32[Number(value >> 59n)];
    value = (value << 5n) & 0xffffffffffffffffn;
  }
  return out;
}

const GUID_NAMESPACE = Buffer.from("11fb06fb712d4ddd98c7e71bbd588830", "hex");

export function deterministicGuid(...parts: readonly string[]): string {
  const hash = createHash("sha1")
    .update(GUID_NAMESPACE)
    .update(Buffer.from(parts.join("-"), "utf8"))
    .digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
