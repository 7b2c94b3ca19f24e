export type { ArmContext, ArmResult, ResourceTypeHandler, ResourceProvider } from "./arm/contract.js";
