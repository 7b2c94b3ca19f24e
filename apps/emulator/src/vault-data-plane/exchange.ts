/** One data-plane request on its way through the Key Vault runner's steps (runner.ts). */
import type { DataCaller, DataOperation, DataVault } from "@azmi/keyvault";
import type { IncomingMessage } from "node:http";
import type { Services } from "../services.js";

export interface VaultExchange {
  readonly services: Services;
  readonly req: IncomingMessage;
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  /** scheme://host[:port] the client used: item ids and nextLinks are under it. */
  readonly base: string;
  readonly vaultName: string;
  readonly responseHeaders: Record<string, string>;
  apiVersion?: string;
  vault?: DataVault;
  route?: { readonly route: VaultRoute; readonly params: readonly string[] };
  body?: unknown;
  caller?: DataCaller;
  result?: { readonly status: number; readonly body?: unknown };
}

export interface VaultHandlerContext {
  readonly services: Services;
  readonly vault: DataVault;
  readonly params: readonly string[];
  readonly body: unknown;
  readonly query: URLSearchParams;
  readonly base: string;
  readonly apiVersion: string;
  readonly now: Date;
}

export interface VaultAnswer {
  readonly status: number;
  readonly body?: unknown;
}

export interface VaultOperationHandler {
  readonly operation: DataOperation;
  /** The path parameter that names the item the operation is on (for RBAC's item scope). */
  readonly itemParam?: number;
  readonly writes: boolean;
  readonly handle: (ctx: VaultHandlerContext) => VaultAnswer;
}

/** One row of the route table (routes.ts): method and path pattern to the operation's handler. */
export interface VaultRoute {
  readonly method: string;
  readonly pattern: RegExp;
  readonly handler: VaultOperationHandler;
}
