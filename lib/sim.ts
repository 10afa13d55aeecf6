import { z } from "zod";
import { FaultKind, FaultState } from "./snapshot";

/** POST /api/sim/faults — turn one drill fault on or off in one simulated region. */
export const FaultToggle = z.strictObject({
  region: z.string().min(1),
  fault: FaultKind,
  active: z.boolean(),
});
export type FaultToggle = z.infer<typeof FaultToggle>;

/** GET and POST /api/sim/faults reply. */
export const FaultsResponse = z.object({ faults: z.array(FaultState) });
export type FaultsResponse = z.infer<typeof FaultsResponse>;
