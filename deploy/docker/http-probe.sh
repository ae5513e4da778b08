#!/usr/bin/env bash
# http-probe PATH [PORT]: exits 0 when `GET http://127.0.0.1:PORT/PATH` answers 200, 1 otherwise.
#
# The health check of the Api and Worker containers (docker-compose.yml, the images' HEALTHCHECK). The .NET images
# (Ubuntu 24.04 since .NET 10) carry neither curl nor wget, and installing one only to probe adds attack surface;
# bash is there, and its /dev/tcp redirection speaks enough HTTP/1.1 for a health endpoint. Kubernetes does not need
# this: its kubelet probes with httpGet from outside the container.
# PORT defaults to the first port of ASPNETCORE_HTTP_PORTS (8080 in the .NET images).
set -uo pipefail

path="${1:-/health/ready}"
port="${2:-${ASPNETCORE_HTTP_PORTS:-8080}}"
port="${port%%[;,]*}"

if ! { exec 3<>"/dev/tcp/127.0.0.1/${port}"; } 2>/dev/null; then
  echo "http-probe: nothing listens on 127.0.0.1:${port}" >&2
  exit 1
fi
printf 'GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' "$path" >&3
status=
IFS= read -r -t 5 status <&3
exec 3<&-
case "$status" in
  "HTTP/1."?" 200 "*) exit 0 ;;
  *) echo "http-probe: GET ${path} on port ${port}: ${status:-no answer}" >&2; exit 1 ;;
esac
