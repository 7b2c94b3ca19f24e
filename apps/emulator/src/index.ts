export type { ArmContext, ArmResult, ResourceTypeHandler, ResourceProvider } from "./arm/contract.js";
export type { Route, RouteKind } from "./arm/dispatch.js";
export { startAzmi, AZMI_VERSION, type RunningAzmi, type StartOptions } from "./server.js";
export { createServices } from "./compose.js";
export { defaultConfig, DEFAULT_TENANT_ID, DEFAULT_SUBSCRIPTION_ID, type EmulatorConfig } from "./config.js";
export type { Services } from "./services.js";
export { createApp } from "./app.js";
export { CertificateAuthority } from "./listener/certificate-authority.js";
