/**
 * Directory replication delay (`azmi start --replication-delay`). On Azure a principal just
 * created is not yet on every directory replica: ARM's role-assignment check does not find it
 * (PrincipalNotFound unless the request states principalType) and Graph reads miss it. azmi
 * records when each new service principal was made and calls it unreplicated until the delay
 * has passed. The instants live in the store, so every replica of one azmi agrees and a
 * restart does not cut the wait short; with the delay off nothing is recorded.
 */
import type { Store } from "@azmi/arm-core";
import { z } from "zod";

const LEDGER = "directory.replication";

const ledgerEntrySchema = z.object({ createdAt: z.number() });
type LedgerEntry = z.infer<typeof ledgerEntrySchema>;

export interface DirectoryReplicationOptions {
  /** How long a new object stays unreplicated; 0 (the default) switches the delay off. */
  readonly delayMs: number;
  /** Milliseconds since the epoch; tests move it. */
  readonly now?: () => number;
}

/** Has an object created at `createdAt` reached every replica at `now`? */
export function isReplicatedAt(createdAt: number, now: number, delayMs: number): boolean {
  return now - createdAt >= delayMs;
}

/**
 * Graph serves a read that asks for `ConsistencyLevel: eventual` from the state as it is, so a
 * test can opt out of the delay per request; every other read sees only replicated objects.
 */
export function asksForEventualConsistency(consistencyLevel: string | undefined): boolean {
  return consistencyLevel?.trim().toLowerCase() === "eventual";
}

export class DirectoryReplication {
  private readonly delayMs: number;
  private readonly now: () => number;

  constructor(
    private readonly store: Store,
    options: DirectoryReplicationOptions = { delayMs: 0 },
  ) {
    this.delayMs = options.delayMs;
    this.now = options.now ?? Date.now;
  }

  get enabled(): boolean {
    return this.delayMs > 0;
  }

  /** A new object: unreplicated from now until the delay has passed. Call it in the creating transaction. */
  noteCreated(id: string): void {
    if (!this.enabled) return;
    const entry: LedgerEntry = { createdAt: this.now() };
    this.store.put(LEDGER, id.toLowerCase(), entry);
  }

  /** Objects azmi never noted (provisioned at start, made while the delay was off) are replicated. */
  isReplicated(id: string): boolean {
    if (!this.enabled) return true;
    // Read through the schema: another replica (or an older azmi) wrote it; what does not parse was never noted.
    const entry = ledgerEntrySchema.safeParse(this.store.get(LEDGER, id.toLowerCase()));
    return !entry.success || isReplicatedAt(entry.data.createdAt, this.now(), this.delayMs);
  }

  /** What a Graph read may see: replicated objects, or anything when it asks for eventual consistency. */
  isVisibleToRead(id: string, consistencyLevel: string | undefined): boolean {
    return asksForEventualConsistency(consistencyLevel) || this.isReplicated(id);
  }

  forget(id: string): void {
    if (this.enabled) this.store.delete(LEDGER, id.toLowerCase());
  }
}
