# One image for every service; SERVICE picks which one runs: gateway, or
# subgraphs/<name> for any subgraph schema/supergraph.yaml lists. It runs the
# compiled JavaScript of `npm run build`, not TypeScript.
# Node 22, the LTS release package.json's engines ask for (Node 20 is past its end of life).
FROM node:22-bookworm-slim AS base
WORKDIR /app
ENV NODE_ENV=production \
    APOLLO_TELEMETRY_DISABLED=1 \
    HOST=0.0.0.0

# Every workspace's package.json: installs are cached until one of them or the lock file changes.
FROM base AS manifests
COPY package.json package-lock.json ./
COPY common/package.json common/
COPY gateway/package.json gateway/
COPY dashboard/package.json dashboard/
COPY subgraphs/municipalities/package.json subgraphs/municipalities/
COPY subgraphs/police/package.json subgraphs/police/
COPY subgraphs/arbetsformedlingen/package.json subgraphs/arbetsformedlingen/
COPY subgraphs/forsakringskassan/package.json subgraphs/forsakringskassan/
COPY subgraphs/agreements/package.json subgraphs/agreements/

# The compiler is a dev dependency, which NODE_ENV=production would otherwise leave out.
FROM manifests AS build
RUN npm ci --include=dev --no-audit --no-fund
COPY . .
RUN npm run build

FROM manifests AS dependencies
RUN npm ci --omit=dev --no-audit --no-fund

FROM base AS runtime
COPY --from=dependencies /app/node_modules node_modules
# The repository as well as dist/: what the services read at run time (each subgraph's schema.graphql, the
# supergraph, reference data) is read where the repository keeps it (common/src/repository.ts).
COPY . .
COPY --from=build /app/dist dist
ARG SERVICE=gateway
ENV SERVICE=${SERVICE}
USER node
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT_FOR_HEALTH||4000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["sh", "-c", "exec node \"dist/$SERVICE/src/index.js\""]
