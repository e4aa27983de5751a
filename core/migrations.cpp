// Numbered schema migrations of the store of record. Never edit a released migration: add one.
#include "core/database.h"

namespace km::core {

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> kMigrations = {
      {1, "items and their concepts", R"sql(
CREATE TABLE items (
  id            TEXT PRIMARY KEY,
  org           TEXT NOT NULL,
  kind          TEXT NOT NULL,
  status        TEXT NOT NULL,
  visibility    TEXT NOT NULL,
  community     TEXT NOT NULL DEFAULT '',
  author        TEXT NOT NULL DEFAULT '',
  title         TEXT NOT NULL,
  created       TEXT NOT NULL DEFAULT '',
  updated       TEXT NOT NULL DEFAULT '',
  review_by     TEXT NOT NULL DEFAULT '',
  doc           TEXT NOT NULL,              -- canonical JSON of the item (Item::to_json)
  content_hash  TEXT NOT NULL,              -- SHA-256 of doc
  index_pending INTEGER NOT NULL DEFAULT 1, -- 1 until the Xapian index holds this version
  first_seen    TEXT NOT NULL,
  last_changed  TEXT NOT NULL
);
CREATE INDEX items_by_org ON items(org, kind, status);
CREATE INDEX items_pending ON items(index_pending) WHERE index_pending = 1;
CREATE TABLE item_concepts (
  item_id    TEXT NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  concept_id TEXT NOT NULL,
  PRIMARY KEY (item_id, concept_id)
);
CREATE INDEX item_concepts_by_concept ON item_concepts(concept_id);
)sql"},
      {2, "users and their API tokens", R"sql(
CREATE TABLE users (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  org         TEXT NOT NULL,
  communities TEXT NOT NULL DEFAULT '[]',  -- JSON array of community ids
  roles       TEXT NOT NULL DEFAULT '[]',  -- JSON array of role names
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE TABLE tokens (
  token_hash  TEXT PRIMARY KEY,             -- SHA-256 of the token; the token itself is never stored
  user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  revoked_at  TEXT
);
CREATE INDEX tokens_by_user ON tokens(user_id);
)sql"},
      {3, "concept schemes, concepts, mappings and the search log", R"sql(
CREATE TABLE schemes (
  id    TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  org   TEXT                               -- NULL for the shared scheme
);
CREATE TABLE concepts (
  id         TEXT PRIMARY KEY,               -- "<scheme>:<local name>"
  scheme_id  TEXT NOT NULL REFERENCES schemes(id) ON DELETE CASCADE,
  pref_label TEXT NOT NULL,
  alt_labels TEXT NOT NULL DEFAULT '[]',     -- JSON array
  definition TEXT NOT NULL DEFAULT '',
  status     TEXT NOT NULL DEFAULT 'active'  -- active | deprecated
);
CREATE INDEX concepts_by_scheme ON concepts(scheme_id);
CREATE TABLE concept_broader (
  concept_id TEXT NOT NULL REFERENCES concepts(id) ON DELETE CASCADE,
  broader_id TEXT NOT NULL,
  PRIMARY KEY (concept_id, broader_id)
);
CREATE TABLE mappings (
  source     TEXT NOT NULL,                  -- local concept id
  target     TEXT NOT NULL,                  -- shared concept id
  relation   TEXT NOT NULL,                  -- exactMatch | closeMatch | broadMatch | narrowMatch | relatedMatch
  status     TEXT NOT NULL,                  -- proposed | approved | rejected
  confidence REAL NOT NULL DEFAULT 1.0,
  provenance TEXT NOT NULL DEFAULT '',
  note       TEXT NOT NULL DEFAULT '',
  updated_by TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  PRIMARY KEY (source, target)
);
CREATE INDEX mappings_by_target ON mappings(target);
-- Bumped by every taxonomy write, so readers know when to reload their concept graph.
CREATE TABLE taxonomy_version (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL);
INSERT INTO taxonomy_version VALUES (1, 0);
CREATE TABLE search_log (
  id       INTEGER PRIMARY KEY,
  at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  user_id  TEXT NOT NULL,
  org      TEXT NOT NULL,
  query    TEXT NOT NULL,
  results  INTEGER NOT NULL
);
)sql"},
      {4, "signals: feedback votes, item views, search pages and clicks", R"sql(
CREATE TABLE feedback (
  item_id  TEXT NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  user_id  TEXT NOT NULL,
  org      TEXT NOT NULL,
  helpful  INTEGER NOT NULL CHECK (helpful IN (0, 1)),
  query    TEXT NOT NULL DEFAULT '',
  comment  TEXT NOT NULL DEFAULT '',
  at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  PRIMARY KEY (item_id, user_id)            -- one vote per user and item; voting again replaces it
);
CREATE TABLE item_views (
  id        INTEGER PRIMARY KEY,
  item_id   TEXT NOT NULL,
  user_id   TEXT NOT NULL,
  org       TEXT NOT NULL,
  search_id INTEGER,                         -- the search the view came from (a click), if any
  at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX item_views_by_search ON item_views(search_id) WHERE search_id IS NOT NULL;
ALTER TABLE search_log ADD COLUMN page INTEGER NOT NULL DEFAULT 1;
)sql"},
      {5, "knowledge requests, their answers and events; the routing table", R"sql(
CREATE TABLE routing (
  concept   TEXT PRIMARY KEY,               -- shared concept id
  community TEXT NOT NULL
);
CREATE TABLE requests (
  id          INTEGER PRIMARY KEY,
  requester   TEXT NOT NULL,
  org         TEXT NOT NULL,                -- the requester's org
  question    TEXT NOT NULL,
  details     TEXT NOT NULL DEFAULT '',
  priority    TEXT NOT NULL DEFAULT 'normal', -- high | normal | low
  concepts    TEXT NOT NULL DEFAULT '[]',   -- JSON [{"id", "confidence"}], shared concepts
  status      TEXT NOT NULL,                -- routed | claimed | needs_info | answered | resolved | unrouted
  resolution  TEXT NOT NULL DEFAULT '',     -- deflected | accepted
  community   TEXT NOT NULL DEFAULT '',
  claimed_by  TEXT NOT NULL DEFAULT '',
  due_at      TEXT NOT NULL DEFAULT '',
  rating      INTEGER,
  answer_item TEXT NOT NULL DEFAULT '',
  escalation  INTEGER NOT NULL DEFAULT 0,  -- 0 none, 1 at risk (community alerted), 2 overdue (community lead), 3 km_lead
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX requests_by_community ON requests(community, status);
CREATE TABLE request_answers (
  id         INTEGER PRIMARY KEY,
  request_id INTEGER NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
  author     TEXT NOT NULL,
  org        TEXT NOT NULL,
  text       TEXT NOT NULL,
  items      TEXT NOT NULL DEFAULT '[]',    -- JSON array of linked item ids
  visibility TEXT NOT NULL DEFAULT 'shared',
  at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE TABLE samples (
  id         INTEGER PRIMARY KEY,
  reviewer   TEXT NOT NULL,
  org        TEXT NOT NULL,                  -- the org whose items are sampled (the other one)
  period_from TEXT NOT NULL,
  period_to  TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE TABLE sample_items (
  sample_id  INTEGER NOT NULL REFERENCES samples(id) ON DELETE CASCADE,
  item_id    TEXT NOT NULL,
  verdict    TEXT,                           -- NULL until decided, then pass | fail
  reason     TEXT NOT NULL DEFAULT '',
  decided_at TEXT,
  PRIMARY KEY (sample_id, item_id)
);
CREATE TABLE request_followers (
  request_id INTEGER NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
  user_id    TEXT NOT NULL,
  PRIMARY KEY (request_id, user_id)
);
CREATE TABLE request_events (
  request_id INTEGER NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
  at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  actor      TEXT NOT NULL,
  event      TEXT NOT NULL,
  detail     TEXT NOT NULL DEFAULT ''
);
)sql"},
      {6, "open requests offered to a new requester as similar: the only ones they may join", R"sql(
CREATE TABLE request_offers (
  request_id INTEGER NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
  user_id    TEXT NOT NULL,
  PRIMARY KEY (request_id, user_id)
);
)sql"},
      {7, "KM reports of closed periods, frozen as signed off at the monthly review", R"sql(
CREATE TABLE report_snapshots (
  org         TEXT NOT NULL,                -- '' for both organisations
  period_from TEXT NOT NULL,
  period_to   TEXT NOT NULL,
  report      TEXT NOT NULL,                -- the report's JSON, as frozen
  actions     TEXT NOT NULL DEFAULT '',     -- the actions agreed at the meeting
  frozen_by   TEXT NOT NULL,
  frozen_at   TEXT NOT NULL,
  PRIMARY KEY (org, period_from, period_to)
);
)sql"},
      {8, "published SKOS kept as it is: labels with their languages, source URIs, external links", R"sql(
ALTER TABLE concepts ADD COLUMN labels TEXT NOT NULL DEFAULT '[]';          -- JSON [{"kind","lang","text"}]; [] = pref_label/alt_labels untagged
ALTER TABLE concepts ADD COLUMN uri TEXT NOT NULL DEFAULT '';               -- source URI; '' = the project's own
ALTER TABLE concepts ADD COLUMN external_links TEXT NOT NULL DEFAULT '[]';  -- JSON [{"relation","uri"}]
CREATE INDEX concepts_by_uri ON concepts(uri) WHERE uri <> '';
ALTER TABLE schemes ADD COLUMN uri TEXT NOT NULL DEFAULT '';                -- source ConceptScheme URI
)sql"},
  };
  return kMigrations;
}

}  // namespace km::core
