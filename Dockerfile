# Failover Console image: the compiled server and Next's standalone output, nothing else.
#   docker build -t failover-console .
#   docker run -p 3000:3000 -v fc-data:/data failover-console            # sim mode, PGlite in /data
#   docker run -p 3000:3000 -e DATABASE_URL=postgres://... -e NEXTAUTH_SECRET=... \
#     -e AUDIT_HEAD_KEY=... -e CONSOLE_CONFIG=/config/console.yaml -v ./config:/config:ro failover-console
# README "Deployment" says what it needs and how it stops.

# 1. Dependencies, exactly as locked (dev ones too: the build needs TypeScript, Tailwind, esbuild).
FROM node:20-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# 2. Build: `next build` (standalone output) and the launcher bundle + PGlite template (dist/).
FROM node:20-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /app/node_modules ./node_modules
COPY . .
RUN npm run build

# 3. Runtime: no npm, no dev dependencies, no sources.
FROM node:20-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    HOSTNAME=0.0.0.0 \
    PORT=3000 \
    CONSOLE_DATA_DIR=/data
# Next's standalone output: its server files and the node_modules they were traced to use.
COPY --from=build /app/.next/standalone ./
COPY --from=build /app/.next/static ./.next/static
# PGlite whole: it reads its WebAssembly and data files from its package folder at run time,
# which a trace of the route bundles need not have seen.
COPY --from=build /app/node_modules/@electric-sql/pglite ./node_modules/@electric-sql/pglite
# The compiled launcher (dist/serve.mjs, its chunks) and the initialised PGlite template.
COPY --from=build /app/dist ./dist
# Next may write its cache under .next/cache; the data volume is the console's.
RUN mkdir -p /data .next/cache && chown node:node /data .next/cache
USER node
VOLUME ["/data"]
EXPOSE 3000
# Liveness only: a replica whose store is unreachable is alive and keeps showing AWS state
# (readiness, /api/health/ready, is for the load balancer). Node's fetch: the image has no curl.
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Exec form: node is PID 1 and gets `docker stop`'s SIGTERM itself; it installs its own handler
# (a PID 1 without one would ignore the signal) and shuts down within 10 s (README "Deployment").
CMD ["node", "--liftoff-only", "dist/serve.mjs"]
