/**
 * Step 5: the JSON body. At most 4 MB (413 beyond), malformed JSON or JSON nested deeper than
 * 64 levels is 400 InvalidRequestContent, an empty body is undefined. An in-process request (a
 * template deployment's) brings its body parsed, and nothing is read.
 */
import { armErrors, checkJsonDepth } from "@azmi/arm-core";
import type { ArmExchange } from "../exchange.js";

export const MAX_BODY_BYTES = 4 * 1024 * 1024;

export async function readJsonBody(exchange: ArmExchange): Promise<void> {
  const { method, headers } = exchange.request;
  if (method === "GET" || method === "HEAD") return;
  if (exchange.request.parsedBody !== undefined) {
    exchange.body = exchange.request.parsedBody;
    return;
  }
  const declared = Number(headers["content-length"] ?? "0");
  if (declared > MAX_BODY_BYTES) throw armErrors.requestTooLarge(MAX_BODY_BYTES);
  const raw = await exchange.request.readBody(MAX_BODY_BYTES);
  const text = raw.toString("utf8").replace(/^\uFEFF/, "");
  if (text.trim() === "") return;
  const parse = exchange.route?.handler.parseBody?.bind(exchange.route.handler);
  if (parse !== undefined) {
    exchange.body = parse(text);
    checkJsonDepth(exchange.body);
    return;
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw armErrors.invalidRequestContent(error instanceof Error ? error.message : "malformed JSON");
  }
  checkJsonDepth(body);
  exchange.body = body;
}
