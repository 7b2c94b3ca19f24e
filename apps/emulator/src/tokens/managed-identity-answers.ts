/**
 * The exact JSON each managed-identity protocol answers with. Numbers are decimal strings,
 * as real IMDS and App Service send them (every SDK parses strings; some parse only them).
 */
import type { ManagedIdentityTokenAnswer } from "@azmi/identity";

/** IMDS (2018-02-01 and later). */
export function imdsAnswer(token: ManagedIdentityTokenAnswer): Record<string, string> {
  return {
    access_token: token.accessToken,
    client_id: token.identity.clientId,
    expires_in: String(token.expiresIn),
    expires_on: String(token.expiresOn),
    ext_expires_in: String(token.expiresIn),
    not_before: String(token.notBefore),
    resource: token.resource,
    token_type: "Bearer",
  };
}

/** App Service 2019-08-01: expires_on as epoch seconds in a string, no expires_in. */
export function appService2019Answer(token: ManagedIdentityTokenAnswer): Record<string, string> {
  return {
    access_token: token.accessToken,
    expires_on: String(token.expiresOn),
    resource: token.resource,
    token_type: "Bearer",
    client_id: token.identity.clientId,
  };
}

/**
 * App Service 2017-09-01 answered expires_on as a date-time string ("09/14/2017 00:00:00 PM
 * +00:00"). Clients of the same protocol on Azure ML (MSAL's MachineLearning source, which sends
 * Metadata: true) parse only epoch seconds, so they get those.
 */
export function appService2017Answer(token: ManagedIdentityTokenAnswer, epochExpiry: boolean): Record<string, string> {
  return {
    access_token: token.accessToken,
    expires_on: epochExpiry ? String(token.expiresOn) : appService2017Date(token.expiresOn),
    resource: token.resource,
    token_type: "Bearer",
    client_id: token.identity.clientId,
  };
}

/** `MM/dd/yyyy hh:mm:ss AM +00:00`, in UTC. */
export function appService2017Date(epochSeconds: number): string {
  const d = new Date(epochSeconds * 1000);
  const two = (n: number) => String(n).padStart(2, "0");
  const hours = d.getUTCHours();
  const h12 = hours % 12 === 0 ? 12 : hours % 12;
  return `${two(d.getUTCMonth() + 1)}/${two(d.getUTCDate())}/${d.getUTCFullYear()} ${two(h12)}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${hours < 12 ? "AM" : "PM"} +00:00`;
}
