import { redirect } from "next/navigation";
import { currentUser } from "@/server/auth";
import { getRuntime } from "@/server/runtime";
import { LoginForm } from "./client";

export const metadata = { title: "Sign in · Failover Console" };

type Search = Promise<Record<string, string | string[] | undefined>>;

/** Only same-site paths are honoured as a post-login destination (no open redirect). */
function safeCallback(value: unknown): string {
  return typeof value === "string" && value.startsWith("/") && !value.startsWith("//") ? value : "/";
}

export default async function LoginPage({ searchParams }: { searchParams: Search }) {
  const params = await searchParams;
  const callbackUrl = safeCallback(params.callbackUrl);
  if (await currentUser()) redirect(callbackUrl);
  const { config } = await getRuntime();
  const oidc = config.auth.oidc ? { id: config.auth.oidc.id, name: config.auth.oidc.name } : null;
  return (
    <div className="mx-auto max-w-sm">
      <h1 className="mb-6 text-2xl font-bold">Sign in</h1>
      <LoginForm
        callbackUrl={callbackUrl}
        localEnabled={config.auth.local.enabled}
        oidc={oidc}
        initialError={typeof params.error === "string" ? params.error : null}
      />
    </div>
  );
}
