# The patentnav API for users with Docker (see docker-compose.yml, which pairs it with Neo4j).
# Not run in CI: the project's CI starts its own Neo4j from Maven Central instead.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# A CJK font for whatever draws Chinese inside the container (screenshots, a headless browser,
# reports); without one it shows empty boxes. Browsers elsewhere use their own machine's fonts.
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/*

# Editable install keeps the code in /app, where settings expect data/ next to graph/.
COPY pyproject.toml constraints.txt README.md ./
COPY graph ./graph
COPY ingest ./ingest
COPY nlp ./nlp
COPY api ./api
COPY viz ./viz
COPY data ./data
RUN pip install -c constraints.txt -e . \
    && useradd --system --uid 10001 --home-dir /app patentnav \
    && mkdir -p /app/var \
    && chown patentnav /app/var

USER patentnav
EXPOSE 8000
CMD ["patentnav", "serve", "--host", "0.0.0.0", "--port", "8000"]
