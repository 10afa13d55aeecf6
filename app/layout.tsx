import type { Metadata } from "next";
import type { ReactNode } from "react";
import { Header } from "@/components/layout/header";
import { Providers } from "@/components/providers";
import { currentUser } from "@/server/auth";
import "./globals.css";

export const metadata: Metadata = {
  title: "Failover Console",
  description: "Cross-region failover operations: live state, two-person approvals, audit.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  return (
    <html lang="en">
      <body className="min-h-screen antialiased">
        <Providers>
          <Header user={user} />
          <main className="mx-auto max-w-7xl px-4 py-6">{children}</main>
        </Providers>
      </body>
    </html>
  );
}
