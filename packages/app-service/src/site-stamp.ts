/**
 * Where a site "runs": the scale unit (stamp), its IP addresses and the subscription's domain
 * verification id. Azure assigns these once; azmi derives them from the names so that they are
 * stable for a site's life and across restarts, without storing anything extra.
 */
import { createHash } from "node:crypto";

function digest(text: string): Buffer {
  return createHash("sha256").update(text.toLowerCase()).digest();
}

export interface SiteStamp {
  /** e.g. waws-prod-am2-417 */
  readonly homeStamp: string;
  readonly inboundIpAddress: string;
  /** Comma-separated, as Azure answers them. */
  readonly outboundIpAddresses: string;
  readonly possibleOutboundIpAddresses: string;
  readonly ftpsHostName: string;
}

export function siteStamp(subscriptionId: string, siteName: string): SiteStamp {
  const bytes = digest(`${subscriptionId}/${siteName}`);
  const ip = (i: number) => `20.${bytes[i % 32]! % 224}.${bytes[(i + 1) % 32]!}.${1 + (bytes[(i + 2) % 32]! % 254)}`;
  const outbound = [0, 3, 6, 9, 12, 15].map(ip);
  const possible = [...outbound, ...[18, 21, 24, 27, 30, 1, 4, 7, 10, 13].map(ip)];
  const homeStamp = `waws-prod-am2-${100 + (bytes.readUInt16BE(0) % 900)}`;
  return {
    homeStamp,
    inboundIpAddress: ip(29),
    outboundIpAddresses: outbound.join(","),
    possibleOutboundIpAddresses: possible.join(","),
    ftpsHostName: `ftps://${homeStamp}.ftp.azurewebsites.windows.net/site/wwwroot`,
  };
}

/** One value per subscription, 64 upper-case hex digits, as Azure shows on every site. */
export function customDomainVerificationId(subscriptionId: string): string {
  return digest(`domain-verification/${subscriptionId}`).toString("hex").toUpperCase();
}
