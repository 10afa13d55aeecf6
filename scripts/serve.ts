/**
 * Starts the console: validates the config and the environment, opens and migrates the store,
 * seeds the demo users in sim mode — all before the server listens, so a broken config exits
 * non-zero without ever accepting a request — then serves Next.js and prints where and who.
 * SIGTERM/SIGINT shut it down within a bounded time (server/lifecycle). `npm run build` compiles
 * this file to dist/serve.mjs, which `npm start` runs; `npm run dev` runs it through tsx.
 */
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import next from "next";
import { DEMO_USERS } from "@/server/auth/demo-users";
import { CLIENT_IP_HEADER } from "@/server/auth/client-ip";
import { clientAddress, trustsPeer } from "@/server/auth/forwarded";
import { ConfigError } from "@/server/config";
import { env, prepareAuthEnvironment, provideBuiltNextConfig } from "@/server/env";
import { guardStdio, OpenRequests, SHUTDOWN_GRACE_MS, shutdownOnSignal } from "@/server/lifecycle";
import { getRuntime, stopRuntime } from "@/server/runtime";

// First, before anything can log: a dead log pipe must never stop or spin the console.
guardStdio({ stdout: process.stdout, stderr: process.stderr });

const dev = process.argv.includes("--dev");

function fail(message: string): never {
  console.error(`failover-console: cannot start\n${message}`);
  process.exit(1);
}

async function main(): Promise<void> {
  let e;
  try {
    e = env();
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err));
  }
  const rt = await getRuntime().catch((err: unknown) =>
    fail(err instanceof ConfigError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)),
  );
  prepareAuthEnvironment();
  if (!dev) provideBuiltNextConfig(builtNextConfig());

  const app = next({ dev, dir: process.cwd(), hostname: e.HOSTNAME, port: e.PORT });
  await app.prepare();
  const handle = app.getRequestHandler();
  const trustProxy = rt.config.auth.trustProxy;
  const open = new OpenRequests();

  const server = createServer((req, res) => {
    open.track(req, res);
    const peer = req.socket.remoteAddress;
    req.headers[CLIENT_IP_HEADER] = clientAddress(peer, req.headers["x-forwarded-for"], trustProxy);
    if (!trustsPeer(peer, trustProxy)) {
      // Without a trusted proxy in front, forwarded headers come from the client: ignore them.
      for (const h of ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "forwarded"]) delete req.headers[h];
    }
    void handle(req, res);
  });
  // Keep idle connections longer than the clients and proxies that reuse them (an AWS ALB keeps
  // them 60 s): with Node's 5 s default the server closes a socket just as a client sends on it,
  // and that request fails with a reset (a 502 behind a load balancer).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.listen(e.PORT, e.HOSTNAME, () => {
    announce(e.PORT, rt.config.mode, rt.store.describe);
    if (!dev) warmUp(e.HOSTNAME, e.PORT);
  });

  const stop = shutdownOnSignal({
    server,
    open,
    stopRuntime: () => stopRuntime(rt),
    graceMs: SHUTDOWN_GRACE_MS,
    log: (line) => console.log(line),
    exit: (code) => process.exit(code),
    setTimer: (fn, ms) => setTimeout(fn, ms),
  });
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

/**
 * Routes are not preloaded at start (next.config.js: memory and start-up time), so the first
 * person to open the dashboard after a restart would wait ~0.8 s more while Next loads its code.
 * Ask for the two pages a commander opens first, unsigned (the dashboard answers with a redirect
 * to /login after loading), in the background; the answers are thrown away and a failure is not
 * an error. bench:first-paint shows the first load.
 */
function warmUp(hostname: string, port: number): void {
  const host = hostname === "0.0.0.0" || hostname === "::" ? "127.0.0.1" : hostname.includes(":") ? `[${hostname}]` : hostname;
  const base = `http://${host}:${port}`;
  void (async () => {
    for (const path of ["/", "/login"]) {
      await fetch(`${base}${path}`, { redirect: "manual", signal: AbortSignal.timeout(30_000) }).then((r) => r.arrayBuffer(), () => undefined);
    }
  })();
}

/** The config `next build` serialised (every production build writes it). */
function builtNextConfig(): unknown {
  const file = join(process.cwd(), ".next", "required-server-files.json");
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    fail(`${file} not found: run \`npm run build\` first`);
  }
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== "object" || parsed === null || !("config" in parsed)) fail(`${file}: no "config" in it`);
  return parsed.config;
}

function announce(port: number, mode: string, store: string): void {
  const lines = [`Failover Console ready at http://localhost:${port}  (${mode} mode, ${store})`];
  if (mode === "sim") {
    lines.push("", "Demo users (sim mode only):");
    const width = Math.max("username".length, ...DEMO_USERS.map((u) => u.username.length)) + 2;
    const pwWidth = Math.max("password".length, ...DEMO_USERS.map((u) => u.password.length)) + 2;
    lines.push(`  ${"username".padEnd(width)}${"password".padEnd(pwWidth)}roles`);
    for (const u of DEMO_USERS) lines.push(`  ${u.username.padEnd(width)}${u.password.padEnd(pwWidth)}${u.roles.join(", ")}`);
  }
  console.log(lines.join("\n"));
}

main().catch((err: unknown) => fail(err instanceof Error ? (err.stack ?? err.message) : String(err)));
