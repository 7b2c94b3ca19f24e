/**
 * The directory page's Graph queries: one per kind of object (service principals, applications,
 * users, groups), each the OData query a client would send, run through Graph's own route table
 * as the operator. The page shows the query beside its answer, so a reader can send the same.
 */
import { z } from "zod";
import type { ConsoleReads } from "./reads.js";

export const DIRECTORY_KINDS = {
  servicePrincipals: { label: "Service principals", select: "id,displayName,appId,servicePrincipalType" },
  applications: { label: "Applications", select: "id,displayName,appId,signInAudience" },
  users: { label: "Users", select: "id,displayName,userPrincipalName" },
  groups: { label: "Groups", select: "id,displayName,mailNickname,securityEnabled" },
} as const;

export type DirectoryKind = keyof typeof DIRECTORY_KINDS;

const one = (v: unknown) => (Array.isArray(v) ? v[0] : v);

/** The page's query string: a search (displayName starts with), or an OData $filter of one's own, and the kinds to show. */
export const directoryQuerySchema = z.object({
  q: z.preprocess(one, z.string().trim().catch("")).default(""),
  filter: z.preprocess(one, z.string().trim().catch("")).default(""),
  kind: z.preprocess(
    one,
    z
      .enum(Object.keys(DIRECTORY_KINDS) as [DirectoryKind, ...DirectoryKind[]])
      .optional()
      .catch(undefined),
  ),
});

export type DirectoryQuery = z.infer<typeof directoryQuerySchema>;

export interface DirectoryObject {
  readonly id: string;
  readonly displayName?: string;
  readonly [property: string]: unknown;
}

export interface DirectorySection {
  readonly kind: DirectoryKind;
  readonly label: string;
  /** The request as a client would write it: GET /v1.0/{kind}?$select=…&$filter=… */
  readonly request: string;
  readonly columns: readonly string[];
  readonly objects: readonly DirectoryObject[];
  /** Graph's error, when it refused the query (a bad $filter). */
  readonly error: string | undefined;
}

const TOP = "200";

export function readDirectory(reads: ConsoleReads, query: DirectoryQuery): DirectorySection[] {
  const kinds = query.kind === undefined ? (Object.keys(DIRECTORY_KINDS) as DirectoryKind[]) : [query.kind];
  return kinds.map((kind) => {
    const { label, select } = DIRECTORY_KINDS[kind];
    const params: Record<string, string> = { $select: select, $top: TOP };
    const filter = query.filter !== "" ? query.filter : query.q !== "" ? `startswith(displayName,'${query.q.replace(/'/g, "''")}')` : "";
    if (filter !== "") params["$filter"] = filter;
    const read = reads.graph<{ value: DirectoryObject[] }>(kind, params);
    return {
      kind,
      label,
      request: `GET /v1.0/${kind}?${Object.entries(params)
        .map(([k, v]) => `${k}=${v}`)
        .join("&")}`,
      columns: select.split(","),
      objects: read.ok ? read.value.value : [],
      error: read.ok ? undefined : `${read.code}${read.message === "" ? "" : `: ${read.message}`}`,
    };
  });
}
