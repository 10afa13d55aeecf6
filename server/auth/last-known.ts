import "server-only";
import type { SessionUser } from "@/lib/session";
import { storeFailure } from "@/server/db/failover";

const MAX_ENTRIES = 5000;

/**
 * The last answer the store gave about each session this replica served. While the store is
 * unreachable a request whose signed token names a session that was live at its last check is
 * answered from here, so a viewer keeps the live dashboard (DESIGN: static stability); every
 * action is refused anyway until the store is back (server/db/health.ts). The token's signature
 * and expiry are still checked first; a session found ended is forgotten at once.
 */
export class LastKnownSessions {
  private readonly users = new Map<string, SessionUser>();

  async resolve(key: string, lookup: () => Promise<SessionUser | null>): Promise<SessionUser | null> {
    let user: SessionUser | null;
    try {
      user = await lookup();
    } catch (err) {
      const known = this.users.get(key);
      if (known && storeFailure(err)) return known;
      throw err;
    }
    this.users.delete(key);
    if (user) {
      this.users.set(key, user);
      // A Map iterates oldest first: drop the least recently confirmed.
      const oldest = this.users.keys().next();
      if (this.users.size > MAX_ENTRIES && !oldest.done) this.users.delete(oldest.value);
    }
    return user;
  }
}
