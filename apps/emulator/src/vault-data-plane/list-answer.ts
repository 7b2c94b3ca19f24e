/** Key Vault's list envelope: {"value":[...],"nextLink": url or null}. */
import type { ListAnswer } from "@azmi/keyvault";
import type { VaultAnswer, VaultHandlerContext } from "./exchange.js";

export function listAnswer(ctx: VaultHandlerContext, path: string, answer: ListAnswer): VaultAnswer {
  const next =
    answer.next === undefined
      ? null
      : `${ctx.base}${path}?api-version=${encodeURIComponent(ctx.apiVersion)}&$skiptoken=${answer.next.skiptoken}&maxresults=${answer.next.maxresults}`;
  return { status: 200, body: { value: answer.value, nextLink: next } };
}

export function pageRequest(ctx: VaultHandlerContext): { maxresults: string | undefined; skiptoken: string | undefined } {
  return { maxresults: ctx.query.get("maxresults") ?? undefined, skiptoken: ctx.query.get("$skiptoken") ?? undefined };
}
