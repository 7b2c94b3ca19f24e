/** POST /providers/Microsoft.Resources/calculateTemplateHash: the template minified and its hash. */
import { armErrors } from "@azmi/arm-core";
import { hashTemplate, isObject } from "@azmi/templates";
import type { ResourceTypeHandler } from "../../arm/contract.js";
import { DEPLOYMENT_API_VERSIONS } from "./api-versions.js";
import { parseDeploymentBody } from "./request-body.js";

export const templateHashHandler: ResourceTypeHandler = {
  resourceType: "Microsoft.Resources/calculateTemplateHash",
  apiVersions: DEPLOYMENT_API_VERSIONS,
  parseBody: parseDeploymentBody,
  post(ctx) {
    if (!isObject(ctx.body)) throw armErrors.invalidRequestContent("the body must be a template object");
    return { status: 200, body: { minifiedTemplate: JSON.stringify(ctx.body), templateHash: hashTemplate(ctx.body) } };
  },
};
