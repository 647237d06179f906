# newsdesk in a container: docker build -t newsdesk .   (see compose.yaml and docs/deploy.md)
# Two stages: the first builds the wheel and a virtual environment with the versions
# requirements.lock pins; the second is a slim runtime that copies only that environment.

FROM python:3.11-slim-bookworm AS build
WORKDIR /src
RUN python -m pip install --no-cache-dir --quiet build
COPY pyproject.toml README.md requirements.lock ./
COPY src ./src
COPY deploy/install-wheel.sh ./deploy/
RUN python -m build --wheel --outdir /dist . \
 && python -m venv /opt/newsdesk \
 && sh deploy/install-wheel.sh /opt/newsdesk /dist/newsdesk-*.whl requirements.lock

FROM python:3.11-slim-bookworm
# postgresql-client: pg_dump/pg_restore for `newsdesk backup` and `restore` (version 15, as
# Debian bookworm ships it: use a PostgreSQL 15 server, or back up from the server's host).
RUN apt-get update \
 && apt-get install -y --no-install-recommends postgresql-client \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 newsdesk \
 && useradd --system --uid 10001 --gid newsdesk --home-dir /var/lib/newsdesk newsdesk \
 && install -d -o newsdesk -g newsdesk /var/lib/newsdesk
COPY --from=build /opt/newsdesk /opt/newsdesk
ENV PATH=/opt/newsdesk/bin:$PATH \
    NEWSDESK_DATA_DIR=/var/lib/newsdesk \
    PYTHONUNBUFFERED=1
USER newsdesk
WORKDIR /var/lib/newsdesk
VOLUME ["/var/lib/newsdesk"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=4)"]
ENTRYPOINT ["newsdesk"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8080"]
