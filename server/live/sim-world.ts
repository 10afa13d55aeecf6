import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { scaledClock, type Clock } from "@/server/clock";
import { CHANNELS, listenJson, notify, tables, type Db, type Store } from "@/server/db";
import { log } from "@/server/log";
import type { SimWorldDeps } from "@/server/providers";
import { SavedWorld, type SimWorld, type WorldStore } from "@/server/providers/sim";

export const SIM_WORLD_KEY = "sim_world";

/** What `fc_sim_world` carries: the revision just saved (the world itself is read from the row). */
const Saved = z.object({ rev: z.number().int().nonnegative() });

/**
 * The simulated world kept in the `settings` row `sim_world`, shared by every console on the
 * store. A change takes the row's lock, starts from what is stored (so a fault toggled at the same
 * moment on another console is kept), saves, and announces the new revision on `fc_sim_world`
 * in the same transaction: the others hear of it only once it is there to read.
 */
export function settingsWorldStore(db: Db, clock: Clock): WorldStore {
  const key = tables.settings.key;
  return {
    update: (change) =>
      db.transaction(async (tx) => {
        // A row to lock even before the first save; the placeholder never outlives this transaction.
        await tx.insert(tables.settings).values({ key: SIM_WORLD_KEY, value: "", updatedAt: clock.now() }).onConflictDoNothing();
        const [row] = await tx.select().from(tables.settings).where(eq(key, SIM_WORLD_KEY)).for("update");
        const { result, saved } = change(parseWorld(row?.value ?? ""));
        await tx.update(tables.settings).set({ value: JSON.stringify(saved), updatedAt: clock.now() }).where(eq(key, SIM_WORLD_KEY));
        await notify(tx, CHANNELS.simWorld, { rev: saved.rev });
        return result;
      }),
    load: async () => {
      const [row] = await db.select().from(tables.settings).where(eq(key, SIM_WORLD_KEY));
      return parseWorld(row?.value ?? "");
    },
  };
}

/** A saved world, or null for none; one that no longer parses is reported and treated as none (a fresh world overwrites it). */
function parseWorld(text: string): SavedWorld | null {
  if (text === "") return null;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  const parsed = SavedWorld.safeParse(json);
  if (parsed.success) return parsed.data;
  log.warn(`the saved simulated world could not be read (${parsed.error.issues[0]?.message ?? "invalid"}); starting a fresh one`);
  return null;
}

/**
 * The simulated world's clock and saved state. Its clock runs at `speed` times the wall, carrying
 * on from the world time last saved — as if the world had gone on at this speed meanwhile — so a
 * switchover in flight is found where it was. Consoles sharing the world must run at one speed:
 * each one's clock takes over the mapping of the last state it loads, so they agree at every save.
 */
export async function sharedSimWorld(db: Db, speed: number, clock: Clock): Promise<SimWorldDeps> {
  const store = settingsWorldStore(db, clock);
  const saved = await store.load();
  const wallNow = clock.now().getTime();
  const anchor = saved ? { worldMs: saved.worldAt + (wallNow - saved.wallAt) * speed, wallMs: wallNow } : undefined;
  return { worldClock: scaledClock(speed, () => clock.now().getTime(), anchor), saved, store };
}

/**
 * Keeps `world` on the stored state: whenever any console saves (`fc_sim_world`), a newer revision
 * is loaded and adopted, then `changed(true)` runs (refresh the monitor, tell the browsers);
 * `changed(false)` follows this console's own saves. Loads run one
 * at a time; notifications heard meanwhile make one more. A fresh world is saved at once, so the
 * next console to start carries on from it instead of a world of its own.
 */
export async function followSharedWorld(store: Pick<Store, "listen">, worlds: WorldStore, world: SimWorld, changed: (adopted: boolean) => void): Promise<() => Promise<void>> {
  let loading: Promise<void> | null = null;
  let again = false;
  const reload = (): void => {
    if (loading) {
      again = true;
      return;
    }
    loading = worlds
      .load()
      .then((saved) => {
        if (saved && world.adopt(saved)) changed(true);
      })
      .catch((err: unknown) => log.error("sim: could not load the shared world", err))
      .finally(() => {
        loading = null;
        if (again) {
          again = false;
          reload();
        }
      });
  };
  const stop = await listenJson(
    store,
    CHANNELS.simWorld,
    (payload) => {
      const saved = Saved.safeParse(payload);
      if (!saved.success) return log.warn("sim: ignored a malformed world announcement", payload);
      if (saved.data.rev > world.revision) reload();
      // This console's own saves too: its browsers' drill panels re-read the faults.
      else changed(false);
    },
    (text) => log.warn("sim: ignored a malformed world announcement", text.slice(0, 200)),
  );
  if (!world.restored) await world.share();
  // Saved between the load at start and LISTEN: not heard, so looked for once.
  reload();
  return stop;
}
