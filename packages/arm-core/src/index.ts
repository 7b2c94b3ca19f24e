export * from "./errors.js";
export * from "./resource-id.js";
export * from "./events.js";
export * from "./api-versions.js";
export * from "./resources.js";
export * from "./store/store.js";
export * from "./store/memory-store.js";
export * from "./store/sqlite-store.js";
