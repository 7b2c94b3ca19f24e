/**
 * What a site's configuration documents hold before anyone writes them: `config/web` (the
 * SiteConfig), `config/logs`, `config/authsettings` ... Clients read all of them after every
 * create (azurerm reads nine), so each must answer as a fresh Azure site does.
 */
type Json = Record<string, unknown>;

const ALLOW_ALL = [{ ipAddress: "Any", action: "Allow", priority: 2147483647, name: "Allow all", description: "Allow all access" }];

/** The full SiteConfig of a new site (GET config/web). */
export function defaultSiteConfig(siteName: string, linux: boolean): Json {
  return {
    numberOfWorkers: 1,
    defaultDocuments: [
      "Default.htm",
      "Default.html",
      "Default.asp",
      "index.htm",
      "index.html",
      "iisstart.htm",
      "default.aspx",
      "index.php",
      "hostingstart.html",
    ],
    netFrameworkVersion: "v4.0",
    phpVersion: linux ? "" : "5.6",
    pythonVersion: "",
    nodeVersion: "",
    powerShellVersion: "",
    linuxFxVersion: "",
    windowsFxVersion: null,
    requestTracingEnabled: false,
    remoteDebuggingEnabled: false,
    remoteDebuggingVersion: null,
    httpLoggingEnabled: false,
    azureMonitorLogCategories: null,
    acrUseManagedIdentityCreds: false,
    acrUserManagedIdentityID: null,
    logsDirectorySizeLimit: 35,
    detailedErrorLoggingEnabled: false,
    publishingUsername: `$${siteName}`,
    publishingPassword: null,
    appSettings: null,
    metadata: null,
    connectionStrings: null,
    machineKey: null,
    handlerMappings: null,
    documentRoot: null,
    scmType: "None",
    use32BitWorkerProcess: true,
    webSocketsEnabled: false,
    alwaysOn: false,
    javaVersion: null,
    javaContainer: null,
    javaContainerVersion: null,
    appCommandLine: "",
    managedPipelineMode: "Integrated",
    virtualApplications: [{ virtualPath: "/", physicalPath: "site\\wwwroot", preloadEnabled: false, virtualDirectories: null }],
    winAuthAdminState: 0,
    winAuthTenantState: 0,
    customAppPoolIdentityAdminState: false,
    customAppPoolIdentityTenantState: false,
    runtimeADUser: null,
    runtimeADUserPassword: null,
    loadBalancing: "LeastRequests",
    routingRules: [],
    experiments: { rampUpRules: [] },
    limits: null,
    autoHealEnabled: false,
    autoHealRules: null,
    tracingOptions: null,
    vnetName: "",
    vnetRouteAllEnabled: false,
    vnetPrivatePortsCount: 0,
    publicNetworkAccess: null,
    cors: null,
    push: null,
    apiDefinition: null,
    apiManagementConfig: null,
    autoSwapSlotName: null,
    localMySqlEnabled: false,
    managedServiceIdentityId: null,
    xManagedServiceIdentityId: null,
    keyVaultReferenceIdentity: null,
    ipSecurityRestrictions: ALLOW_ALL,
    ipSecurityRestrictionsDefaultAction: null,
    scmIpSecurityRestrictions: ALLOW_ALL,
    scmIpSecurityRestrictionsDefaultAction: null,
    scmIpSecurityRestrictionsUseMain: false,
    http20Enabled: false,
    minTlsVersion: "1.2",
    minTlsCipherSuite: null,
    supportedTlsCipherSuites: null,
    scmMinTlsVersion: "1.2",
    ftpsState: "FtpsOnly",
    preWarmedInstanceCount: 0,
    functionAppScaleLimit: 0,
    elasticWebAppScaleLimit: null,
    healthCheckPath: null,
    fileChangeAuditEnabled: false,
    functionsRuntimeScaleMonitoringEnabled: false,
    websiteTimeZone: null,
    minimumElasticInstanceCount: 0,
    azureStorageAccounts: {},
    http20ProxyFlag: 0,
    sitePort: null,
    antivirusScanEnabled: false,
    storageType: null,
    sitePrivateLinkHostEnabled: false,
    clusteringEnabled: false,
  };
}

const DISABLED_LOGS: Json = {
  applicationLogs: {
    fileSystem: { level: "Off" },
    azureTableStorage: { level: "Off", sasUrl: null },
    azureBlobStorage: { level: "Off", sasUrl: null, retentionInDays: null },
  },
  httpLogs: {
    fileSystem: { retentionInMb: 35, retentionInDays: null, enabled: false },
    azureBlobStorage: { sasUrl: null, retentionInDays: null, enabled: false },
  },
  failedRequestsTracing: { enabled: false },
  detailedErrorMessages: { enabled: false },
};

const AUTH_SETTINGS_OFF: Json = {
  enabled: false,
  unauthenticatedClientAction: null,
  tokenStoreEnabled: null,
  allowedExternalRedirectUrls: null,
  defaultProvider: null,
  clientId: null,
  clientSecret: null,
  clientSecretSettingName: null,
  clientSecretCertificateThumbprint: null,
  issuer: null,
  allowedAudiences: null,
  additionalLoginParams: null,
  isAadAutoProvisioned: false,
  aadClaimsAuthorization: null,
  googleClientId: null,
  facebookAppId: null,
  gitHubClientId: null,
  twitterConsumerKey: null,
  microsoftAccountClientId: null,
  configVersion: null,
};

const AUTH_SETTINGS_V2_OFF: Json = {
  platform: { enabled: false, runtimeVersion: "~1", configFilePath: null },
  globalValidation: { requireAuthentication: false, unauthenticatedClientAction: "RedirectToLoginPage" },
  identityProviders: null,
  login: {
    routes: null,
    tokenStore: { enabled: false, tokenRefreshExtensionHours: 72, fileSystem: null, azureBlobStorage: null },
    preserveUrlFragmentsForLogins: false,
    cookieExpiration: { convention: "FixedTime", timeToExpiration: "08:00:00" },
    nonce: { validateNonce: true, nonceExpirationInterval: "00:05:00" },
  },
  httpSettings: {
    requireHttps: true,
    routes: { apiPrefix: "/.auth" },
    forwardProxy: { convention: "NoProxy", customHostHeaderName: null, customProtoHeaderName: null },
  },
};

/** Defaults of the config documents other than `web`, by lower-case name. Unknown names start empty. */
const CONFIG_DEFAULTS: Readonly<Record<string, Json>> = {
  appsettings: {},
  connectionstrings: {},
  metadata: {},
  azurestorageaccounts: {},
  logs: DISABLED_LOGS,
  authsettings: AUTH_SETTINGS_OFF,
  authsettingsv2: AUTH_SETTINGS_V2_OFF,
  slotconfignames: { connectionStringNames: null, appSettingNames: null, azureStorageConfigNames: null },
  pushsettings: { isPushEnabled: false, tagWhitelistJson: null, tagsRequiringAuth: null, dynamicTagsJson: null },
};

export function defaultConfigProperties(configName: string): Json {
  return structuredClone(CONFIG_DEFAULTS[configName.toLowerCase()] ?? {});
}

/** Config documents Azure answers 404 for until they are written (azurerm tolerates it for backup). */
export function configExistsOnlyOnceWritten(configName: string): boolean {
  return configName.toLowerCase() === "backup";
}
