# One image for every service; SERVICE picks which one runs: gateway, or
# subgraphs/<name> for any subgraph schema/supergraph.yaml lists.
FROM node:20-bookworm-slim AS base
WORKDIR /app
ENV NODE_ENV=production \
    APOLLO_TELEMETRY_DISABLED=1 \
    HOST=0.0.0.0

FROM base AS dependencies
COPY package.json package-lock.json ./
COPY common/package.json common/
COPY gateway/package.json gateway/
COPY subgraphs/municipalities/package.json subgraphs/municipalities/
COPY subgraphs/police/package.json subgraphs/police/
COPY subgraphs/arbetsformedlingen/package.json subgraphs/arbetsformedlingen/
COPY subgraphs/forsakringskassan/package.json subgraphs/forsakringskassan/
COPY subgraphs/agreements/package.json subgraphs/agreements/
RUN npm ci --omit=dev --no-audit --no-fund

FROM base AS runtime
COPY --from=dependencies /app/node_modules node_modules
COPY . .
ARG SERVICE=gateway
ENV SERVICE=${SERVICE}
USER node
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT_FOR_HEALTH||4000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["sh", "-c", "exec node_modules/.bin/tsx \"$SERVICE/src/index.ts\""]
