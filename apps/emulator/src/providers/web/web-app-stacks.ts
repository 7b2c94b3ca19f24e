/**
 * GET /providers/Microsoft.Web/webAppStacks (and the per-location form): the runtime catalogue,
 * optionally for one OS (`stackOsType=Linux|Windows|All`).
 */
import { WEB_APP_STACKS_API_VERSIONS, webAppStacksFor } from "@azmi/app-service";
import type { ArmContext, ArmResult, ResourceTypeHandler } from "../../arm/contract.js";

function listStacks(ctx: ArmContext): ArmResult {
  const asked = (ctx.query.get("stackOsType") ?? "all").toLowerCase();
  const os = asked === "linux" || asked === "windows" ? asked : "all";
  return { status: 200, body: { value: webAppStacksFor(os), nextLink: null } };
}

export const webAppStacksHandler: ResourceTypeHandler = {
  resourceType: "Microsoft.Web/webAppStacks",
  apiVersions: WEB_APP_STACKS_API_VERSIONS,
  list: listStacks,
};

export const locationWebAppStacksHandler: ResourceTypeHandler = {
  resourceType: "Microsoft.Web/locations/webAppStacks",
  apiVersions: WEB_APP_STACKS_API_VERSIONS,
  list: listStacks,
};
