/** `POST /providers/Microsoft.Resources/checkResourceName` (az and the SDKs' checkResourceName): Allowed or Reserved. */
import { checkResourceNameBody, parseRequestContent, resourceNameStatus } from "@azmi/arm-core";
import type { ResourceTypeHandler } from "../../arm/contract.js";
import { RESOURCE_MANAGER_API_VERSIONS } from "./api-versions.js";

export const checkResourceNameHandler: ResourceTypeHandler = {
  resourceType: "Microsoft.Resources/checkResourceName",
  apiVersions: RESOURCE_MANAGER_API_VERSIONS,

  post(ctx) {
    const body = parseRequestContent(checkResourceNameBody, ctx.body ?? {});
    return { status: 200, body: { name: body.name, type: body.type, status: resourceNameStatus(body.name) } };
  },
};
