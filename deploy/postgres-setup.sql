-- Mantis's own PostgreSQL role and database, with only what Mantis needs: it owns its database and the
-- schema its tables live in, and is no superuser, cannot create databases or roles, replicate or bypass
-- row security. Run as PostgreSQL's superuser (peer authentication, no password on any command line):
--
--   sudo -u postgres psql -v ON_ERROR_STOP=1 -f deploy/postgres-setup.sql
--   sudo -u postgres psql -c '\password mantis'        # psql asks for the password; it is sent hashed
--
-- Then let the role in over TCP from this machine only: add these lines to pg_hba.conf
-- (`sudo -u postgres psql -tAc 'SHOW hba_file'` says where) above any broader `host` line, and
-- `sudo systemctl reload postgresql`:
--
--   host    mantis    mantis    127.0.0.1/32    scram-sha-256
--   host    mantis    mantis    ::1/128         scram-sha-256
--
-- and put DATABASE_URL=postgres://mantis:PASSWORD@127.0.0.1:5432/mantis in /etc/mantis/mantis.env.
-- The names are Mantis's defaults in these docs; edit both here and in the URL to use others.

CREATE ROLE mantis LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS CONNECTION LIMIT 200;
CREATE DATABASE mantis OWNER mantis ENCODING 'UTF8' TEMPLATE template0;
-- Nobody else may connect to it or make objects in it.
REVOKE ALL ON DATABASE mantis FROM PUBLIC;

\connect mantis
ALTER SCHEMA public OWNER TO mantis;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
