/** `@azmi/emulator/testing`: start azmi from a test and assert on what it holds. */
export { startAzmi, currentAzmi, type StartAzmiOptions, type RunningTestAzmi, type AzmiResponse, type AzmiClientEnvironments } from "./start.js";
export {
  expectRoleAssignment,
  expectLock,
  expectIdentity,
  type RoleAssignmentQuery,
  type FoundRoleAssignment,
  type LockLevel,
  type FoundLock,
  type FoundIdentity,
} from "./assertions.js";
export { startBalancer, type RunningBalancer } from "./balancer.js";
