/**
 * Steps 2 and 4: the api-version must be present (checked before anything else, as ARM
 * does), and once the route is known, one the answering type accepts.
 */
import { armErrors } from "@azmi/arm-core";
import type { ArmExchange } from "../exchange.js";

export function requireApiVersion(exchange: ArmExchange): void {
  const apiVersion = exchange.request.query.get("api-version");
  if (apiVersion === null || apiVersion === "") throw armErrors.missingApiVersion();
  exchange.apiVersion = apiVersion;
}

export function checkApiVersion(exchange: ArmExchange): void {
  const route = exchange.route!;
  exchange.apiVersion = exchange.services.apiVersions.check(route.versionType, exchange.apiVersion);
}
