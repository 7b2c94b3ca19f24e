/**
 * Steps 2 and 4: the api-version must be present (checked before anything else, as ARM
 * does), and once the route is known, one the answering type accepts. A refused version of
 * a provider's type names the location ARM routed by (the resource group's) and the
 * locations the type is offered in.
 */
import { AZURE_REGIONS, armErrors, resourceGroupScope, type ApiVersionTarget } from "@azmi/arm-core";
import type { ArmExchange } from "../exchange.js";

// Extension and Resource Manager types have no region: Azure lists no locations for them.
const GLOBAL_NAMESPACES = new Set(["microsoft.authorization", "microsoft.resources", "microsoft.management"]);
const REGION_NAMES = AZURE_REGIONS.map((r) => r.name);

export function requireApiVersion(exchange: ArmExchange): void {
  const apiVersion = exchange.request.query.get("api-version");
  if (apiVersion === null || apiVersion === "") throw armErrors.missingApiVersion();
  exchange.apiVersion = apiVersion;
}

export function checkApiVersion(exchange: ArmExchange): void {
  const route = exchange.route!;
  const { apiVersions } = exchange.services;
  // Only a refusal needs the location: look it up then, not on every request.
  if (apiVersions.supported(route.versionType)?.some((v) => v.toLowerCase() === exchange.apiVersion?.toLowerCase())) return;
  exchange.apiVersion = apiVersions.check(route.versionType, exchange.apiVersion, routingTarget(exchange));
}

function routingTarget(exchange: ArmExchange): ApiVersionTarget {
  const { target, versionType } = exchange.route!;
  const namespace = versionType.split("/")[0]!.toLowerCase();
  const locations = GLOBAL_NAMESPACES.has(namespace) ? [] : REGION_NAMES;
  if (target.subscriptionId === undefined || target.resourceGroup === undefined) return { location: "global", locations };
  const group = exchange.services.resourceGroups.get(resourceGroupScope(target.subscriptionId, target.resourceGroup));
  return { location: group?.location ?? "global", locations };
}
