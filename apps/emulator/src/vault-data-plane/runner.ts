/**
 * The Key Vault data plane's runner: every request to {vault}.vault.azure.net (or
 * {vault}.vault.localhost) runs these steps in order; a step that throws ends the request and
 * the error is rendered once, in Key Vault's envelope. The challenge comes before the route and
 * the body, as on Azure: the SDKs' first request carries neither token nor body.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { dataVaultOf, checkDataApiVersion, isKeyVaultDataError, kvErrors } from "@azmi/keyvault";
import { tooDeepAt } from "@azmi/arm-core";
import { JSON_TYPE, writeRawAnswer, type Rendered } from "../http/answer.js";
import { BodyReadError, readBody } from "../http/body.js";
import { originOf } from "../http/origin.js";
import { headerText } from "../http/request-ids.js";
import { renderError } from "../arm/render.js";
import type { Services } from "../services.js";
import { authorizeVaultOperation } from "./authorize.js";
import { identifyVaultCaller } from "./caller.js";
import type { VaultExchange } from "./exchange.js";
import { matchVaultRoute } from "./routes.js";
import { vaultNameOfHost } from "./vault-hosts.js";

type VaultStep = (exchange: VaultExchange) => void | Promise<void>;

const BODY_LIMIT_BYTES = 1024 * 1024;
const SERVICE_VERSION = "1.9.2876.1";

export const vaultSteps: ReadonlyArray<{ readonly name: string; readonly run: VaultStep }> = [
  { name: "the vault named by the host", run: findVault },
  { name: "caller from the bearer token (the challenge without one)", run: identifyVaultCaller },
  { name: "api-version", run: (x) => void (x.apiVersion = checkDataApiVersion(x.query.get("api-version") ?? undefined)) },
  { name: "route to an operation", run: (x) => void (x.route = matchVaultRoute(x.method, x.path)) },
  { name: "JSON body", run: readJson },
  { name: "authorization (RBAC data actions or access policies)", run: authorizeVaultOperation },
  { name: "the operation", run: handle },
];

function findVault(exchange: VaultExchange): void {
  const found = exchange.services.keyVaults.findByName(exchange.vaultName);
  if (found === undefined) throw kvErrors.vaultNotFound(exchange.vaultName);
  exchange.vault = dataVaultOf(found.vault.id, found.vault);
  exchange.responseHeaders["x-ms-keyvault-region"] = found.vault.location;
}

/** Synchronous for the methods that send no body, so a GET spends no microtask on it. */
function readJson(exchange: VaultExchange): Promise<void> | undefined {
  if (exchange.method === "GET" || exchange.method === "DELETE" || exchange.method === "HEAD") return undefined;
  return readJsonBody(exchange);
}

async function readJsonBody(exchange: VaultExchange): Promise<void> {
  const raw = await readBody(exchange.req, BODY_LIMIT_BYTES);
  if (raw.length === 0) return;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString("utf8"));
  } catch {
    throw kvErrors.badParameter("The request body is not valid JSON.");
  }
  const tooDeep = tooDeepAt(parsed);
  if (tooDeep !== undefined) throw kvErrors.badParameter(`The request body is nested too deeply (at ${tooDeep}).`);
  exchange.body = parsed;
}

function handle(exchange: VaultExchange): void {
  const { route, params } = exchange.route!;
  const ctx = {
    services: exchange.services,
    vault: exchange.vault!,
    params,
    body: exchange.body,
    query: exchange.query,
    base: exchange.base,
    apiVersion: exchange.apiVersion!,
    now: new Date(),
  };
  exchange.result = route.handler.writes ? exchange.services.store.transaction(() => route.handler.handle(ctx)) : route.handler.handle(ctx);
}

export async function runVaultRequest(exchange: VaultExchange): Promise<Rendered> {
  let rendered: Rendered;
  try {
    for (const step of vaultSteps) {
      const pending = step.run(exchange);
      if (pending !== undefined) await pending;
    }
    const result = exchange.result!;
    rendered =
      result.body === undefined
        ? { status: result.status, headers: {}, body: undefined }
        : { status: result.status, headers: { "content-type": JSON_TYPE }, body: JSON.stringify(result.body) };
  } catch (error) {
    rendered = renderVaultError(error);
  }
  return { status: rendered.status, headers: Object.assign(exchange.responseHeaders, rendered.headers), body: rendered.body };
}

function renderVaultError(error: unknown): Rendered {
  if (isKeyVaultDataError(error))
    return { status: error.status, headers: { ...error.headers, "content-type": JSON_TYPE }, body: JSON.stringify(error.toBody()) };
  if (error instanceof BodyReadError) {
    const failure = error.tooLarge
      ? kvErrors.badParameter(`The request body exceeds ${error.limitBytes} bytes.`)
      : kvErrors.badParameter("The request body could not be read.");
    return renderVaultError(failure);
  }
  return renderError(error);
}

/** The Koa-free door (app.ts): the data plane answers on the listener's hot path, as ARM does. */
export function vaultRequestListener(services: Services): (req: IncomingMessage, res: ServerResponse, path: string, query: string) => Promise<void> {
  return async (req, res, path, query) => {
    const responseHeaders: Record<string, string> = { "x-ms-request-id": randomUUID(), "x-ms-keyvault-service-version": SERVICE_VERSION };
    const clientRequestId = headerText(req.headers, "x-ms-client-request-id");
    if (clientRequestId !== undefined) responseHeaders["x-ms-client-request-id"] = clientRequestId;
    const exchange: VaultExchange = {
      services,
      req,
      method: (req.method ?? "GET").toUpperCase(),
      path,
      query: new URLSearchParams(query),
      base: originOf(req).replace(/:443$/, ""),
      vaultName: vaultNameOfHost(req.headers.host) ?? "",
      responseHeaders,
    };
    writeRawAnswer(req, res, await runVaultRequest(exchange));
  };
}
