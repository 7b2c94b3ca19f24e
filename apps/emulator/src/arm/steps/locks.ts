/**
 * Step 8: management locks. Reads pass; writes, deletes and POST actions are put to the lock
 * rule (services.locks, @azmi/arm-core), which throws ScopeLocked.
 */
import type { ArmExchange } from "../exchange.js";

export function checkLocks(exchange: ArmExchange): void {
  const method = exchange.request.method;
  if (method === "GET" || method === "HEAD") return;
  const route = exchange.route!;
  exchange.services.locks.check({ method, target: route.target, resourceType: route.resourceType, action: route.action });
}
