/**
 * What the listener calls. Three kinds of request skip Koa, because clients send them more than
 * any other and a Koa context costs as much as answering them: Resource Manager requests go
 * straight to the ARM pipeline, Key Vault data-plane requests to their runner, token requests to
 * the token endpoint. Everything else goes through the Koa app (app.ts), which is loaded on the
 * first request that needs it: Koa and the areas behind it (Graph, login, metadata, managed
 * identity, admin, console) cost a third of azmi's start-up, and a client that only talks to
 * Resource Manager never needs them.
 */
import type { RequestListener } from "node:http";
import type { AppOptions } from "./app.js";
import { failedWhileWriting, JSON_TYPE } from "./http/answer.js";
import { admission } from "./listener/admission.js";
import { tokenRequestListener, tokenRouteOf } from "./login/token-route.js";
import { areaOf, normalizedPath } from "./routing.js";
import type { Services } from "./services.js";
import { vaultRequestListener } from "./vault-data-plane/runner.js";

export function createRequestListener(services: Services, options: AppOptions): RequestListener {
  let koa: Promise<RequestListener> | undefined;
  const viaKoa: RequestListener = (req, res) => {
    koa ??= import("./app.js").then(({ createApp }) => createApp(services, options).callback());
    koa.then((listener) => listener(req, res)).catch(() => failedWhileWriting(res));
  };
  const token = tokenRequestListener(services);
  const vaultData = vaultRequestListener(services);
  const requestLog = services.requestLog;
  const admit = admission([services.config.host, ...(services.config.allowedHosts ?? [])]);
  return (req, res) => {
    const url = req.url ?? "/";
    const query = url.indexOf("?");
    const path = normalizedPath(query === -1 ? url : url.slice(0, query));
    if (requestLog.logs(path)) requestLog.observe(req, res);
    const refusal = admit({ method: req.method ?? "GET", path, headers: req.headers });
    if (refusal !== undefined) {
      res.writeHead(refusal.status, { "content-type": JSON_TYPE }).end(JSON.stringify({ error: { code: refusal.code, message: refusal.message } }));
      return;
    }
    const area = path.startsWith("/") ? areaOf(req.headers.host, path) : "unknown";
    if (area === "arm") {
      services.arm.serve(req, res, path, query === -1 ? "" : url.slice(query + 1)).catch(() => failedWhileWriting(res));
      return;
    }
    if (area === "keyvault") {
      vaultData(req, res, path, query === -1 ? "" : url.slice(query + 1)).catch(() => failedWhileWriting(res));
      return;
    }
    const tokenRoute = area === "login" && req.method === "POST" ? tokenRouteOf(path) : undefined;
    if (tokenRoute !== undefined) {
      token(req, res, tokenRoute).catch(() => failedWhileWriting(res));
      return;
    }
    viaKoa(req, res);
  };
}
