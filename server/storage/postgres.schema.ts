// The PostgreSQL schema of the relay's store, and the one function every append batch calls.
// Same tables as SQLite (sqlite.storage.ts), so the two stores answer the same contract.

export const PG_SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  stream TEXT NOT NULL,
  seq BIGINT NOT NULL,
  source TEXT NOT NULL,
  event_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  type TEXT NOT NULL,
  incident_id TEXT,
  at BIGINT NOT NULL,
  received_at BIGINT NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (stream, seq)
);
CREATE UNIQUE INDEX IF NOT EXISTS events_source_event ON events (source, event_id);
CREATE INDEX IF NOT EXISTS events_incident ON events (incident_id) WHERE incident_id IS NOT NULL;
CREATE TABLE IF NOT EXISTS streams (stream TEXT PRIMARY KEY, head BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS incidents (
  id TEXT PRIMARY KEY,
  street_id TEXT NOT NULL,
  status TEXT NOT NULL,
  reported_at BIGINT NOT NULL,
  closed_at BIGINT,
  body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS incidents_reported ON incidents (reported_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS incidents_open ON incidents (closed_at);
CREATE TABLE IF NOT EXISTS cameras (id TEXT PRIMARY KEY, street_id TEXT NOT NULL, status TEXT NOT NULL, at BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS staff (id TEXT PRIMARY KEY, street_id TEXT NOT NULL, body TEXT NOT NULL);
-- the sample time of the saved position: the latest save wins across nodes, and a node reads what
-- other nodes saved since it last looked (cluster/: positions of centers connected elsewhere)
ALTER TABLE staff ADD COLUMN IF NOT EXISTS at BIGINT NOT NULL DEFAULT 0;
CREATE INDEX IF NOT EXISTS staff_at ON staff (at);
`;

/**
 * gridwall_append(items jsonb) → jsonb: one durable transaction for a whole group commit, one round
 * trip. Per item, under the stream row's lock (so two relay nodes writing one stream take turns):
 * an already stored (source, event_id) is a `duplicate`; a seq that is not head + 1 is `stale`
 * (another node took it: the caller catches up and re-validates); a report of an incident id
 * already stored (`newIncident`) is `exists`; else the event is stored, the head moves and the
 * projections change in the same commit. A null seq lets the store number it.
 * ON CONFLICT DO NOTHING instead of an exception block: no subtransaction per row.
 */
export const PG_APPEND_FUNCTION = `
CREATE OR REPLACE FUNCTION gridwall_append(items jsonb) RETURNS jsonb LANGUAGE plpgsql AS $fn$
DECLARE
  it jsonb;
  cam jsonb;
  h bigint;
  want bigint;
  f_stream text;
  f_seq bigint;
  out jsonb := '[]'::jsonb;
BEGIN
  FOR it IN SELECT value FROM jsonb_array_elements(items) LOOP
    INSERT INTO streams (stream, head) VALUES (it->>'stream', 0) ON CONFLICT (stream) DO NOTHING;
    SELECT head INTO h FROM streams WHERE stream = it->>'stream' FOR UPDATE;
    SELECT stream, seq INTO f_stream, f_seq FROM events WHERE source = it->>'source' AND event_id = it->>'eventId';
    IF FOUND THEN
      out := out || jsonb_build_array(jsonb_build_object('status', 'duplicate', 'stream', f_stream, 'seq', f_seq));
      CONTINUE;
    END IF;
    IF (it->>'newIncident')::boolean AND EXISTS (SELECT 1 FROM incidents WHERE id = it->'incident'->>'id') THEN
      out := out || jsonb_build_array(jsonb_build_object('status', 'exists'));
      CONTINUE;
    END IF;
    want := COALESCE((it->>'seq')::bigint, h + 1);
    IF want <> h + 1 THEN
      out := out || jsonb_build_array(jsonb_build_object('status', 'stale', 'head', h));
      CONTINUE;
    END IF;
    INSERT INTO events (stream, seq, source, event_id, kind, type, incident_id, at, received_at, body)
      VALUES (it->>'stream', want, it->>'source', it->>'eventId', it->>'kind', it->>'type', it->>'incidentId',
              (it->>'at')::bigint, (it->>'receivedAt')::bigint, it->>'body')
      ON CONFLICT (source, event_id) DO NOTHING;
    IF NOT FOUND THEN
      -- the same event id went to another stream meanwhile (an admin tool): still stored once
      SELECT stream, seq INTO f_stream, f_seq FROM events WHERE source = it->>'source' AND event_id = it->>'eventId';
      out := out || jsonb_build_array(jsonb_build_object('status', 'duplicate', 'stream', f_stream, 'seq', f_seq));
      CONTINUE;
    END IF;
    UPDATE streams SET head = want WHERE stream = it->>'stream';
    IF it ? 'incident' THEN
      INSERT INTO incidents (id, street_id, status, reported_at, closed_at, body)
        VALUES (it->'incident'->>'id', it->'incident'->>'streetId', it->'incident'->>'status',
                (it->'incident'->>'reportedAt')::bigint, (it->'incident'->>'closedAt')::bigint, it->'incident'->>'body')
        ON CONFLICT (id) DO UPDATE SET status = excluded.status, closed_at = excluded.closed_at, body = excluded.body;
    END IF;
    FOR cam IN SELECT value FROM jsonb_array_elements(COALESCE(it->'cameras', '[]'::jsonb)) LOOP
      INSERT INTO cameras (id, street_id, status, at) VALUES (cam->>0, cam->>1, cam->>2, (cam->>3)::bigint)
        ON CONFLICT (id) DO UPDATE SET street_id = excluded.street_id, status = excluded.status, at = excluded.at
        WHERE excluded.at >= cameras.at;
    END LOOP;
    out := out || jsonb_build_array(jsonb_build_object('status', 'stored', 'seq', want));
  END LOOP;
  RETURN out;
END
$fn$;
`;

/** Schema creation from two nodes starting at once must not race: one advisory lock serialises it. */
export const PG_SCHEMA_LOCK = 0x6772_6964; // "grid"
