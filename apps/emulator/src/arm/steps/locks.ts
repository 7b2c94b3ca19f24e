/**
 * Step 8: management locks. Reads pass; writes, deletes and POST actions are put to the
 * lock guard the locks provider installs (services.locks), which throws ScopeLocked.
 */
import type { ArmExchange } from "../exchange.js";
import type { HttpMethod } from "../contract.js";

export function checkLocks(exchange: ArmExchange): void {
  const guard = exchange.services.locks;
  const method = exchange.request.method as HttpMethod;
  if (guard === undefined || method === "GET" || method === "HEAD") return;
  const route = exchange.route!;
  guard.check({ method, target: route.target, resourceType: route.resourceType, action: route.action });
}
