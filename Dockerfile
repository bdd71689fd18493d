# One image for every FrictionLens service; docker-compose.yml picks the entry point per service.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc* ./
# onnxruntime-node's install script would download CUDA files from outside the npm registry.
ENV ONNXRUNTIME_NODE_INSTALL=skip
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY apps apps
COPY libs libs
COPY tools tools
COPY web web
RUN npm run build && npm prune --omit=dev
# The sentence encoders (Maven Central, tools/models); without them the classifier uses TF-IDF alone.
RUN mkdir -p .frictionlens/models && apt-get update && apt-get install -y --no-install-recommends maven \
  && (npm run models:fetch || echo "models:fetch failed: the image classifies with TF-IDF alone") && rm -rf /var/lib/apt/lists/* /root/.m2

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY --from=build --chown=node:node /app/.frictionlens/models .frictionlens/models
USER node
EXPOSE 3000
CMD ["node", "dist/apps/all-in-one/src/main.js"]
