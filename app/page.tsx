import { redirect } from "next/navigation";
import { currentUser } from "@/server/auth";
import { getRuntime } from "@/server/runtime";

export default async function HomePage() {
  const user = await currentUser();
  if (!user) redirect("/login?callbackUrl=%2F");
  const { config } = await getRuntime();
  return (
    <section aria-labelledby="overview" className="space-y-4">
      <h1 id="overview" className="text-2xl font-bold">
        {config.application.name}: {config.regions.map((r) => r.id).join(" ↔ ")}
      </h1>
      <p>
        Mode: <strong>{config.mode === "sim" ? "simulated two-region world" : "AWS"}</strong>
      </p>
      <ul className="grid gap-4 sm:grid-cols-2">
        {config.regions.map((r) => (
          <li key={r.id} className="rounded-lg border border-slate-200 p-4 dark:border-slate-800">
            <h2 className="text-lg font-semibold">{r.id}</h2>
            <p className="text-sm text-slate-600 dark:text-slate-400">partition {r.partition}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
