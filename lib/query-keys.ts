/** Query-key factory: every TanStack Query key in the app is built here. */
export const queryKeys = {
  me: () => ["me"] as const,
} as const;
