/** The tenant as Graph's /organization shows it: one organization whose id is the tenant id. */
import { directoryTimestamp } from "./directory-timestamp.js";

/** The tenant's initial domain: user principal names and publisherDomain end in it. */
export const TENANT_DOMAIN = "azmi.onmicrosoft.com";

export function organization(tenantId: string): Record<string, unknown> {
  return {
    id: tenantId,
    deletedDateTime: null,
    businessPhones: [],
    city: null,
    country: null,
    countryLetterCode: "US",
    createdDateTime: directoryTimestamp(new Date("2024-01-01T00:00:00Z")),
    defaultUsageLocation: null,
    displayName: "azmi",
    marketingNotificationEmails: [],
    onPremisesLastSyncDateTime: null,
    onPremisesSyncEnabled: null,
    postalCode: null,
    preferredLanguage: "en",
    securityComplianceNotificationMails: [],
    securityComplianceNotificationPhones: [],
    state: null,
    street: null,
    technicalNotificationMails: [],
    tenantType: "AAD",
    directorySizeQuota: { used: 0, total: 300000 },
    assignedPlans: [],
    privacyProfile: null,
    provisionedPlans: [],
    verifiedDomains: [{ capabilities: "Email, OfficeCommunicationsOnlineService", isDefault: true, isInitial: true, name: TENANT_DOMAIN, type: "Managed" }],
  };
}
