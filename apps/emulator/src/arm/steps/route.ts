/** Step 3: parse the path and find the handler that answers it (see dispatch.ts, contract.ts). */
import { armErrors, parseArmPath } from "@azmi/arm-core";
import type { HttpMethod } from "../contract.js";
import { resolveRoute } from "../dispatch.js";
import type { ArmExchange } from "../exchange.js";

const METHODS: ReadonlySet<string> = new Set<HttpMethod>(["GET", "PUT", "PATCH", "DELETE", "POST", "HEAD"]);

export function findRoute(exchange: ArmExchange): void {
  const { method, path } = exchange.request;
  if (!METHODS.has(method)) throw armErrors.methodNotAllowed(method, path);
  const parsed = parseArmPath(path);
  exchange.parsedPath = parsed;
  exchange.route = resolveRoute(parsed, method as HttpMethod, path, exchange.handlers, exchange.apiVersion ?? "");
}
