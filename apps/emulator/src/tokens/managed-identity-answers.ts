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
 * App Service 2017-09-01 (MSI_ENDPOINT + MSI_SECRET). Its documentation shows expires_on as a
 * date-time ("09/14/2017 00:00:00 PM +00:00"), but the clients that still speak it parse epoch
 * seconds: the Python SDK (int()) and the Go SDK ("invalid ExpiresOn format" on a date), and
 * MSAL's Machine Learning source. Epoch seconds, as a string like every other number here.
 */
export function appService2017Answer(token: ManagedIdentityTokenAnswer): Record<string, string> {
  return {
    access_token: token.accessToken,
    expires_on: String(token.expiresOn),
    resource: token.resource,
    token_type: "Bearer",
    client_id: token.identity.clientId,
  };
}
