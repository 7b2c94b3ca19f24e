/**
 * The failures Microsoft.Web answers with, in Azure's words. The codes are ARM's generic ones
 * (NotFound, Conflict, BadRequest), so they come from armErrors; only the messages are Web's.
 */
import { armErrors } from "@azmi/arm-core";
import { invalidSiteNameMessage } from "./site-names.js";

export const webErrors = {
  serverFarmNotFound: (planName: string) => armErrors.notFound(`Cannot find ServerFarm with name ${planName}.`),
  siteNameTaken: (siteName: string) => armErrors.conflict(`Website with given name ${siteName} already exists.`),
  invalidSiteName: (name: string) => armErrors.badRequest(invalidSiteNameMessage(name)),
  serverFarmInUse: (planName: string, siteNames: readonly string[]) =>
    armErrors.conflict(`Server farm '${planName}' cannot be deleted because it has web app(s) ${siteNames.join(",")} assigned to it.`),
  skuRequired: () => armErrors.badRequest("The parameter 'sku' is required for an App Service plan."),
  unknownSku: (sku: string) =>
    armErrors.badRequest(
      `The pricing tier '${sku}' is not allowed in this resource group. Use this link to learn more: https://go.microsoft.com/fwlink/?LinkId=825764`,
    ),
  serverFarmIdRequired: () => armErrors.badRequest("The parameter 'properties.serverFarmId' is required to create a site."),
  invalidServerFarmId: (value: string) => armErrors.badRequest(`The parameter 'properties.serverFarmId' has an invalid value '${value}'.`),
  backupNotConfigured: (siteName: string) => armErrors.notFound(`Backup configuration not found for site '${siteName}' with slot 'Production'`),
  unknownPublishingPolicy: (name: string) => armErrors.notFound(`Cannot find basic publishing credentials policy '${name}'. Use 'ftp' or 'scm'.`),
};
