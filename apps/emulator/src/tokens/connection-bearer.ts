/**
 * The bearer token a request carries, and its claims (read without verifying them), kept per
 * connection: a client sends the same Authorization header with every request of a keep-alive
 * connection. Finding a token in decoded-claims.ts's memo hashes all of its ~1.2 KB, and reading
 * it from the header runs a regular expression over as much; comparing with what the connection
 * sent last is one string comparison. That was a tenth of a Key Vault GET's own work.
 */
import type { IncomingMessage } from "node:http";
import type { JWTPayload } from "jose";
import { bearerToken } from "./bearer-verification.js";
import { decodedClaims } from "./decoded-claims.js";

export interface RequestBearer {
  readonly token: string;
  /** Undefined when the token cannot be decoded. */
  readonly claims: Readonly<JWTPayload> | undefined;
}

const lastOnConnection = new WeakMap<object, { readonly header: string; readonly bearer: RequestBearer | undefined }>();

/** Undefined when the request has no `Authorization: Bearer …` header. */
export function requestBearer(req: IncomingMessage): RequestBearer | undefined {
  const header = req.headers.authorization;
  if (header === undefined) return undefined;
  // A request made in process (no connection) is read as it comes.
  const connection: object | null = req.socket ?? null;
  const last = connection === null ? undefined : lastOnConnection.get(connection);
  if (last !== undefined && last.header === header) return last.bearer;
  const token = bearerToken(header);
  const bearer = token === undefined ? undefined : { token, claims: claimsOf(token) };
  if (connection !== null) lastOnConnection.set(connection, { header, bearer });
  return bearer;
}

function claimsOf(token: string): Readonly<JWTPayload> | undefined {
  try {
    return decodedClaims(token);
  } catch {
    return undefined;
  }
}
