# keyhound for CI systems that run containers:
#   docker run --rm -v "$PWD:/scan" ghcr.io/OWNER/keyhound git /scan --since origin/main
# Built by .github/workflows/release.yml (it cannot be built in this repository's tests, which
# check its shape). Stage 1 builds and packs exactly what `npm pack` ships; stage 2 installs
# that tarball, with git, for a non-root user.
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json npm-shrinkwrap.json tsconfig.json README.md LICENSE ./
COPY .ci ./.ci
COPY src ./src
COPY rules ./rules
COPY bin ./bin
RUN npm ci --no-audit --no-fund && npm pack --ignore-scripts && mv keyhound-*.tgz /keyhound.tgz

FROM node:20-bookworm-slim
RUN apt-get update \
  && apt-get install -y --no-install-recommends git ca-certificates \
  && rm -rf /var/lib/apt/lists/*
COPY --from=build /keyhound.tgz /tmp/keyhound.tgz
RUN npm install -g --no-audit --no-fund /tmp/keyhound.tgz && rm /tmp/keyhound.tgz && npm cache clean --force
RUN useradd --create-home --uid 10001 keyhound
USER keyhound
# A mounted repository belongs to another uid, which git refuses ("dubious ownership").
# keyhound never runs a scanned repository's code (hooks, filters, fsmonitor are off), which is
# the danger that check guards against; in this image, trust every mounted repository.
RUN git config --global --add safe.directory '*'
WORKDIR /scan
ENTRYPOINT ["keyhound"]
CMD ["--help"]
