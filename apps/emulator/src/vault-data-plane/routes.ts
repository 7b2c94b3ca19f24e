/**
 * The Key Vault data plane's paths: method and path pattern to operation handler, first match
 * wins. Names and versions are path segments; Key Vault matches its collection names without
 * regard to case. Certificates (but their contacts) and storage accounts are Key Vault's, but
 * not (yet) azmi's.
 */
import { kvErrors } from "@azmi/keyvault";
import type { VaultOperationHandler, VaultRoute } from "./exchange.js";
import { secretHandlers as s } from "./secret-handlers.js";
import { contactHandlers as contacts } from "./contact-handlers.js";
import { keyHandlers as k } from "./key-handlers.js";

const SEG = "([^/]+)";
const route = (method: string, path: string, handler: VaultOperationHandler): VaultRoute => ({ method, pattern: new RegExp(`^${path}/?$`, "i"), handler });

export const vaultRoutes: readonly VaultRoute[] = [
  route("GET", "/secrets", s.list),
  route("POST", "/secrets/restore", s.restore),
  route("GET", `/secrets/${SEG}/versions`, s.listVersions),
  route("POST", `/secrets/${SEG}/backup`, s.backup),
  route("PUT", `/secrets/${SEG}`, s.set),
  route("DELETE", `/secrets/${SEG}`, s.delete),
  route("GET", `/secrets/${SEG}(?:/([^/]*))?`, s.get),
  route("PATCH", `/secrets/${SEG}(?:/([^/]*))?`, s.update),
  route("GET", "/deletedsecrets", s.listDeleted),
  route("GET", `/deletedsecrets/${SEG}`, s.getDeleted),
  route("DELETE", `/deletedsecrets/${SEG}`, s.purge),
  route("POST", `/deletedsecrets/${SEG}/recover`, s.recover),
  route("GET", "/keys", k.list),
  route("POST", "/keys/restore", k.restore),
  route("POST", `/keys/${SEG}/create`, k.create),
  route("POST", `/keys/${SEG}/rotate`, k.rotate),
  route("POST", `/keys/${SEG}/backup`, k.backup),
  route("GET", `/keys/${SEG}/versions`, k.listVersions),
  route("GET", `/keys/${SEG}/rotationpolicy`, k.getRotationPolicy),
  route("PUT", `/keys/${SEG}/rotationpolicy`, k.setRotationPolicy),
  route("PUT", `/keys/${SEG}`, k.import),
  route("DELETE", `/keys/${SEG}`, k.delete),
  route("GET", `/keys/${SEG}(?:/([^/]*))?`, k.get),
  route("PATCH", `/keys/${SEG}(?:/([^/]*))?`, k.update),
  // the version segment may be empty (/keys/{name}//sign): the latest version
  route("POST", `/keys/${SEG}(?:/([^/]*))?/sign`, k.sign),
  route("POST", `/keys/${SEG}(?:/([^/]*))?/verify`, k.verify),
  route("POST", `/keys/${SEG}(?:/([^/]*))?/encrypt`, k.encrypt),
  route("POST", `/keys/${SEG}(?:/([^/]*))?/decrypt`, k.decrypt),
  route("POST", `/keys/${SEG}(?:/([^/]*))?/wrapkey`, k.wrapKey),
  route("POST", `/keys/${SEG}(?:/([^/]*))?/unwrapkey`, k.unwrapKey),
  route("GET", "/deletedkeys", k.listDeleted),
  route("GET", `/deletedkeys/${SEG}`, k.getDeleted),
  route("DELETE", `/deletedkeys/${SEG}`, k.purge),
  route("POST", `/deletedkeys/${SEG}/recover`, k.recover),
  route("GET", "/certificates/contacts", contacts.get),
  route("PUT", "/certificates/contacts", contacts.set),
  route("DELETE", "/certificates/contacts", contacts.delete),
];

const UNSUPPORTED = /^\/(keys|certificates|deletedcertificates|storage|deletedstorage|rng|securitydomain)(\/|$)/i;

/** Key paths that would otherwise read as a version named "release". */
const UNSERVED_KEY_PATHS = /^\/keys\/[^/]+\/release\/?$|^\/keys\/[^/]+\/[^/]*\/release\/?$/i;

export function matchVaultRoute(method: string, path: string): { route: VaultRoute; params: string[] } {
  if (UNSERVED_KEY_PATHS.test(path)) throw kvErrors.notSupported(`${method} ${path}`);
  for (const r of vaultRoutes) {
    if (r.method !== method) continue;
    const m = r.pattern.exec(path);
    if (m !== null) return { route: r, params: m.slice(1).map(decodedSegment) };
  }
  if (UNSUPPORTED.test(path)) throw kvErrors.notSupported(`${method} ${path}`);
  throw kvErrors.unknownOperation(method, path);
}

function decodedSegment(segment: string | undefined): string {
  if (segment === undefined) return "";
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
