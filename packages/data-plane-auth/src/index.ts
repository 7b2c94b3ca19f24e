export * from "./key-sources.js";
export * from "./token-verification.js";
export * from "./operation-kinds.js";
export * from "./service-audiences.js";
export * from "./deny-assignments.js";
export * from "./decision.js";
export * from "./authorization-request.js";
export * from "./authorizer.js";
