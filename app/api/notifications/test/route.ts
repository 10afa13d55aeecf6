import { authed } from "@/server/http/route";
import { requestTest } from "@/server/notifications";
import { getRuntime } from "@/server/runtime";

/** An admin sends a test message to every destination: recorded, then sent by the leader like any event. */
export const POST = authed(["admin"], async ({ user }) => {
  const rt = await getRuntime();
  await requestTest(rt.db, rt.clock, user);
  return Response.json({ requested: true }, { status: 202 });
});
