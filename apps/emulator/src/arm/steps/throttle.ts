/**
 * With `--throttle`, between the caller and authorization: ARM's request throttling. The
 * caller is known, so the request draws one token from its principal's bucket for the
 * subscription it names (or the tenant's, for a request naming none) and its kind (@azmi/arm-core
 * throttling.ts). The answer says what is left in
 * x-ms-ratelimit-remaining-{subscription|tenant}-{reads|writes|deletes}, as Azure's do; an empty
 * bucket is 429 SubscriptionRequestsThrottled (TenantRequestsThrottled) with Retry-After, which
 * az, the SDKs and azurerm wait out before retrying. Without the flag, step 1 sends Azure's
 * untouched counts instead and nothing is counted. A template deployment's own requests (the
 * in-process door) are not counted: on Azure they are the deployment service's, not the caller's.
 */
import { armErrors, requestKindOf, type ThrottleKey } from "@azmi/arm-core";
import type { ArmExchange } from "../exchange.js";

export function throttle(exchange: ArmExchange): void {
  const buckets = exchange.services.throttle;
  if (buckets === undefined) return;
  const caller = exchange.caller!;
  const subscriptionId = exchange.route!.target.subscriptionId;
  const key: ThrottleKey =
    subscriptionId === undefined
      ? { level: "tenant", scopeId: caller.tenantId, principalId: caller.objectId, kind: requestKindOf(exchange.request.method) }
      : { level: "subscription", scopeId: subscriptionId, principalId: caller.objectId, kind: requestKindOf(exchange.request.method) };
  const decision = buckets.take(key);
  exchange.responseHeaders[remainingHeader(key.level, key.kind)] = String(decision.remaining);
  if (decision.allowed) return;
  exchange.responseHeaders["retry-after"] = String(decision.retryAfterSeconds);
  throw key.level === "subscription"
    ? armErrors.subscriptionRequestsThrottled(key.kind, key.scopeId, caller.objectId, decision.retryAfterSeconds)
    : armErrors.tenantRequestsThrottled(key.kind, key.scopeId, caller.objectId, decision.retryAfterSeconds);
}

export function remainingHeader(level: ThrottleKey["level"], kind: ThrottleKey["kind"]): string {
  return `x-ms-ratelimit-remaining-${level}-${kind}`;
}
