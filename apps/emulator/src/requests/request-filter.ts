/**
 * The request log's filters, from the page's query string: status (a code such as 403, a class
 * such as 4xx, or "refused" for 401 and 403), caller (part of the caller's object or client id),
 * path (part of the path, any case), and `after` (only requests newer than this sequence number:
 * what a poll asks for).
 */
import { z } from "zod";
import type { RequestView } from "./request-view.js";

const text = z.preprocess((v) => (Array.isArray(v) ? v[0] : v), z.string().trim().optional().catch(undefined));

export const requestFilterSchema = z.object({
  status: text,
  caller: text,
  path: text,
  after: z.preprocess((v) => (Array.isArray(v) ? v[0] : v), z.coerce.number().int().nonnegative().optional().catch(undefined)),
});

export type RequestFilter = z.infer<typeof requestFilterSchema>;

export function matchesFilter(view: RequestView, filter: RequestFilter): boolean {
  if (filter.after !== undefined && view.seq <= filter.after) return false;
  if (!statusMatches(view.status, filter.status)) return false;
  if (filter.caller !== undefined && filter.caller !== "") {
    const wanted = filter.caller.toLowerCase();
    const ids = [view.caller?.objectId, view.caller?.clientId].filter((id): id is string => id !== undefined);
    if (!ids.some((id) => id.toLowerCase().includes(wanted))) return false;
  }
  if (filter.path !== undefined && filter.path !== "" && !view.path.toLowerCase().includes(filter.path.toLowerCase())) return false;
  return true;
}

function statusMatches(status: number, wanted: string | undefined): boolean {
  if (wanted === undefined || wanted === "") return true;
  const w = wanted.toLowerCase();
  if (w === "refused") return status === 401 || status === 403;
  if (/^[1-5]xx$/.test(w)) return Math.floor(status / 100) === Number(w[0]);
  return String(status) === w;
}
