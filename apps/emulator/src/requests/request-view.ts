/**
 * What a logged request means to a reader: which client sent it (from the User-Agent), who
 * called (the bearer token's oid and appid, read without verifying: the log shows what was
 * sent), and for a refusal the decision azmi wrote (x-azmi-authorization) and the action and
 * scope ARM's AuthorizationFailed named, which the access page can explain.
 */
import { decodeJwt } from "jose";
import { bearerToken } from "../tokens/bearer-verification.js";
import { clientOf } from "./client-of.js";
import { maskTokens } from "./masking.js";
import type { LoggedRequest } from "./logged-request.js";

export interface RequestCaller {
  readonly objectId: string;
  readonly clientId: string | undefined;
}

export interface Refusal {
  readonly code: string;
  readonly message: string;
  /** azmi's explanation of the decision, when it wrote one. */
  readonly decision: string | undefined;
  /** The action and scope the refusal named (ARM's AuthorizationFailed): what the access page is asked. */
  readonly action: string | undefined;
  readonly scope: string | undefined;
}

export interface RequestView {
  readonly seq: number;
  readonly at: Date;
  readonly client: string;
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly status: number;
  readonly durationMs: number;
  readonly caller: RequestCaller | undefined;
  readonly refusal: Refusal | undefined;
}

const AUTHORIZATION_FAILED = /perform action '([^']+)' over scope '([^']+)'/;

export function viewOf(seq: number, entry: LoggedRequest): RequestView {
  const q = entry.url.indexOf("?");
  return {
    seq,
    at: new Date(entry.at),
    client: clientOf(header(entry.requestHeaders["user-agent"])),
    method: entry.method,
    path: maskTokens(q === -1 ? entry.url : entry.url.slice(0, q)),
    query: q === -1 ? "" : entry.url.slice(q + 1),
    status: entry.status,
    durationMs: entry.durationMs,
    caller: callerOf(header(entry.requestHeaders.authorization)),
    refusal: entry.status === 401 || entry.status === 403 ? refusalOf(entry) : undefined,
  };
}

function header(value: string | readonly string[] | number | undefined): string | undefined {
  return value === undefined ? undefined : Array.isArray(value) ? value.join(", ") : String(value);
}

function callerOf(authorization: string | undefined): RequestCaller | undefined {
  const token = bearerToken(authorization);
  if (token === undefined) return undefined;
  try {
    const claims = decodeJwt(token);
    const text = (name: string) => (typeof claims[name] === "string" ? (claims[name] as string) : undefined);
    const objectId = text("oid") ?? text("sub");
    return objectId === undefined ? undefined : { objectId, clientId: text("appid") ?? text("azp") };
  } catch {
    return undefined;
  }
}

function refusalOf(entry: LoggedRequest): Refusal {
  let code = String(entry.status);
  let message = "";
  try {
    const error = (JSON.parse(entry.responseBody()?.toString("utf8") ?? "") as { error?: { code?: unknown; message?: unknown } }).error;
    if (typeof error?.code === "string") code = error.code;
    if (typeof error?.message === "string") message = error.message;
  } catch {
    // Not a JSON error body: the status says enough.
  }
  const named = code === "AuthorizationFailed" ? AUTHORIZATION_FAILED.exec(message) : null;
  return {
    code,
    message,
    decision: header(entry.responseHeaders["x-azmi-authorization"] as string | undefined),
    action: named?.[1],
    scope: named?.[2],
  };
}
