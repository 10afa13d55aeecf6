import { z } from "zod";
import { AuthorityView, FAULTS } from "@/lib/snapshot";
import type { WorldCore } from "./core";
import type { WorldState } from "./state";

/**
 * The simulated world survives a console restart, as AWS does: its state (writer, flags, routing,
 * faults, the operation in flight, safety-rule wait periods) is saved in the console's store after
 * every change, and a new process carries on from it — so a run resumed after a crash finds the
 * switchover it started. Times are world-clock ms; `worldAt`/`wallAt` pin the world's timeline to
 * the wall's so that world time goes on from where it was, whatever the new speed.
 */
const Time = z.number();
const Window = z.object({ from: z.string(), to: z.string() });
export const SavedWorld = z.object({
  version: z.literal(1),
  /** Raised by one at every save: consoles sharing the world load only a newer one (0 in states saved before it existed). */
  rev: z.number().int().nonnegative().default(0),
  regions: z.tuple([z.string(), z.string()]),
  worldAt: Time,
  wallAt: Time,
  state: z.object({
    writer: z.string(),
    detached: z.string().nullable(),
    operation: z
      .object({
        kind: z.enum(["switchover", "failover", "detach"]),
        from: z.string(),
        to: z.string(),
        startedAt: Time,
        visibleAt: Time,
        cancelledAt: Time.nullable(),
        timeScale: z.number(),
      })
      .nullable(),
    lingering: Window.nullable(),
    modifyingUntil: Time.nullable(),
    ruleChangedAt: z.array(z.tuple([z.string(), Time])),
    link: z.object({
      down: z.object({ since: Time, replicationLagMs: z.number(), rpoLagMs: z.number() }).nullable(),
      backlog: z.object({ endedAt: Time, replicationLagMs: z.number(), rpoLagMs: z.number() }).nullable(),
    }),
    rebuild: z.object({ region: z.string(), since: Time, durationMs: z.number() }).nullable(),
    lastFailover: z.object({ at: Time, from: z.string(), to: z.string(), estimatedDataLossMs: z.number().nullable() }).nullable(),
    authority: z.array(z.tuple([z.string(), AuthorityView])),
    appRoles: z.array(z.tuple([z.string(), z.enum(["active", "passive"])])),
    routing: z.array(z.tuple([z.string(), z.object({ region: z.string(), name: z.string(), state: z.enum(["On", "Off"]) })])),
  }),
  faults: z.array(
    z.object({
      region: z.string(),
      fault: z.enum(FAULTS),
      active: z.boolean(),
      since: Time.nullable(),
      last: z.object({ from: Time, to: Time }).nullable(),
    }),
  ),
});
export type SavedWorld = z.infer<typeof SavedWorld>;

export function saveWorld(core: WorldCore, worldAt: number, wallAt: number, rev: number): SavedWorld {
  const { state } = core;
  return {
    version: 1,
    rev,
    regions: [...core.regionIds],
    worldAt,
    wallAt,
    state: {
      ...state,
      operation: state.operation && { ...state.operation },
      ruleChangedAt: [...state.ruleChangedAt.entries()],
      authority: [...state.authority.entries()],
      appRoles: [...state.appRoles.entries()],
      routing: [...state.routing.entries()].map(([arn, c]) => [arn, { ...c }]),
    },
    faults: core.faults.saved(),
  };
}

/**
 * The saved state, if it belongs to this world: same two regions and the same routing controls
 * (a changed config starts a fresh world rather than a half-matching one). Null otherwise.
 */
export function restoredState(core: WorldCore, saved: SavedWorld): WorldState | null {
  const { state } = saved;
  const controls = new Set(core.state.routing.keys());
  const sameRegions = saved.regions[0] === core.regionIds[0] && saved.regions[1] === core.regionIds[1];
  const sameControls = state.routing.length === controls.size && state.routing.every(([arn]) => controls.has(arn));
  if (!sameRegions || !sameControls) return null;
  return {
    ...state,
    ruleChangedAt: new Map(state.ruleChangedAt),
    authority: new Map(state.authority),
    appRoles: new Map(state.appRoles),
    routing: new Map(state.routing),
  };
}
