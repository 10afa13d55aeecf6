import { NoteInput } from "@/lib/incidents";
import { authed, readJson } from "@/server/http/route";
import { addNote } from "@/server/incidents";
import { getRuntime } from "@/server/runtime";

/** An operator adds `{ text }` to the open incident, timestamped and audited with its text. */
export const POST = authed<{ id: string }>(["operator"], async ({ req, user, params }) => {
  const input = await readJson(req, NoteInput);
  const { db, clock } = await getRuntime();
  return Response.json({ note: await addNote(db, clock, { user, id: params.id, input }) }, { status: 201 });
});
