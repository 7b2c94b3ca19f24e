/**
 * Client secrets of registered applications, as the token endpoint needs them: only a hash is
 * kept (Graph shows a secret once, at addPassword, and never again). The Graph application
 * routes add and remove secrets here; the login endpoint verifies against them.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { Store } from "@azmi/arm-core";

const COLLECTION = "applicationSecrets";

interface StoredSecret {
  readonly appId: string;
  readonly keyId: string;
  /** sha256 of the secret text, hex. */
  readonly hash: string;
  /** ISO time, or null for no expiry. */
  readonly endDateTime: string | null;
}

export type SecretCheck =
  { readonly result: "valid" } | { readonly result: "invalid" } | { readonly result: "expired"; readonly keyId: string } | { readonly result: "noSecrets" };

const digest = (text: string) => createHash("sha256").update(text, "utf8").digest();

export class ApplicationSecrets {
  constructor(private readonly store: Store) {}

  /** Registers a secret of application `appId` (Graph addPassword). */
  add(appId: string, keyId: string, secretText: string, endDateTime: string | null = null): void {
    const record: StoredSecret = { appId, keyId, hash: digest(secretText).toString("hex"), endDateTime };
    this.store.put(COLLECTION, `${appId.toLowerCase()}|${keyId.toLowerCase()}`, record, { appId: appId.toLowerCase() });
  }

  /** Graph removePassword, or the application's deletion (keyId undefined: every secret). */
  remove(appId: string, keyId?: string): void {
    for (const item of this.store.findByIndex<StoredSecret>(COLLECTION, "appId", appId.toLowerCase())) {
      if (keyId === undefined || item.value.keyId.toLowerCase() === keyId.toLowerCase()) this.store.delete(COLLECTION, item.key);
    }
  }

  has(appId: string): boolean {
    return this.store.findByIndex(COLLECTION, "appId", appId.toLowerCase()).length > 0;
  }

  verify(appId: string, secretText: string, now: Date = new Date()): SecretCheck {
    const secrets = this.store.findByIndex<StoredSecret>(COLLECTION, "appId", appId.toLowerCase()).map((i) => i.value);
    if (secrets.length === 0) return { result: "noSecrets" };
    const given = digest(secretText);
    const match = secrets.find((s) => timingSafeEqual(Buffer.from(s.hash, "hex"), given));
    if (match === undefined) return { result: "invalid" };
    if (match.endDateTime !== null && Date.parse(match.endDateTime) <= now.getTime()) return { result: "expired", keyId: match.keyId };
    return { result: "valid" };
  }
}
