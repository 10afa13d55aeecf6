import type { Metadata } from "next";
import type { ReactNode } from "react";
import { Header } from "@/components/layout/header";
import { Providers } from "@/components/providers";
import { currentUser } from "@/server/auth";
import { listIncidents } from "@/server/incidents";
import { log } from "@/server/log";
import { getRuntime } from "@/server/runtime";
import "./globals.css";

export const metadata: Metadata = {
  title: "Failover Console",
  description: "Cross-region failover operations: live state, two-person approvals, audit.",
  // The icons live in public/ (scripts/make-icons.ts renders the PNGs and the .ico from icon.svg).
  icons: {
    icon: [
      { url: "/favicon.ico", sizes: "48x48" },
      { url: "/icon.svg", type: "image/svg+xml" },
      { url: "/icon-192.png", type: "image/png", sizes: "192x192" },
    ],
    apple: { url: "/apple-touch-icon.png", sizes: "180x180" },
  },
  manifest: "/manifest.webmanifest",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  // The open incident shows under the header on every page; the banner polls from here on.
  // A failed read must not take every page down with it: the banner fetches again by itself.
  const [openIncident] = user
    ? await listIncidents((await getRuntime()).db, { status: "open", limit: 1 }).catch((err: unknown) => {
        log.error("could not read the open incident for the header", err);
        return [];
      })
    : [];
  return (
    <html lang="en">
      <body className="min-h-screen antialiased">
        <Providers live={user !== null}>
          <Header user={user} openIncident={openIncident ?? null} />
          <main className="mx-auto max-w-7xl px-4 py-6 2xl:max-w-none 2xl:px-6 2xl:py-4">{children}</main>
        </Providers>
      </body>
    </html>
  );
}
