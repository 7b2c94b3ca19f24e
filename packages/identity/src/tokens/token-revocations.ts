/**
 * `revokeTokens` on a user-assigned identity ("revoke all tokens issued in the past for a
 * specified user assigned identity", Microsoft.ManagedIdentity 2023-07-31-preview): every token
 * issued to its principal before the call is refused from then on by the services that verify
 * tokens (strict mode); tokens issued after it are good.
 *
 * Tokens say when they were issued only through `iat`, which Entra back-dates by the clock skew
 * (CLOCK_SKEW_SECONDS), in whole seconds. So a revocation takes effect from the next whole second,
 * and a token issued to a revoked principal before that second is issued as of that second: a
 * token issued before the call and one issued after it can never share an issue time.
 */
import type { Store } from "@azmi/arm-core";
import { CLOCK_SKEW_SECONDS } from "./managed-identity-token.js";

const COLLECTION = "tokenRevocations";

/** The only api-version whose specs define `POST .../userAssignedIdentities/{name}/revokeTokens`. */
export const REVOKE_TOKENS_API_VERSIONS: readonly string[] = ["2023-07-31-preview"];

interface Revocation {
  /** Epoch seconds: tokens issued before this are revoked. */
  readonly validFrom: number;
}

export class TokenRevocations {
  constructor(private readonly store: Store) {}

  /** Revokes the principal's tokens issued until now; answers the second from which its tokens are good again. */
  revoke(principalId: string, nowMs: number = Date.now()): number {
    const validFrom = Math.floor(nowMs / 1000) + 1;
    this.store.put<Revocation>(COLLECTION, principalId.toLowerCase(), { validFrom });
    return validFrom;
  }

  /** When a token for this principal issued now counts as issued (epoch seconds): now, or the revocation's second if later. */
  issueTime(principalId: string, now: number): number {
    const validFrom = this.validFrom(principalId);
    return validFrom !== undefined && validFrom > now ? validFrom : now;
  }

  /** The revocation a token's claims fall under (its `validFrom`), or undefined when the token is good. */
  revokedBy(claims: { readonly oid?: unknown; readonly iat?: unknown }): number | undefined {
    if (typeof claims.oid !== "string" || typeof claims.iat !== "number") return undefined;
    const validFrom = this.validFrom(claims.oid);
    return validFrom !== undefined && claims.iat + CLOCK_SKEW_SECONDS < validFrom ? validFrom : undefined;
  }

  private validFrom(principalId: string): number | undefined {
    return this.store.get<Revocation>(COLLECTION, principalId.toLowerCase())?.validFrom;
  }
}
