/**
 * ARM's request throttling as Azure does it since 2024: a token bucket per security principal,
 * per subscription (or per tenant for requests naming no subscription), per kind of request.
 * Each request takes one token; tokens come back at the refill rate up to the bucket's size; a
 * request that finds the bucket empty is refused, takes nothing, and is told when the next
 * token will be there.
 *
 * Azure's numbers, from "Understand how Azure Resource Manager throttles requests", section
 * "Regional throttling and token bucket algorithm"
 * (https://learn.microsoft.com/azure/azure-resource-manager/management/request-limits-and-throttling):
 * subscription and tenant alike, reads: bucket 250, refill 25/s; writes: bucket 200, refill
 * 10/s; deletes: bucket 200, refill 10/s; "applied per subscription, per service principal, and
 * per operation type". Azure's global per-subscription limit (15 times the per-principal one,
 * shared by every principal) is not simulated: a test that reaches it reaches the per-principal
 * one first.
 *
 * Pure: the clock is injected, nothing here knows HTTP.
 */
import { z } from "zod";

export const requestKindSchema = z.enum(["reads", "writes", "deletes"]);
/** How ARM counts a request: GET and HEAD read, DELETE deletes, PUT, PATCH and POST write. */
export type RequestKind = z.infer<typeof requestKindSchema>;

export const bucketLimitSchema = z.object({
  /** Tokens a full bucket holds: the burst a principal may send at once. */
  size: z.number().int().positive(),
  /** Tokens given back per second. */
  refillPerSecond: z.number().positive().finite(),
});
export type BucketLimit = z.infer<typeof bucketLimitSchema>;

export const throttleLimitsSchema = z.object({ reads: bucketLimitSchema, writes: bucketLimitSchema, deletes: bucketLimitSchema });
export type ThrottleLimits = z.infer<typeof throttleLimitsSchema>;

/** Azure's published limits (see the top of this file). */
export const AZURE_THROTTLE_LIMITS: ThrottleLimits = {
  reads: { size: 250, refillPerSecond: 25 },
  writes: { size: 200, refillPerSecond: 10 },
  deletes: { size: 200, refillPerSecond: 10 },
};

export function requestKindOf(method: string): RequestKind {
  const upper = method.toUpperCase();
  if (upper === "GET" || upper === "HEAD") return "reads";
  if (upper === "DELETE") return "deletes";
  return "writes";
}

/** Whose bucket a request draws from. */
export interface ThrottleKey {
  /** "subscription" for requests under /subscriptions/{id}, "tenant" for the others. */
  readonly level: "subscription" | "tenant";
  /** The subscription or tenant id (compared case-insensitively). */
  readonly scopeId: string;
  /** The caller's object id (the token's oid). */
  readonly principalId: string;
  readonly kind: RequestKind;
}

export type ThrottleDecision =
  /** `remaining`: the whole requests this principal may still send right now (what x-ms-ratelimit-remaining-* says). */
  | { readonly allowed: true; readonly remaining: number }
  /** `retryAfterSeconds`: when the next token is in the bucket (what Retry-After says), at least 1. */
  | { readonly allowed: false; readonly remaining: 0; readonly retryAfterSeconds: number };

interface Bucket {
  /** Fractional: refill is continuous, a request needs one whole token. */
  tokens: number;
  /** When `tokens` was last brought up to date (ms). */
  at: number;
}

/** Buckets are forgotten once this many exist and they are full again (a full bucket is the same as none). */
const PRUNE_ABOVE = 10_000;

export class RequestThrottle {
  readonly limits: ThrottleLimits;
  private readonly now: () => number;
  private readonly buckets = new Map<string, Bucket>();

  constructor(limits: ThrottleLimits, now: () => number = Date.now) {
    this.limits = throttleLimitsSchema.parse(limits);
    this.now = now;
  }

  /** Takes one token from the key's bucket, or says how long until there is one. */
  take(key: ThrottleKey): ThrottleDecision {
    const limit = this.limits[key.kind];
    const now = this.now();
    const id = `${key.level}\n${key.scopeId.toLowerCase()}\n${key.principalId.toLowerCase()}\n${key.kind}`;
    let bucket = this.buckets.get(id);
    if (bucket === undefined) {
      if (this.buckets.size >= PRUNE_ABOVE) this.forgetFull(now);
      bucket = { tokens: limit.size, at: now };
      this.buckets.set(id, bucket);
    }
    refill(bucket, limit, now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, remaining: Math.floor(bucket.tokens) };
    }
    // A refused request takes nothing: Azure answers it without counting it.
    return { allowed: false, remaining: 0, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / limit.refillPerSecond)) };
  }

  /** Every bucket full again (POST /_azmi/reset). */
  clear(): void {
    this.buckets.clear();
  }

  private forgetFull(now: number): void {
    for (const [id, bucket] of this.buckets) {
      const kind = id.slice(id.lastIndexOf("\n") + 1) as RequestKind;
      refill(bucket, this.limits[kind], now);
      if (bucket.tokens >= this.limits[kind].size) this.buckets.delete(id);
    }
  }
}

function refill(bucket: Bucket, limit: BucketLimit, now: number): void {
  // A clock that steps back (tests, NTP) gives nothing back and takes nothing away.
  const elapsed = Math.max(0, now - bucket.at);
  bucket.tokens = Math.min(limit.size, bucket.tokens + (elapsed / 1000) * limit.refillPerSecond);
  bucket.at = Math.max(bucket.at, now);
}
