/** Step 9: hand the handler a plain ArmContext and keep its answer. */
import type { ArmContext, HttpMethod } from "../contract.js";
import type { ArmExchange } from "../exchange.js";

export async function callHandler(exchange: ArmExchange): Promise<void> {
  const { request, services } = exchange;
  const ctx: ArmContext = {
    method: request.method as HttpMethod,
    path: exchange.parsedPath!,
    rawPath: request.path,
    apiVersion: exchange.apiVersion!,
    query: request.query,
    body: exchange.body,
    baseUrl: request.baseUrl,
    caller: exchange.caller!,
    requestId: exchange.requestId,
    services,
  };
  exchange.result = await exchange.route!.invoke(ctx);
}
