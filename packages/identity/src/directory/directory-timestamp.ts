/** Graph's directory timestamps: UTC, whole seconds, `Z` (2024-01-05T10:00:00Z). */
export function directoryTimestamp(date: Date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}
