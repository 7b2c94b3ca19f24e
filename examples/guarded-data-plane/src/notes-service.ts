/**
 * The notes data plane. Each request is mapped to the data action it performs and the scope it
 * performs it at (the note's resource id), and @azmi/data-plane-auth decides with the token and
 * the role assignments; the service only renders the decision.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createAuthorizer, type Authorizer, type KeySource } from "@azmi/data-plane-auth";
import type { Rbac } from "@azmi/rbac";

export const NOTES_AUDIENCE = "api://contoso-notes";
export const READ_NOTE = "Contoso.Notes/notebooks/notes/read";
export const WRITE_NOTE = "Contoso.Notes/notebooks/notes/write";

export interface NotesServiceOptions {
  readonly rbac: Rbac;
  readonly keys: KeySource;
  readonly tenantId: string;
  /** Resource group the notebooks live in: /subscriptions/{id}/resourceGroups/{name}. */
  readonly resourceGroupId: string;
}

export interface RunningNotes {
  readonly url: string;
  close(): Promise<void>;
}

const NOTE_PATH = /^\/notebooks\/([a-z0-9-]{1,63})\/notes\/([a-z0-9-]{1,63})$/;

export async function startNotesService(options: NotesServiceOptions): Promise<RunningNotes> {
  const authorizer = createAuthorizer({ rbac: options.rbac, keys: options.keys, tenantId: options.tenantId, dataActions: [READ_NOTE, WRITE_NOTE] });
  const notes = new Map<string, string>();
  const server = createServer((req, res) => {
    handle(req, res, { ...options, authorizer, notes }).catch(() => send(res, 500, { error: { code: "InternalError", message: "The notes service failed." } }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => closed(server) };
}

interface Context extends NotesServiceOptions {
  readonly authorizer: Authorizer;
  readonly notes: Map<string, string>;
}

async function handle(req: IncomingMessage, res: ServerResponse, context: Context): Promise<void> {
  const match = NOTE_PATH.exec(req.url ?? "");
  if (match === null || (req.method !== "GET" && req.method !== "PUT")) {
    send(res, 404, { error: { code: "NotFound", message: "Use GET or PUT /notebooks/{notebook}/notes/{note}." } });
    return;
  }
  const [, notebook, note] = match as unknown as [string, string, string];
  const scope = `${context.resourceGroupId}/providers/Contoso.Notes/notebooks/${notebook}/notes/${note}`;
  const action = req.method === "GET" ? READ_NOTE : WRITE_NOTE;
  const token = /^Bearer (\S+)$/i.exec(req.headers.authorization ?? "")?.[1] ?? "";
  const decision = await context.authorizer.authorize({ token, action, scope, audience: NOTES_AUDIENCE });
  if (!decision.allowed) {
    if ("tokenError" in decision) {
      res.setHeader("www-authenticate", `Bearer authorization="https://login.microsoftonline.com/${context.tenantId}", resource="${NOTES_AUDIENCE}"`);
      send(res, 401, { error: { code: "Unauthorized", message: decision.reason } });
    } else {
      send(res, 403, { error: { code: "Forbidden", message: `Caller ${decision.principalId} may not ${action} on ${scope}: ${decision.reason}` } });
    }
    return;
  }
  const key = `${notebook}/${note}`;
  if (req.method === "PUT") {
    context.notes.set(key, await bodyOf(req));
    send(res, 200, { notebook, note, text: context.notes.get(key) });
    return;
  }
  const text = context.notes.get(key);
  if (text === undefined) send(res, 404, { error: { code: "NoteNotFound", message: `Note '${note}' is not in notebook '${notebook}'.` } });
  else send(res, 200, { notebook, note, text });
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  let text = "";
  for await (const chunk of req) {
    text += String(chunk);
    if (text.length > 64 * 1024) throw new Error("note too large");
  }
  return text;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

function closed(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
