import "server-only";
import { z } from "zod";

/**
 * The one module that reads the process environment. Everything else asks here, so the
 * variables the console understands are listed — and validated — in one place.
 */
const Env = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOSTNAME: z.string().min(1).default("0.0.0.0"),
  CONSOLE_CONFIG: z.string().min(1).optional(),
  CONSOLE_DATA_DIR: z.string().min(1).default(".data"),
  /** An initialised PGlite folder a new CONSOLE_DATA_DIR starts as a copy of (made by `npm run build`; absent: PGlite's own initdb). */
  CONSOLE_PGLITE_TEMPLATE: z.string().min(1).default("dist/pglite-template"),
  DATABASE_URL: z.string().min(1).optional(),
  /**
   * PostgreSQL only: the audit table's owner, used for migrations (and to grant DATABASE_URL's role
   * what it needs). Unset, DATABASE_URL's role does both, and can drop the audit triggers (README).
   */
  DATABASE_OWNER_URL: z.string().min(1).optional(),
  /** Signs each published audit head (HMAC-SHA256); the database never holds it. Required outside sim mode. */
  AUDIT_HEAD_KEY: z.string().min(32, "must be at least 32 characters").optional(),
  /** Signs session tokens. Required outside sim mode; sim mode generates one and keeps it in the store. */
  NEXTAUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  /** The console's public URL (https in production); decides whether cookies are marked Secure. */
  NEXTAUTH_URL: z.url().optional(),
  SIM_SPEED: z.coerce.number().positive().optional(),
  /** This replica's name on screen and in the lease (default: host name, process id and a random suffix). */
  CONSOLE_REPLICA_ID: z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/, "letters, digits, . _ : - (at most 64)").optional(),
  /** The region this replica runs in, shown on screen (config replica.region otherwise). */
  CONSOLE_REGION: z.string().min(1).max(64).optional(),
  CI: z.string().optional(),
});
export type Env = z.infer<typeof Env>;

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  // An empty variable (`NEXTAUTH_SECRET=`) means "not set", as shells and compose files use it.
  const present = Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== ""));
  const parsed = Env.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`invalid environment:\n${lines.join("\n")}`);
  }
  cached = parsed.data;
  return cached;
}

/** Reads a secret the config file points at by name (`clientSecret: { env: NAME }`). */
export function secretFromEnv(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value === "" ? undefined : value;
}

/**
 * next-auth derives its callback URLs from NEXTAUTH_URL. When none is set (the demo), let it use
 * the request's Host instead; the launcher strips forwarded headers unless a proxy is trusted.
 */
export function prepareAuthEnvironment(): void {
  if (!process.env.NEXTAUTH_URL) process.env.AUTH_TRUST_HOST = "true";
}

/**
 * Hands Next the config its build serialised (`.next/required-server-files.json`), as the
 * standalone output's own server.js does: no next.config.js is read (or needed: the image has
 * none) and Next's start-time config loading is skipped.
 */
export function provideBuiltNextConfig(config: unknown): void {
  process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(config);
}
