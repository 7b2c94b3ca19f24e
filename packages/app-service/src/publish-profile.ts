/**
 * A site's publishing credentials and its publish profile (the XML `publishxml` answers).
 * The CLI parses the XML and reads each profile's publishMethod and publishUrl; a JSON answer
 * breaks `webapp create` and `webapp show`.
 */
import { randomBytes } from "node:crypto";
import { defaultHostName, scmHostName } from "./site-names.js";

export interface PublishingCredentials {
  readonly publishingUserName: string;
  readonly publishingPassword: string;
  readonly publishingPasswordHash: null;
  readonly publishingPasswordHashSalt: null;
  readonly metadata: null;
  readonly isDeleted: false;
  readonly scmUri: string;
}

/** New credentials for a new site: `$name` and a 60-character password, as Azure issues them. */
export function newPublishingCredentials(siteName: string): PublishingCredentials {
  const password = randomBytes(45).toString("base64").replace(/[+/=]/g, "x").slice(0, 60);
  return {
    publishingUserName: `$${siteName}`,
    publishingPassword: password,
    publishingPasswordHash: null,
    publishingPasswordHashSalt: null,
    metadata: null,
    isDeleted: false,
    scmUri: `https://$${siteName}:${password}@${scmHostName(siteName)}`,
  };
}

export interface PublishProfileInput {
  readonly siteName: string;
  readonly userName: string;
  readonly password: string;
  readonly ftpsHostName: string;
}

const escape = (value: string) => value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function profile(attributes: ReadonlyArray<readonly [string, string]>): string {
  const attrs = attributes.map(([k, v]) => `${k}="${escape(v)}"`).join(" ");
  return `<publishProfile ${attrs}><databases /></publishProfile>`;
}

export function publishProfileXml(input: PublishProfileInput): string {
  const { siteName, userName, password } = input;
  const scm = `${scmHostName(siteName)}:443`;
  const common = (extra: ReadonlyArray<readonly [string, string]>): Array<readonly [string, string]> => [
    ...extra,
    ["destinationAppUrl", `https://${defaultHostName(siteName)}`],
    ["SQLServerDBConnectionString", ""],
    ["mySQLDBConnectionString", ""],
    ["hostingProviderForumLink", ""],
    ["controlPanelLink", "https://portal.azure.com"],
    ["webSystem", "WebSites"],
  ];
  // Azure lists all three even when a basic-auth policy forbids the method: the policy refuses
  // the login, not the profile (and the CLI fails on a publishData without profiles).
  const profiles = [
    profile(
      common([
        ["profileName", `${siteName} - Web Deploy`],
        ["publishMethod", "MSDeploy"],
        ["publishUrl", scm],
        ["msdeploySite", siteName],
        ["userName", userName],
        ["userPWD", password],
      ]),
    ),
    profile(
      common([
        ["profileName", `${siteName} - FTP`],
        ["publishMethod", "FTP"],
        ["publishUrl", input.ftpsHostName],
        ["ftpPassiveMode", "True"],
        ["userName", `${siteName}\\${userName}`],
        ["userPWD", password],
      ]),
    ),
    profile(
      common([
        ["profileName", `${siteName} - Zip Deploy`],
        ["publishMethod", "ZipDeploy"],
        ["publishUrl", scm],
        ["userName", userName],
        ["userPWD", password],
      ]),
    ),
  ];
  return `<publishData>${profiles.join("")}</publishData>`;
}
