-- One subgraph's PostgreSQL role and database: the role may log in and owns its own database, and nothing else:
-- it cannot create databases or roles, and no other role (PUBLIC) may connect to its database. The subgraph then
-- migrates and seeds that database itself on start. Run by a role that may create roles and databases, once per
-- subgraph; run again, it changes nothing but the password (how a password is rotated):
--   psql "$ADMIN_URL" -v ON_ERROR_STOP=1 -v role=samverkan_police -v database=samverkan_police \
--     -v password_file=./deploy-keys/database/police.password -f deploy/postgres/create-subgraph-database.sql
-- The password is read from the file, so that it is in no command line.
\set password `cat :'password_file'`
SELECT format('CREATE ROLE %I', :'role')
  WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') \gexec
ALTER ROLE :"role" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'password';
\unset password
SELECT format('CREATE DATABASE %I OWNER %I', :'database', :'role')
  WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'database') \gexec
ALTER DATABASE :"database" OWNER TO :"role";
REVOKE ALL ON DATABASE :"database" FROM PUBLIC;
