/**
 * Which requests azmi answers at all. azmi trusts whoever can open a socket to it on this machine
 * (tools, tests, SDKs), but not web pages the same user has open in a browser: a page can make the
 * browser send requests to 127.0.0.1, and through DNS rebinding even under a name it controls.
 * So, before any area sees a request:
 *  - the Host must be a name azmi answers for (an IP address, localhost, *.localhost, an Azure host
 *    the proxy intercepts, the --host it listens on, an --allow-host name); a rebound name is not;
 *  - a request that carries an Origin (only browsers send one) must come from azmi's own pages:
 *    the same host and port it was sent to. azmi answers no CORS, so no other page can use it;
 *  - azmi's own endpoints (/_azmi/...) are not served under Azure's host names through the proxy;
 *  - a /_azmi request that changes state must say `content-type: application/json`, which a page
 *    cannot send without a CORS preflight that azmi never grants (a form or a plain fetch can send
 *    text/plain, form data or nothing).
 */
import { isIP } from "node:net";
import type { IncomingHttpHeaders } from "node:http";
import { isEmulatedHost, isLocalName, splitHostPort } from "./emulated-hosts.js";

export interface Refusal {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

export interface AdmissionRequest {
  readonly method: string;
  /** The path, already normalized (no query). */
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
}

const AZMI_PATH = /^\/_azmi(\/|$)/i;
const READ_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const HOSTS_KEPT = 256;

/**
 * The rule for one azmi: `ownNames` are host names it answers for besides the built-in ones (the
 * --host it listens on and --allow-host names).
 */
export function admission(ownNames: readonly string[]): (request: AdmissionRequest) => Refusal | undefined {
  const names = new Set(ownNames.map(normalizedName));
  const admitsHost = (hostname: string) => isIP(hostname) !== 0 || isEmulatedHost(hostname) || names.has(hostname);
  // A client sends one Host header with every request: its verdict is kept (bounded, cleared when full).
  const hosts = new Map<string, { readonly hostname: string; readonly admitted: boolean }>();
  const hostOf = (authority: string) => {
    let known = hosts.get(authority);
    if (known === undefined) {
      const hostname = normalizedName(splitHostPort(authority).hostname);
      known = { hostname, admitted: admitsHost(hostname) };
      if (hosts.size >= HOSTS_KEPT) hosts.clear();
      hosts.set(authority, known);
    }
    return known;
  };
  return ({ method, path, headers }) => {
    const authority = headers.host;
    const host = authority === undefined ? undefined : hostOf(authority);
    const hostname = host?.hostname;
    if (host !== undefined && !host.admitted) {
      return {
        status: 403,
        code: "HostNotAllowed",
        message: `azmi does not answer for host '${hostname}': it answers for IP addresses, localhost, *.localhost, the Azure hosts it emulates and names given with --allow-host (a web page can point a name it controls at 127.0.0.1).`,
      };
    }
    const origin = headers.origin;
    if (origin !== undefined && !isOwnOrigin(origin, authority, (h) => isIP(h) !== 0 || isLocalName(h) || names.has(h))) {
      return {
        status: 403,
        code: "OriginNotAllowed",
        message: `azmi does not answer requests from web pages of other origins ('${origin}'): only its own pages, served from the host and port the request is sent to.`,
      };
    }
    if (!AZMI_PATH.test(path)) return undefined;
    if (hostname !== undefined && isEmulatedHost(hostname) && !isLocalName(hostname)) {
      return { status: 404, code: "NotFound", message: `azmi's own endpoints are not served under '${hostname}': ask ${path} at azmi's own address.` };
    }
    if (!READ_METHODS.has(method.toUpperCase()) && !isJson(headers["content-type"])) {
      return {
        status: 415,
        code: "UnsupportedMediaType",
        message: `${method.toUpperCase()} ${path} changes azmi's state and needs 'content-type: application/json' (what a web page cannot send without azmi's consent).`,
      };
    }
    return undefined;
  };
}

/** Same host and port as the request (the scheme may differ: one port serves http and https). */
function isOwnOrigin(origin: string, authority: string | undefined, isLocal: (hostname: string) => boolean): boolean {
  if (authority === undefined) return false;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // "null" (sandboxed frames, file: pages) and anything else unparseable
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return false;
  const originHost = normalizedName(url.hostname);
  const target = splitHostPort(authority);
  const originPort = url.port === "" ? defaultPort(url.protocol) : Number(url.port);
  const samePort = target.port === undefined ? originPort === 80 || originPort === 443 : originPort === target.port;
  return isLocal(originHost) && originHost === normalizedName(target.hostname) && samePort;
}

function defaultPort(protocol: string): number {
  return protocol === "https:" ? 443 : 80;
}

function isJson(contentType: string | undefined): boolean {
  return contentType !== undefined && contentType.split(";")[0]!.trim().toLowerCase() === "application/json";
}

/** Lower case, no trailing dot, no IPv6 brackets. */
function normalizedName(hostname: string): string {
  return hostname
    .toLowerCase()
    .replace(/\.$/, "")
    .replace(/^\[(.*)\]$/, "$1");
}
