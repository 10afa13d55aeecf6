import { ServiceError } from "@/server/errors";
import { authed } from "@/server/http/route";

// Any /api path without a route of its own. Signed-in callers get a JSON 404; anonymous ones get
// the same 401 as every other API route, so the API's shape is not revealed to them.
const notFound = authed<{ path: string[] }>([], async ({ req }) => {
  throw new ServiceError("not_found", `no API route ${req.method} ${req.nextUrl.pathname}`);
});

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
