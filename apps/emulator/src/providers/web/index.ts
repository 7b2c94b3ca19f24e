/**
 * Microsoft.Web: enough App Service for the identity walkthrough (a plan, a web app, its
 * system-assigned identity) and for every call the az CLI, azurerm and @azure/arm-appservice
 * make around them.
 */
import type { ResourceProvider } from "../../arm/contract.js";
import { checkNameAvailabilityHandler } from "./check-name-availability.js";
import { planSitesHandler } from "./plan-sites.js";
import { publishingPoliciesHandler } from "./publishing-policies.js";
import { serverFarmsHandler } from "./serverfarms.js";
import { siteConfigHandler } from "./site-config.js";
import { sitesHandler } from "./sites.js";
import { locationWebAppStacksHandler, webAppStacksHandler } from "./web-app-stacks.js";

export const webProvider: ResourceProvider = {
  namespace: "Microsoft.Web",
  handlers: [
    serverFarmsHandler,
    planSitesHandler,
    sitesHandler,
    siteConfigHandler,
    publishingPoliciesHandler,
    webAppStacksHandler,
    locationWebAppStacksHandler,
    checkNameAvailabilityHandler,
  ],
};
