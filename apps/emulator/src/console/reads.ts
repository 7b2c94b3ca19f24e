/**
 * How the console reads state: through azmi's own APIs, as the operator (strict mode's Owner of
 * everything and Global Administrator), so a page shows what a client would get. ARM requests go
 * through the whole ARM pipeline (services.arm.call); Graph requests through Graph's route table
 * and handlers. A failed read is a value (status and the service's error), never a thrown page.
 */
import { directoryRoleTemplates } from "@azmi/identity";
import type { Caller } from "../contract/caller.js";
import { dispatch, matchRoute } from "../graph/dispatch.js";
import type { GraphCaller } from "../graph/caller.js";
import { parseSegments } from "../graph/request.js";
import type { Services } from "../services.js";
import { operatorApplication } from "../tokens/operator.js";

/** The api-version the console asks each kind of ARM path with. */
export const API = {
  subscriptions: "2022-12-01",
  resources: "2021-04-01",
  identities: "2023-01-31",
  authorization: "2022-04-01",
  locks: "2020-05-01",
  managementGroups: "2021-04-01",
} as const;

export type Read<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly status: number; readonly code: string; readonly message: string };

export interface ArmList<T> {
  readonly value: readonly T[];
}

export interface ConsoleReads {
  arm<T>(path: string, apiVersion: string, query?: Readonly<Record<string, string>>): Promise<Read<T>>;
  /** Every page of an ARM list (follows nextLink while it stays on azmi). */
  armList<T>(path: string, apiVersion: string, query?: Readonly<Record<string, string>>): Promise<T[]>;
  graph<T>(path: string, query?: Readonly<Record<string, string>>): Read<T>;
}

const MAX_PAGES = 50;

export function consoleReads(services: Services, baseUrl: string): ConsoleReads {
  const operator = operatorApplication(services.config);
  const armCaller: Caller = { objectId: operator.objectId, clientId: operator.clientId, tenantId: services.config.tenantId, authenticated: true };
  const graphCaller: GraphCaller = {
    objectId: operator.objectId,
    delegated: false,
    roles: [],
    scopes: [],
    wids: [directoryRoleTemplates.globalAdministrator.id],
  };

  const arm = async <T>(path: string, apiVersion: string, query?: Readonly<Record<string, string>>): Promise<Read<T>> => {
    const answer = await services.arm.call({ method: "GET", path, apiVersion, baseUrl, caller: armCaller, ...(query === undefined ? {} : { query }) });
    if (answer.status < 300) return { ok: true, value: answer.body as T };
    const error = (answer.body as { error?: { code?: string; message?: string } } | undefined)?.error;
    return { ok: false, status: answer.status, code: error?.code ?? String(answer.status), message: error?.message ?? "" };
  };

  return {
    arm,
    async armList<T>(path: string, apiVersion: string, query?: Readonly<Record<string, string>>): Promise<T[]> {
      const out: T[] = [];
      let next: { path: string; query: Record<string, string> } | undefined = { path, query: { ...query } };
      for (let page = 0; next !== undefined && page < MAX_PAGES; page++) {
        const read: Read<ArmList<T> & { nextLink?: string }> = await arm(next.path, apiVersion, next.query);
        if (!read.ok) break;
        out.push(...read.value.value);
        next = nextPage(read.value.nextLink);
      }
      return out;
    },
    graph<T>(path: string, query: Readonly<Record<string, string>> = {}): Read<T> {
      try {
        const request = {
          method: "GET",
          version: "v1.0",
          segments: parseSegments(path),
          path,
          query: new URLSearchParams(query),
          body: undefined,
          consistencyLevel: "eventual",
          serviceRoot: `${baseUrl}/v1.0`,
          caller: graphCaller,
          services,
        };
        const answer = dispatch(request, matchRoute(request));
        return answer.status < 300 ? { ok: true, value: answer.body as T } : { ok: false, status: answer.status, code: String(answer.status), message: "" };
      } catch (error) {
        const e = error as { status?: number; code?: string; message?: string };
        if (typeof e.status !== "number") throw error;
        return { ok: false, status: e.status, code: e.code ?? String(e.status), message: e.message ?? "" };
      }
    },
  };
}

function nextPage(link: string | undefined): { path: string; query: Record<string, string> } | undefined {
  if (link === undefined || link === null) return undefined;
  const url = new URL(link);
  const query = Object.fromEntries(url.searchParams);
  delete query["api-version"];
  return { path: url.pathname, query };
}
