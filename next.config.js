/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // The Dockerfile runs this: the server and only the packages it uses (README "Deployment").
  output: "standalone",
  experimental: {
    // Next loads every route's bundle when it starts by default: ~70 MB more at idle and seconds
    // more before the first answer, for routes an operations console mostly never serves.
    preloadEntriesOnStart: false,
  },
  reactStrictMode: true,
  // PGlite loads its WebAssembly and data files from its own package folder at run time.
  serverExternalPackages: ["@electric-sql/pglite", "pg"],
  typedRoutes: false,
  async headers() {
    // The Content-Security-Policy carries a per-request nonce, so proxy.ts sets it; these are static.
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Frame-Options", value: "DENY" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
          { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
        ],
      },
    ];
  },
};

export default nextConfig;
