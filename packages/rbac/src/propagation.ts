/**
 * RBAC propagation delay (`azmi start --rbac-propagation-delay`). Azure documents that a role
 * assignment added or removed can take up to 10 minutes to take effect, because Resource
 * Manager caches what a principal holds. With a delay, a new assignment counts in decisions only
 * once the delay has passed, and a removed one keeps counting (from its tombstone) until the
 * delay after its removal has. Listing assignments is not affected: ARM lists its store at once.
 * The ledger lives in the store so every replica agrees; with the delay off nothing is recorded.
 */
import type { Store } from "@azmi/arm-core";
import { z } from "zod";
import { assignmentKey, type StoredAssignment } from "./assignment-index.js";

const PENDING = "rbac.propagation";
const TOMBSTONES = "rbac.propagation.tombstones";

const pendingSchema = z.object({ effectiveFrom: z.number() });
type Pending = z.infer<typeof pendingSchema>;

const tombstoneSchema = z.object({
  /** When it took, or would have taken, effect (0 for one that was in effect before azmi noted anything). */
  effectiveFrom: z.number(),
  /** When its removal takes effect. */
  effectiveUntil: z.number(),
  assignment: z.custom<StoredAssignment>((v) => typeof v === "object" && v !== null),
});
type Tombstone = z.infer<typeof tombstoneSchema>;

export interface PropagationOptions {
  /** How long an added or removed assignment takes to change decisions; 0 (the default) is at once. */
  readonly delayMs: number;
  /** Milliseconds since the epoch; tests move it. */
  readonly now?: () => number;
}

/** Does an assignment effective over [from, until) count at `now`? */
export function isInEffectAt(now: number, effectiveFrom: number, effectiveUntil = Number.POSITIVE_INFINITY): boolean {
  return effectiveFrom <= now && now < effectiveUntil;
}

export class AssignmentPropagation {
  private readonly delayMs: number;
  private readonly now: () => number;

  constructor(
    private readonly store: Store,
    options: PropagationOptions = { delayMs: 0 },
  ) {
    this.delayMs = options.delayMs;
    this.now = options.now ?? Date.now;
  }

  get enabled(): boolean {
    return this.delayMs > 0;
  }

  /** A new assignment: it counts once the delay has passed. Call it in the creating transaction. */
  noteCreated(a: StoredAssignment): void {
    if (!this.enabled) return;
    const pending: Pending = { effectiveFrom: this.now() + this.delayMs };
    this.store.put(PENDING, assignmentKey(a.scopeKey, a.name), pending);
  }

  /** A removed assignment keeps counting until the delay has passed. Call it in the deleting transaction. */
  noteRemoved(a: StoredAssignment): void {
    if (!this.enabled) return;
    const key = assignmentKey(a.scopeKey, a.name);
    const now = this.now();
    const tombstone: Tombstone = { effectiveFrom: this.effectiveFrom(a), effectiveUntil: now + this.delayMs, assignment: a };
    this.store.delete(PENDING, key);
    const principal = a.principalId.toLowerCase();
    // The same name may be granted and removed again within the delay: one tombstone per removal.
    this.store.put(TOMBSTONES, `${key}|${now}`, tombstone, { principal });
    // Tombstones past their delay are pruned here, on a write, so that decisions only read.
    for (const old of this.store.findByIndex<Tombstone>(TOMBSTONES, "principal", principal)) {
      if (old.value.effectiveUntil <= now) this.store.delete(TOMBSTONES, old.key);
    }
  }

  /** Of a principal's stored assignments, those in effect now, plus the removed ones still in effect. */
  inEffect(principalId: string, stored: readonly StoredAssignment[]): StoredAssignment[] {
    if (!this.enabled) return [...stored];
    const now = this.now();
    const current = stored.filter((a) => isInEffectAt(now, this.effectiveFrom(a)));
    const removed: StoredAssignment[] = [];
    for (const { value } of this.store.findByIndex(TOMBSTONES, "principal", principalId.toLowerCase())) {
      const tombstone = tombstoneSchema.safeParse(value);
      if (tombstone.success && isInEffectAt(now, tombstone.data.effectiveFrom, tombstone.data.effectiveUntil)) removed.push(tombstone.data.assignment);
    }
    return [...current, ...removed];
  }

  /** Of a principal's stored assignments, those that do not count yet, with the instant they will. */
  pending(stored: readonly StoredAssignment[]): { readonly assignment: StoredAssignment; readonly effectiveFrom: number }[] {
    if (!this.enabled) return [];
    const now = this.now();
    return stored.map((assignment) => ({ assignment, effectiveFrom: this.effectiveFrom(assignment) })).filter((p) => p.effectiveFrom > now);
  }

  /** Assignments azmi never noted (provisioned at start, made while the delay was off) are in effect. */
  private effectiveFrom(a: StoredAssignment): number {
    // Read through the schema: another replica (or an older azmi) wrote it; what does not parse was never noted.
    const pending = pendingSchema.safeParse(this.store.get(PENDING, assignmentKey(a.scopeKey, a.name)));
    return pending.success ? pending.data.effectiveFrom : 0;
  }
}
