/**
 * Backups as Key Vault makes them: an opaque blob that only this Key Vault service can read
 * back. The item's versions are sealed with AES-256-GCM under a key made once per azmi state
 * and kept in the store, so a blob cannot be read or altered, and a blob of another azmi is
 * refused as Key Vault refuses one from another geography.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { Store } from "@azmi/arm-core";
import { z } from "zod";
import { kvErrors, type ItemKind } from "./data-errors.js";

const COLLECTION = "keyVaultSettings";
const KEY_NAME = "backup-key";
/** Leads every blob (clients carry blobs as base64url bytes, so the mark is in the bytes). */
const MAGIC = Buffer.from("azmikv1");

/** The body of a restore request. */
export const backupBlobInput = z.object({ value: z.string({ error: "The backup blob (value) is required." }) });

export class BackupSealer {
  private key: Buffer | undefined;

  constructor(private readonly store: Store) {}

  seal(kind: ItemKind, content: unknown): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.secretKey(), iv);
    cipher.setAAD(Buffer.from(kind));
    const sealed = Buffer.concat([cipher.update(JSON.stringify(content), "utf8"), cipher.final()]);
    return Buffer.concat([MAGIC, iv, cipher.getAuthTag(), sealed]).toString("base64url");
  }

  open<T>(kind: ItemKind, blob: string): T {
    const refused = kvErrors.badParameter(`The backup blob is not a valid ${kind} backup of this Key Vault service.`);
    const bytes = Buffer.from(blob, "base64url");
    if (bytes.length < MAGIC.length + 29 || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) throw refused;
    const raw = bytes.subarray(MAGIC.length);
    try {
      const decipher = createDecipheriv("aes-256-gcm", this.secretKey(), raw.subarray(0, 12));
      decipher.setAAD(Buffer.from(kind));
      decipher.setAuthTag(raw.subarray(12, 28));
      return JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8")) as T;
    } catch {
      throw refused;
    }
  }

  /** Forgets the cached key (after a reset of the store). */
  forget(): void {
    this.key = undefined;
  }

  private secretKey(): Buffer {
    if (this.key !== undefined) return this.key;
    let stored = this.store.get<{ key: string }>(COLLECTION, KEY_NAME);
    if (stored === undefined) {
      this.store.insert(COLLECTION, KEY_NAME, { key: randomBytes(32).toString("base64") });
      stored = this.store.get<{ key: string }>(COLLECTION, KEY_NAME)!;
    }
    this.key = Buffer.from(stored.key, "base64");
    return this.key;
  }
}
