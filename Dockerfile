# The portal's image: web (gunicorn), worker and beat run the same image with different commands.
FROM python:3.11-slim-bookworm AS base
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 VAR_DIR=/app/var
RUN apt-get update && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core shared-mime-info gettext nodejs npm \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.lock package.json package-lock.json .npmrc ./
RUN pip install --no-cache-dir --require-hashes -r requirements.lock && npm ci --omit=dev --no-audit --no-fund
COPY . .
RUN DEBUG=1 python manage.py compilemessages --ignore=node_modules -v0 \
    && DEBUG=1 python manage.py collectstatic --no-input -v0 \
    && useradd --system --uid 1000 portal && mkdir -p /app/var/media && chown -R portal /app/var
USER portal
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "2", "--access-logfile", "-"]
