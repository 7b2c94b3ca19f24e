/**
 * POST /subscriptions/{s}/providers/Microsoft.Web/checknameavailability. The CLI asks with
 * type "Site", azurerm with "Microsoft.Web/sites" (and, for an ASE, an FQDN). A taken name is
 * taken in every subscription: web app names are host names.
 */
import { WEB_API_VERSIONS, checkNameBodySchema, invalidSiteNameMessage, isValidSiteName, findSiteByName } from "@azmi/app-service";
import { parseRequestContent } from "@azmi/arm-core";
import type { ResourceTypeHandler } from "../../arm/contract.js";

const SITE_TYPES = new Set(["site", "slot", "microsoft.web/sites", "microsoft.web/sites/slots"]);

export const checkNameAvailabilityHandler: ResourceTypeHandler = {
  resourceType: "Microsoft.Web/checknameavailability",
  apiVersions: WEB_API_VERSIONS,

  post(ctx) {
    const body = parseRequestContent(checkNameBodySchema, ctx.body ?? {});
    // Other kinds of names (publishing users, environments) are not modelled: always free.
    if (!SITE_TYPES.has(body.type.toLowerCase())) return answer(true);
    const name = body.isFqdn === true ? body.name.split(".")[0]! : body.name;
    if (!isValidSiteName(name)) return answer(false, "Invalid", invalidSiteNameMessage(name));
    if (findSiteByName(ctx.services, name) !== undefined) {
      return answer(false, "AlreadyExists", `Hostname '${name}' already exists. Please select a different name.`);
    }
    return answer(true);
  },
};

function answer(nameAvailable: boolean, reason = "", message = "") {
  return { status: 200, body: { nameAvailable, reason, message } };
}
