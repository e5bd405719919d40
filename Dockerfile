# Production image: the compiled service and the built dashboard. InfluxDB and PostgreSQL run beside it
# (docker-compose.yml); INFLUX_URL and DATABASE_URL point at them.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/dashboard/dist ./dashboard/dist
VOLUME /data
EXPOSE 1883 8080
USER node
CMD ["node", "dist/app/main.js"]
