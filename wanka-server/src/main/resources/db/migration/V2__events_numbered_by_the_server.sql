-- Events are numbered by the server (Store), from the highest id stored: a sequence cost a query
-- per event and, on H2, a commit of its own every 32 values.
DROP SEQUENCE event_ids;
