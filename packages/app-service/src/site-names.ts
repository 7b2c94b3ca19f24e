/**
 * Web app names are DNS labels under azurewebsites.net, so they are unique across every
 * subscription and group, and limited to what a host name allows.
 */
export const SITE_DOMAIN = "azurewebsites.net";

const SITE_NAME = /^[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?$/i;

export function isValidSiteName(name: string): boolean {
  return name.length >= 2 && SITE_NAME.test(name);
}

/** Why a name is refused, in the words of Azure's name check. */
export function invalidSiteNameMessage(name: string): string {
  return `Site name ${name} is not valid. It can contain only letters, numbers and hyphens, must be between 2 and 60 characters long, and cannot start or end with a hyphen.`;
}

export function defaultHostName(siteName: string): string {
  return `${siteName.toLowerCase()}.${SITE_DOMAIN}`;
}

export function scmHostName(siteName: string): string {
  return `${siteName.toLowerCase()}.scm.${SITE_DOMAIN}`;
}
