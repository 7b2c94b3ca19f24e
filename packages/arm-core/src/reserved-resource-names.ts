/**
 * `POST /providers/Microsoft.Resources/checkResourceName`: whether a name may be used, by the
 * reserved-word rule Resource Manager documents for resources with a reachable endpoint
 * (ReservedResourceName): some words may not be the whole name, MICROSOFT and WINDOWS may not
 * appear anywhere in it, and LOGIN may not start it.
 */
import { z } from "zod";

export const checkResourceNameBody = z.object({ name: z.string(), type: z.string() });

const WHOLE_NAME = new Set([
  "access",
  "app_code",
  "app_themes",
  "app_data",
  "app_globalresources",
  "app_localresources",
  "app_webreferences",
  "app_browsers",
  "azure",
  "bing",
  "bizspark",
  "biztalk",
  "cortana",
  "directx",
  "dotnet",
  "dynamics",
  "excel",
  "exchange",
  "forefront",
  "groove",
  "hololens",
  "hyperv",
  "kinect",
  "lync",
  "msdn",
  "o365",
  "office",
  "office365",
  "onedrive",
  "onenote",
  "outlook",
  "powerpoint",
  "sharepoint",
  "skype",
  "visio",
  "visualstudio",
  "web.config",
  "xbox",
]);
const ANYWHERE = ["microsoft", "windows"];
const NOT_FIRST = ["login"];

export type ResourceNameStatus = "Allowed" | "Reserved";

export function resourceNameStatus(name: string): ResourceNameStatus {
  const lower = name.toLowerCase();
  if (WHOLE_NAME.has(lower) || ANYWHERE.some((w) => lower.includes(w)) || NOT_FIRST.some((w) => lower.startsWith(w))) return "Reserved";
  return "Allowed";
}
