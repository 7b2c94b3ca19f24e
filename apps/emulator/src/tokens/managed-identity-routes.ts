/**
 * The managed-identity token endpoints, as Azure's hosts serve them:
 *  - IMDS: GET {base}/metadata/identity/oauth2/token?api-version=2018-02-01&resource=... with
 *    `Metadata: true`, where {base} = /_azmi/imds/{secret} (what AZURE_POD_IDENTITY_AUTHORITY_HOST
 *    points at). The bare /metadata/identity path answers the SDK availability probe;
 *  - App Service: GET /_azmi/msi/token?api-version=2019-08-01&resource=... with
 *    X-IDENTITY-HEADER: {secret}, and the 2017-09-01 variant with header `secret`;
 *  - GET /_azmi/identity-endpoint?resource={id}: the environment for a resource.
 * Errors are the protocols' own {error, error_description}.
 */
import Router from "@koa/router";
import type Koa from "koa";
import { armErrors, isArmError, parseResourceId } from "@azmi/arm-core";
import { randomUUID } from "node:crypto";
import { APP_SERVICE_IDENTITY_NOT_FOUND, isManagedIdentityEndpointError, managedIdentityEndpointErrors, selectorFromQuery } from "@azmi/identity";
import type { Services } from "../services.js";
import { APP_SERVICE_TOKEN_PATH, IMDS_BASE_PATH, IMDS_TOKEN_PATH, identityEnvironment } from "./identity-environment.js";
import { appService2017Answer, appService2019Answer, imdsAnswer } from "./managed-identity-answers.js";

const API_VERSION = /^\d{4}-\d{2}-\d{2}(-preview)?$/;

/**
 * Renders a protocol error; anything else goes on to the app's generic handler. App Service
 * (both its protocols) answers an identity the site does not hold in its own shape,
 * `{"statusCode":400,"message":"Unable to load the proper Managed Identity.","correlationId":...}`
 * with an X-CORRELATION-ID header, which the SDKs show as such.
 */
async function protocolErrors(ctx: Koa.Context, run: () => Promise<void>, host: "imds" | "appService" = "imds"): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (!isManagedIdentityEndpointError(error)) throw error;
    ctx.status = error.status;
    if (host === "appService" && error.identityNotFound) {
      const correlationId = randomUUID();
      ctx.set("x-correlation-id", correlationId);
      ctx.body = { statusCode: error.status, message: APP_SERVICE_IDENTITY_NOT_FOUND, correlationId };
    } else {
      ctx.body = error.toBody();
    }
  }
  ctx.set("cache-control", "no-store");
}

function requireApiVersion(query: URLSearchParams): string {
  const apiVersion = query.get("api-version");
  if (apiVersion === null || apiVersion === "") throw managedIdentityEndpointErrors.apiVersionMissing();
  if (!API_VERSION.test(apiVersion)) throw managedIdentityEndpointErrors.invalidApiVersion(apiVersion);
  return apiVersion;
}

export function addManagedIdentityRoutes(router: Router, services: Services): void {
  const tokens = () => services.tokens.managedIdentity;

  const imds = (secret: string) => async (ctx: Koa.Context) =>
    protocolErrors(ctx, async () => {
      // The SDK probe sends neither Metadata nor a query: any JSON answer means "IMDS is here".
      if (ctx.get("metadata").toLowerCase() !== "true") throw managedIdentityEndpointErrors.metadataHeaderMissing();
      const query = new URLSearchParams(ctx.querystring);
      requireApiVersion(query);
      const answer = await tokens().issue({ secret, selector: selectorFromQuery(query), resource: query.get("resource") ?? "" });
      ctx.body = imdsAnswer(answer);
    });

  router.get(IMDS_TOKEN_PATH, (ctx) => imds("")(ctx));
  router.get(`${IMDS_BASE_PATH}/:secret${IMDS_TOKEN_PATH}`, (ctx) => imds(ctx.params.secret ?? "")(ctx));

  router.get(APP_SERVICE_TOKEN_PATH, (ctx) =>
    protocolErrors(
      ctx,
      async () => {
        const query = new URLSearchParams(ctx.querystring);
        const apiVersion = requireApiVersion(query);
        if (apiVersion === "2017-09-01") {
          const secret = ctx.get("secret");
          if (secret === "" || tokens().resourceForSecret(secret) === undefined) throw managedIdentityEndpointErrors.secretHeaderInvalid();
          const answer = await tokens().issue({ secret, selector: selectorFromQuery(query), resource: query.get("resource") ?? "" });
          ctx.body = appService2017Answer(answer);
          return;
        }
        if (apiVersion !== "2019-08-01") throw managedIdentityEndpointErrors.invalidApiVersion(apiVersion);
        const secret = ctx.get("x-identity-header");
        if (secret === "" || tokens().resourceForSecret(secret) === undefined) throw managedIdentityEndpointErrors.secretHeaderInvalid();
        const answer = await tokens().issue({ secret, selector: selectorFromQuery(query), resource: query.get("resource") ?? "" });
        ctx.body = appService2019Answer(answer);
      },
      "appService",
    ),
  );

  router.get("/_azmi/identity-endpoint", (ctx) => {
    const resource = ctx.query.resource;
    try {
      if (typeof resource !== "string" || resource === "") {
        throw armErrors.missingIdentityResource();
      }
      const id = parseResourceId(resource);
      if (id.kind !== "resource" || services.resources.get(id) === undefined) {
        throw armErrors.resourceNotFound(id.resourceType ?? "resource", id.name ?? resource, id.resourceGroup);
      }
      const secret = services.tokens.secrets.secretFor(parseResourceId(services.resources.get(id)!.id));
      ctx.body = identityEnvironment(ctx.host, secret);
    } catch (error) {
      if (!isArmError(error)) throw error;
      ctx.status = error.status;
      ctx.body = error.toBody();
    }
  });
}
