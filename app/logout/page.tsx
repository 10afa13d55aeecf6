import { LogoutButton } from "./client";

export const metadata = { title: "Sign out · Failover Console" };

export default function LogoutPage() {
  return (
    <div className="mx-auto max-w-sm space-y-4">
      <h1 className="text-2xl font-bold">Sign out</h1>
      <p>Sign out of the Failover Console on this browser?</p>
      <LogoutButton />
    </div>
  );
}
