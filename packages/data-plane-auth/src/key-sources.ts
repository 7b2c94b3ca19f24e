/**
 * Where the keys that sign tokens come from: a key set held in memory (azmi's own, or one an
 * embedding emulator made), a function answering the current one (keys can rotate), or the URL
 * of a JWKS document (azmi's `/{tenant}/discovery/v2.0/keys`), fetched and cached by jose.
 */
import { createLocalJWKSet, createRemoteJWKSet, type JSONWebKeySet, type JWTVerifyGetKey } from "jose";

export type KeySource = JSONWebKeySet | URL | (() => JSONWebKeySet | Promise<JSONWebKeySet>);

/** One imported key set per document, so keys are imported once and not per token. */
const imported = new WeakMap<JSONWebKeySet, JWTVerifyGetKey>();
const remote = new Map<string, JWTVerifyGetKey>();

function localKeys(jwks: JSONWebKeySet): JWTVerifyGetKey {
  let keys = imported.get(jwks);
  if (keys === undefined) {
    keys = createLocalJWKSet(jwks);
    imported.set(jwks, keys);
  }
  return keys;
}

/** The key resolver jose verifies with, for the key set current now. */
export async function keyResolver(source: KeySource): Promise<JWTVerifyGetKey> {
  if (source instanceof URL) {
    let keys = remote.get(source.href);
    if (keys === undefined) {
      keys = createRemoteJWKSet(source);
      remote.set(source.href, keys);
    }
    return keys;
  }
  return localKeys(typeof source === "function" ? await source() : source);
}
