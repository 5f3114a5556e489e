# packetwalk as a container: build the static site, serve it with nginx on port 8080.
#   docker build -t packetwalk .                                  # served at /
#   docker build --build-arg BASE_PATH=/k8s-net/ -t packetwalk .  # served at /k8s-net/
#   docker run --rm -p 8080:8080 packetwalk
# See docs/self-hosting.md.
FROM node:24-alpine AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY . .
ARG BASE_PATH=/
# The site is built into dist/ under an extra directory named like the base path, so nginx's
# root serves it at that sub-path; the headers (CSP with the inline-script hashes) come from it.
RUN BASE_PATH="$BASE_PATH" OUT_DIR="/site${BASE_PATH%/}" node_modules/.bin/astro build \
 && node src/selfhost/headers.mjs --nginx "/site${BASE_PATH%/}" > /packetwalk-headers.conf \
 && { [ "$BASE_PATH" = / ] || cp "/site${BASE_PATH%/}/404.html" /site/404.html; }

FROM nginx:1.29-alpine
COPY deploy/nginx.conf /etc/nginx/conf.d/default.conf
COPY --from=build /packetwalk-headers.conf /etc/nginx/packetwalk-headers.conf
COPY --from=build /site /usr/share/nginx/html
EXPOSE 8080
