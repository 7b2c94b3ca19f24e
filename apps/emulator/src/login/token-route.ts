/**
 * The token endpoints on the HTTP side: which paths they are, how a request becomes the form
 * answerTokenRequest reads, and the answer's headers. app.ts hands a POST to a token path
 * straight here, Koa-free, as it does Resource Manager requests: clients ask for tokens more
 * than for anything else on the login host, and each token is already one RSA signature.
 * The Koa login router (createApp) answers through the same function.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Services } from "../services.js";
import { renderError } from "../arm/render.js";
import { JSON_TYPE, writeRawAnswer, type Rendered } from "../http/answer.js";
import { readBodyText } from "../http/body.js";
import { originOf } from "../http/origin.js";
import { headerText } from "../http/request-ids.js";
import { entraAnswer, entraFailureOf, loginRequestIds } from "./entra-answer.js";
import { answerTokenRequest, decodedOrAsSent, type TokenEndpointVersion } from "./token-endpoint.js";

const FORM_LIMIT_BYTES = 1024 * 1024;

/** `/{tenant}/oauth2/v2.0/token` and the v1 `/{tenant}/oauth2/token` (MSAL in ADFS mode adds a trailing slash). */
const TOKEN_PATH = /^\/([^/]+)\/oauth2\/(?:(v2\.0)\/)?token\/?$/i;

export interface TokenRoute {
  /** The `{tenant}` segment, percent-decoded (a malformed escape stays as sent). */
  readonly tenant: string;
  readonly version: TokenEndpointVersion;
}

export function tokenRouteOf(path: string): TokenRoute | undefined {
  const match = TOKEN_PATH.exec(path);
  if (match === null) return undefined;
  return { tenant: decodedOrAsSent(match[1]!), version: match[2] === undefined ? "v1" : "v2" };
}

export interface TokenHttpRequest {
  readonly route: TokenRoute;
  readonly readForm: () => Promise<string>;
  readonly authorization: string | undefined;
  readonly clientRequestId: string | undefined;
  /** scheme://host[:port] the client posted to. */
  readonly origin: string;
}

/** The answer to one token request: the token, or Entra's error JSON. Anything else is thrown. */
export async function answerTokenHttp(services: Services, request: TokenHttpRequest): Promise<Rendered> {
  const { requestId, correlationId } = loginRequestIds(request.clientRequestId);
  const cacheControl = "no-store, no-cache";
  try {
    const form = new URLSearchParams(await request.readForm());
    const answer = await answerTokenRequest(services, {
      version: request.route.version,
      tenant: request.route.tenant,
      form,
      authorization: request.authorization,
      origin: request.origin,
    });
    return {
      status: 200,
      headers: { "x-ms-request-id": requestId, "client-request-id": correlationId, "cache-control": cacheControl, "content-type": JSON_TYPE },
      body: JSON.stringify(answer),
    };
  } catch (error) {
    const failure = entraFailureOf(error);
    if (failure === undefined) throw error;
    return entraAnswer(failure, correlationId, { "x-ms-request-id": requestId, "client-request-id": correlationId, "cache-control": cacheControl });
  }
}

export function readForm(req: IncomingMessage): Promise<string> {
  return readBodyText(req, FORM_LIMIT_BYTES);
}

/** The Koa-free path (app.ts): read, answer, write; a failure that is not Entra's renders as any other. */
export function tokenRequestListener(services: Services): (req: IncomingMessage, res: ServerResponse, route: TokenRoute) => Promise<void> {
  return async (req, res, route) => {
    let answer: Rendered;
    try {
      answer = await answerTokenHttp(services, {
        route,
        readForm: () => readForm(req),
        authorization: req.headers.authorization || undefined,
        clientRequestId: headerText(req.headers, "client-request-id"),
        origin: originOf(req),
      });
    } catch (error) {
      answer = renderError(error);
    }
    writeRawAnswer(req, res, answer);
  };
}
