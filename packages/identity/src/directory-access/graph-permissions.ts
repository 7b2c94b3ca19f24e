/**
 * Microsoft Graph's application permissions (the app roles of the Microsoft Graph service
 * principal, with the ids Microsoft publishes in its permissions reference) that azmi's Graph
 * surface needs, and the directory roles (with their built-in template ids) that stand in for
 * them. The permission each Graph operation needs is in graph-operations.ts.
 */

/** The Graph application permissions azmi knows, by value (what a token's `roles` claim carries). */
export const graphPermissions = {
  "Application.Read.All": { id: "9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30", displayName: "Read all applications" },
  "Application.ReadWrite.All": { id: "1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9", displayName: "Read and write all applications" },
  "Application.ReadWrite.OwnedBy": { id: "18a4783c-866b-4cc7-a460-3d5e5662c884", displayName: "Manage apps that this app creates or owns" },
  "AppRoleAssignment.ReadWrite.All": { id: "06b708a9-e830-4db3-a914-8e69da51d44f", displayName: "Manage app permission grants and app role assignments" },
  "Directory.Read.All": { id: "7ab1d382-f21e-4acd-a863-ba3e13f7da61", displayName: "Read directory data" },
  "Directory.ReadWrite.All": { id: "19dbc75e-c2e2-444c-a770-ec69d8559fc7", displayName: "Read and write directory data" },
  "Group.Read.All": { id: "5b567255-7703-4780-807c-7be8301ae99b", displayName: "Read all groups" },
  "Group.ReadWrite.All": { id: "62a82d76-70ea-41e2-9197-370581804d09", displayName: "Read and write all groups" },
  "Organization.Read.All": { id: "498476ce-e0fe-48b0-b801-37ba7e2685c6", displayName: "Read organization information" },
  "RoleManagement.Read.Directory": { id: "483bed4a-2ad3-4361-a73b-c83ccdbdc53c", displayName: "Read all directory RBAC settings" },
  "RoleManagement.ReadWrite.Directory": { id: "9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8", displayName: "Read and write all directory RBAC settings" },
  "User.Read.All": { id: "df021288-bdef-4463-88db-98f22de89214", displayName: "Read all users' full profiles" },
  "User.ReadBasic.All": { id: "97235f07-e226-4f63-ace3-39588e11d3a1", displayName: "Read all users' basic profiles" },
  "User.ReadWrite.All": { id: "741f803b-c850-494e-b5df-cde7c675a1ca", displayName: "Read and write all users' full profiles" },
} as const;

export type GraphPermission = keyof typeof graphPermissions;

/** Built-in Entra directory roles: the template id is also the role definition's id in roleManagement. */
export const directoryRoleTemplates = {
  globalAdministrator: {
    id: "62e90394-69f5-4237-9190-012177145e10",
    displayName: "Global Administrator",
    description: "Can manage all aspects of Microsoft Entra ID and Microsoft services that use Microsoft Entra identities.",
  },
  applicationAdministrator: {
    id: "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3",
    displayName: "Application Administrator",
    description: "Can create and manage all aspects of app registrations and enterprise apps.",
  },
  cloudApplicationAdministrator: {
    id: "158c047a-c907-4556-b7ef-446551a6b5f7",
    displayName: "Cloud Application Administrator",
    description: "Can create and manage all aspects of app registrations and enterprise apps except App Proxy.",
  },
  privilegedRoleAdministrator: {
    id: "e8611ab8-c189-46e8-94e1-60213ab1f814",
    displayName: "Privileged Role Administrator",
    description: "Can manage role assignments in Microsoft Entra ID, and all aspects of Privileged Identity Management.",
  },
  userAdministrator: {
    id: "fe930be7-5e62-47db-91af-98c3a49a38b1",
    displayName: "User Administrator",
    description: "Can manage all aspects of users and groups, including resetting passwords for limited admins.",
  },
  groupsAdministrator: {
    id: "fdd7a751-b60b-444a-984c-02652fe8fa1c",
    displayName: "Groups Administrator",
    description:
      "Members of this role can create/manage groups, create/manage groups settings like naming and expiration policies, and view groups activity and audit reports.",
  },
  directoryReaders: {
    id: "88d8e3e3-8f55-4a1e-953a-9b9898b8876b",
    displayName: "Directory Readers",
    description: "Can read basic directory information. Commonly used to grant directory read access to applications and guests.",
  },
} as const;

export type DirectoryRoleName = keyof typeof directoryRoleTemplates;

export interface DirectoryRoleTemplate {
  readonly id: string;
  readonly displayName: string;
  readonly description: string;
}

export function directoryRoleTemplate(id: string): DirectoryRoleTemplate | undefined {
  return Object.values(directoryRoleTemplates).find((t) => t.id === id.toLowerCase());
}

export function graphPermissionName(appRoleId: string): GraphPermission | undefined {
  const wanted = appRoleId.toLowerCase();
  return (Object.keys(graphPermissions) as GraphPermission[]).find((name) => graphPermissions[name].id === wanted);
}
