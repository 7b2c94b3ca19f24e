/**
 * Microsoft.Web rules for azmi (enough App Service for plans, web apps and their identities):
 * plan SKUs, site shape and defaults, names and host names, runtime stacks, publishing
 * profiles, request schemas and errors, and the look-ups over the shared resource store. Plain
 * values in, plain values or ArmErrors out; nothing here knows HTTP.
 */
export * from "./api-versions.js";
export * from "./plan-shape.js";
export * from "./plan-skus.js";
export * from "./publish-profile.js";
export * from "./schemas.js";
export * from "./site-config-defaults.js";
export * from "./site-documents.js";
export * from "./site-names.js";
export * from "./site-rules.js";
export * from "./site-shape.js";
export * from "./site-stamp.js";
export * from "./web-app-stacks-catalogue.js";
export * from "./web-errors.js";
export * from "./web-resources.js";
