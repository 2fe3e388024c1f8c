#!/bin/sh
# docker-compose's PostgreSQL runs this once, when it initialises an empty data directory: a role and a database
# for each subgraph whose password file it was given (/run/secrets/<subgraph>_database_password).
set -eu
for secret in /run/secrets/*_database_password; do
  subgraph=$(basename "$secret" _database_password)
  echo "samverkan: role and database samverkan_$subgraph"
  psql --username "$POSTGRES_USER" --dbname postgres -v ON_ERROR_STOP=1 \
    -v role="samverkan_$subgraph" -v database="samverkan_$subgraph" -v password_file="$secret" \
    -f /samverkan/create-subgraph-database.sql
done
