// Schema migrations. Base tables are private and STRICT; the views named in SPEC.md are the
// public, documented interface (archive-report(1)) that custom reports may read.
#include "archive/store/schema.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "archive/error.h"
#include "archive/i18n.h"

namespace archive::store {

namespace {

// Version 1: customers, their grades and histories, custom fields, the audit log, and the
// registers of follow-ups, materials, loans and destructions that the views expose.
constexpr std::string_view kVersion1 = R"SQL(
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

-- Next number of each sequence: 'archive:SH' per region, 'loan', 'follow_up', 'batch'.
-- Sequences only grow, so a number is never handed out twice.
CREATE TABLE sequence (
  name TEXT PRIMARY KEY,
  next INTEGER NOT NULL CHECK (next > 0)
) STRICT;

CREATE TABLE customer (
  id           INTEGER PRIMARY KEY,
  archive_no   TEXT NOT NULL UNIQUE
               CHECK (length(archive_no) BETWEEN 1 AND 32 AND archive_no NOT GLOB '*[^A-Z0-9-]*'),
  status       TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed', 'destroyed')),
  name         TEXT CHECK ((status = 'destroyed') = (name IS NULL) AND (name IS NULL OR name <> '')),
  kind         TEXT NOT NULL DEFAULT 'individual'
               CHECK (kind IN ('individual', 'company', 'government', 'special', 'partner')),
  gender       TEXT CHECK (gender IN ('male', 'female')),
  birthday     TEXT CHECK (birthday IS date(birthday)),
  id_number    TEXT CHECK (length(id_number) = 18),
  company      TEXT,
  credit_code  TEXT CHECK (length(credit_code) = 18),
  title        TEXT,
  legal_rep    TEXT,
  mobile       TEXT CHECK (mobile NOT GLOB '*[^0-9+]*'),
  mobile_rev   TEXT,  -- the mobile reversed, so a tail (尾号) search is an index range
  phone        TEXT,
  fax          TEXT,
  email        TEXT,
  website      TEXT,
  address      TEXT,
  postcode     TEXT,
  region       TEXT NOT NULL CHECK (region <> '' AND region NOT GLOB '*[^A-Z0-9]*'),
  owner        TEXT,
  source       TEXT CHECK (source IN ('walk-in', 'phone', 'referral', 'exhibition', 'web',
                                      'cold-call', 'other')),
  level        TEXT NOT NULL DEFAULT 'public'
               CHECK (level IN ('public', 'internal', 'confidential', 'secret')),
  note         TEXT,
  opted_out    INTEGER NOT NULL DEFAULT 0 CHECK (opted_out IN (0, 1)),
  legal_hold   TEXT,     -- the reason while a legal hold stands
  created      TEXT NOT NULL CHECK (created IS date(created)),
  closed_on    TEXT CHECK (closed_on IS date(closed_on)),
  destroyed_on TEXT CHECK (destroyed_on IS date(destroyed_on)),
  CHECK ((status = 'closed') = (closed_on IS NOT NULL) OR status = 'destroyed'),
  CHECK ((status = 'destroyed') = (destroyed_on IS NOT NULL))
) STRICT;
CREATE INDEX customer_name ON customer (name);
CREATE INDEX customer_company ON customer (company);
CREATE INDEX customer_mobile ON customer (mobile);
CREATE INDEX customer_mobile_rev ON customer (mobile_rev);
CREATE INDEX customer_owner ON customer (owner);

-- Substring search over names and companies of three characters or more.
CREATE VIRTUAL TABLE customer_fts USING fts5 (
  name, company, content = 'customer', content_rowid = 'id', tokenize = 'trigram'
);
CREATE TRIGGER customer_fts_insert AFTER INSERT ON customer BEGIN
  INSERT INTO customer_fts (rowid, name, company) VALUES (new.id, new.name, new.company);
END;
CREATE TRIGGER customer_fts_delete AFTER DELETE ON customer BEGIN
  INSERT INTO customer_fts (customer_fts, rowid, name, company)
  VALUES ('delete', old.id, old.name, old.company);
END;
CREATE TRIGGER customer_fts_update AFTER UPDATE OF name, company ON customer BEGIN
  INSERT INTO customer_fts (customer_fts, rowid, name, company)
  VALUES ('delete', old.id, old.name, old.company);
  INSERT INTO customer_fts (rowid, name, company) VALUES (new.id, new.name, new.company);
END;

-- Values of the custom fields declared in the config, checked by the program.
CREATE TABLE custom_value (
  customer_id INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
  field       TEXT NOT NULL,
  value       TEXT NOT NULL CHECK (value <> ''),
  PRIMARY KEY (customer_id, field)
) STRICT, WITHOUT ROWID;

-- At most one grade per scheme per customer.
CREATE TABLE customer_grade (
  customer_id INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
  scheme      TEXT NOT NULL,
  code        TEXT NOT NULL,
  since       TEXT NOT NULL CHECK (since IS date(since)),
  PRIMARY KEY (customer_id, scheme)
) STRICT, WITHOUT ROWID;
CREATE INDEX customer_grade_code ON customer_grade (scheme, code);

CREATE TABLE grade_history (
  id          INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
  scheme      TEXT NOT NULL,
  from_code   TEXT,
  to_code     TEXT,
  on_date     TEXT NOT NULL CHECK (on_date IS date(on_date)),
  operator    TEXT NOT NULL,
  reason      TEXT
) STRICT;
CREATE INDEX grade_history_customer ON grade_history (customer_id);

-- Old and new values of edited fields; personal data, so destruction erases it.
CREATE TABLE field_history (
  id          INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
  field       TEXT NOT NULL,
  old_value   TEXT,
  new_value   TEXT,
  on_date     TEXT NOT NULL CHECK (on_date IS date(on_date)),
  operator    TEXT NOT NULL,
  reason      TEXT
) STRICT;
CREATE INDEX field_history_customer ON field_history (customer_id);

CREATE TABLE follow_up (
  id            INTEGER PRIMARY KEY,
  follow_up_no  TEXT NOT NULL UNIQUE,
  customer_id   INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
  contact_at    TEXT NOT NULL,
  contact_date  TEXT NOT NULL CHECK (contact_date IS date(contact_date)),
  channel       TEXT NOT NULL
                CHECK (channel IN ('phone', 'visit', 'store', 'sms', 'wechat', 'email', 'other')),
  type          TEXT NOT NULL CHECK (type IN ('sales', 'service', 'complaint', 'greeting')),
  operator      TEXT NOT NULL,
  note          TEXT,
  outcome       TEXT,
  grade_scheme  TEXT,
  grade_code    TEXT,
  next_due      TEXT CHECK (next_due IS date(next_due)),
  severity      TEXT CHECK (severity IN ('normal', 'major')),
  state         TEXT CHECK (state IN ('open', 'closed')),
  closed_on     TEXT CHECK (closed_on IS date(closed_on)),
  close_note    TEXT,
  CHECK ((type = 'complaint') = (state IS NOT NULL))
) STRICT;
CREATE INDEX follow_up_customer ON follow_up (customer_id, contact_date);

CREATE TABLE material (
  id            INTEGER PRIMARY KEY,
  customer_id   INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
  seq           INTEGER NOT NULL CHECK (seq > 0),
  title         TEXT NOT NULL CHECK (title <> ''),
  kind          TEXT NOT NULL,
  pages         INTEGER CHECK (pages > 0),
  location      TEXT,
  level         TEXT NOT NULL CHECK (level IN ('public', 'internal', 'confidential', 'secret')),
  filed         TEXT NOT NULL CHECK (filed IS date(filed)),
  retention_end TEXT NOT NULL CHECK (retention_end IS date(retention_end)),
  path          TEXT,
  sha256        TEXT CHECK (length(sha256) = 64),
  destroyed_on  TEXT CHECK (destroyed_on IS date(destroyed_on)),
  UNIQUE (customer_id, seq)
) STRICT;

CREATE TABLE loan (
  id           INTEGER PRIMARY KEY,
  loan_no      TEXT NOT NULL UNIQUE,
  customer_id  INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
  whole        INTEGER NOT NULL CHECK (whole IN (0, 1)),
  borrower     TEXT NOT NULL,
  dept         TEXT NOT NULL,
  purpose      TEXT NOT NULL,
  approver     TEXT,
  external     INTEGER NOT NULL DEFAULT 0 CHECK (external IN (0, 1)),
  letter       TEXT,
  lent_on      TEXT NOT NULL CHECK (lent_on IS date(lent_on)),
  due          TEXT NOT NULL CHECK (due IS date(due)),
  operator     TEXT NOT NULL,
  CHECK (external = 0 OR letter IS NOT NULL)
) STRICT;

CREATE TABLE loan_item (
  loan_id      INTEGER NOT NULL REFERENCES loan (id) ON DELETE CASCADE,
  material_id  INTEGER NOT NULL REFERENCES material (id) ON DELETE CASCADE,
  returned_on  TEXT CHECK (returned_on IS date(returned_on)),
  received_by  TEXT,
  condition    TEXT,
  PRIMARY KEY (loan_id, material_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX loan_item_material ON loan_item (material_id);

-- The destruction register: append-only, never names a person.
CREATE TABLE destruction (
  id             INTEGER PRIMARY KEY,
  run            TEXT NOT NULL,
  archive_no     TEXT NOT NULL,
  material_kinds TEXT,
  pages          INTEGER,
  retention_end  TEXT,
  reason         TEXT NOT NULL,
  approver       TEXT NOT NULL,
  operator       TEXT NOT NULL,
  destroyed_on   TEXT NOT NULL CHECK (destroyed_on IS date(destroyed_on)),
  at             TEXT NOT NULL
) STRICT;
CREATE TRIGGER destruction_no_update BEFORE UPDATE ON destruction BEGIN
  SELECT RAISE (ABORT, 'the destruction register is append-only');
END;
CREATE TRIGGER destruction_no_delete BEFORE DELETE ON destruction BEGIN
  SELECT RAISE (ABORT, 'the destruction register is append-only');
END;

-- The audit log: who did what to which archive, when. Field names only, never values.
CREATE TABLE audit_log (
  id            INTEGER PRIMARY KEY,
  at            TEXT NOT NULL,   -- real time, UTC, ISO 8601
  business_date TEXT NOT NULL CHECK (business_date IS date(business_date)),
  os_login      TEXT NOT NULL,
  operator      TEXT NOT NULL,
  action        TEXT NOT NULL,
  archive_no    TEXT,
  detail        TEXT
) STRICT;
CREATE INDEX audit_log_archive ON audit_log (archive_no);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
  SELECT RAISE (ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN
  SELECT RAISE (ABORT, 'the audit log is append-only');
END;

-- Public views: the stable interface for custom reports (archive-report(1)).
CREATE VIEW customers AS
SELECT c.archive_no, c.name, c.kind, c.gender, c.birthday, c.id_number, c.company,
       c.credit_code, c.title, c.legal_rep, c.mobile, c.phone, c.fax, c.email, c.website,
       c.address, c.postcode, c.region, c.owner, c.source, c.level, c.status, c.note,
       c.opted_out, c.legal_hold IS NOT NULL AS on_hold, c.created, c.closed_on,
       c.destroyed_on,
       (SELECT json_group_object(v.field, v.value) FROM custom_value v
         WHERE v.customer_id = c.id) AS custom
  FROM customer c;

CREATE VIEW grades AS
SELECT c.archive_no, g.scheme, g.code, g.since
  FROM customer_grade g JOIN customer c ON c.id = g.customer_id;

CREATE VIEW follow_ups AS
SELECT f.follow_up_no AS id, c.archive_no, f.contact_at, f.contact_date, f.channel, f.type,
       f.operator, f.note, f.outcome, f.grade_scheme, f.grade_code, f.next_due, f.severity,
       f.state, f.closed_on
  FROM follow_up f JOIN customer c ON c.id = f.customer_id;

CREATE VIEW complaints AS
SELECT id, archive_no, contact_date, channel, operator, note, severity, state, closed_on
  FROM follow_ups WHERE type = 'complaint';

CREATE VIEW materials AS
SELECT c.archive_no || '/' || m.seq AS id, c.archive_no, m.seq, m.title, m.kind, m.pages,
       m.location, m.level, m.filed, m.retention_end, m.path, m.sha256, m.destroyed_on
  FROM material m JOIN customer c ON c.id = m.customer_id;

CREATE VIEW loans AS
SELECT l.loan_no AS id, c.archive_no, c.archive_no || '/' || m.seq AS material, l.whole,
       l.borrower, l.dept, l.purpose, l.approver, l.external, l.letter, l.lent_on, l.due,
       i.returned_on, i.received_by, i.condition
  FROM loan l
  JOIN customer c ON c.id = l.customer_id
  JOIN loan_item i ON i.loan_id = l.id
  JOIN material m ON m.id = i.material_id;

CREATE VIEW destructions AS
SELECT run, archive_no, material_kinds, pages, retention_end, reason, approver, operator,
       destroyed_on, at
  FROM destruction;
)SQL";

// Version 2: follow-up bookkeeping on the card (so the morning lists are index ranges), the
// notice ledger of sent messages, the SMS opt-out field, and the facts view of grade rules.
constexpr std::string_view kVersion2 = R"SQL(
ALTER TABLE customer RENAME COLUMN opted_out TO sms_opt_out;

-- Kept by the program in the transaction of every follow-up and grade change:
-- last_contact: the latest contact date; last_visit: the latest visit or store visit;
-- next_due: when the next follow-up is due (explicit from the latest follow-up's --next,
-- else last contact or registration + the shortest interval of the customer's grades).
ALTER TABLE customer ADD COLUMN last_contact TEXT CHECK (last_contact IS date(last_contact));
ALTER TABLE customer ADD COLUMN last_visit TEXT CHECK (last_visit IS date(last_visit));
ALTER TABLE customer ADD COLUMN next_due TEXT CHECK (next_due IS date(next_due));
ALTER TABLE customer ADD COLUMN next_due_explicit INTEGER NOT NULL DEFAULT 0
  CHECK (next_due_explicit IN (0, 1));
-- The owner's claim runs from the later of the last contact and the day the owner took the
-- customer over (registration, edit or reassign); it lapses owner_claim_days after.
ALTER TABLE customer ADD COLUMN claim_start TEXT CHECK (claim_start IS date(claim_start));
UPDATE customer SET claim_start = created;
-- 1 for dealt customers (value grade A or B), kept by the program with the grades: the
-- periodic-visit rule reads only them, through the partial indexes below.
ALTER TABLE customer ADD COLUMN dealt INTEGER NOT NULL DEFAULT 0 CHECK (dealt IN (0, 1));
UPDATE customer SET dealt = 1
 WHERE id IN (SELECT customer_id FROM customer_grade WHERE scheme = 'value' AND code IN ('A', 'B'));

CREATE INDEX customer_due ON customer (next_due) WHERE status = 'active';
CREATE INDEX customer_owner_due ON customer (owner, next_due) WHERE status = 'active';
CREATE INDEX customer_claim ON customer (claim_start)
  WHERE status = 'active' AND owner IS NOT NULL;
CREATE INDEX customer_owner_claim ON customer (owner, claim_start)
  WHERE status = 'active' AND owner IS NOT NULL;
CREATE INDEX customer_visit ON customer (coalesce(last_visit, created))
  WHERE status = 'active' AND dealt = 1;
CREATE INDEX customer_owner_visit ON customer (owner, coalesce(last_visit, created))
  WHERE status = 'active' AND dealt = 1;
CREATE INDEX customer_birthday ON customer (substr(birthday, 6)) WHERE status = 'active';
CREATE INDEX follow_up_open_complaint ON follow_up (severity, customer_id)
  WHERE state = 'open';

-- Messages rendered for an SMS gateway: one per customer, template and occasion (the
-- birthday, the due date, or the run date), so a cron job never sends one twice.
CREATE TABLE notice (
  customer_id INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
  template    TEXT NOT NULL,
  occasion    TEXT NOT NULL CHECK (occasion IS date(occasion)),
  sent_on     TEXT NOT NULL CHECK (sent_on IS date(sent_on)),
  PRIMARY KEY (customer_id, template, occasion)
) STRICT, WITHOUT ROWID;

-- A legal hold (法律冻结) has a reason (customer.legal_hold, v1) and a start date.
ALTER TABLE customer ADD COLUMN legal_hold_since TEXT
  CHECK (legal_hold_since IS date(legal_hold_since));

-- Renewals of loans: each with its own date, new due date and approver.
CREATE TABLE loan_renewal (
  id          INTEGER PRIMARY KEY,
  loan_id     INTEGER NOT NULL REFERENCES loan (id) ON DELETE CASCADE,
  renewed_on  TEXT NOT NULL CHECK (renewed_on IS date(renewed_on)),
  old_due     TEXT NOT NULL CHECK (old_due IS date(old_due)),
  new_due     TEXT NOT NULL CHECK (new_due IS date(new_due)),
  approver    TEXT,
  operator    TEXT NOT NULL
) STRICT;
CREATE INDEX loan_renewal_loan ON loan_renewal (loan_id);
CREATE INDEX loan_customer ON loan (customer_id);
-- Open loan items, for "is it in the room?" and the overdue register.
CREATE INDEX loan_item_open ON loan_item (material_id) WHERE returned_on IS NULL;
CREATE INDEX loan_due ON loan (due);
CREATE INDEX material_customer ON material (customer_id, seq);

DROP VIEW customers;
CREATE VIEW customers AS
SELECT c.archive_no, c.name, c.kind, c.gender, c.birthday, c.id_number, c.company,
       c.credit_code, c.title, c.legal_rep, c.mobile, c.phone, c.fax, c.email, c.website,
       c.address, c.postcode, c.region, c.owner, c.source, c.level, c.status, c.note,
       c.sms_opt_out, c.legal_hold IS NOT NULL AS on_hold, c.created, c.closed_on,
       c.destroyed_on, c.last_contact, c.next_due, c.claim_start,
       (SELECT json_group_object(v.field, v.value) FROM custom_value v
         WHERE v.customer_id = c.id) AS custom
  FROM customer c;

-- Per-customer facts for `archive grade --auto` rules, as of the business date
-- (archive_today(), which the program defines on its connections). Documented in
-- archive-grade(1); the program adds a grade_<scheme> column per grade scheme and a column
-- per money or int custom field.
CREATE VIEW customer_facts AS
SELECT c.id AS customer_id, c.archive_no, c.kind, c.status, c.owner, c.source, c.region,
       c.created, c.last_contact, c.last_visit, c.next_due, c.claim_start,
       CAST(julianday(archive_today()) - julianday(coalesce(c.last_contact, c.created))
            AS INTEGER) AS days_since_contact,
       CAST(julianday(archive_today()) - julianday(c.created) AS INTEGER) AS days_since_created,
       (SELECT count(*) FROM follow_up f WHERE f.customer_id = c.id
           AND f.contact_date > date(archive_today(), '-30 days')) AS follow_ups_30_days,
       (SELECT count(*) FROM follow_up f WHERE f.customer_id = c.id
           AND f.contact_date > date(archive_today(), '-90 days')) AS follow_ups_90_days,
       (SELECT count(*) FROM follow_up f WHERE f.customer_id = c.id
           AND f.contact_date > date(archive_today(), '-365 days')) AS follow_ups_365_days,
       (SELECT count(*) FROM follow_up f WHERE f.customer_id = c.id AND f.type = 'complaint'
           AND f.contact_date > date(archive_today(), '-30 days')) AS complaints_30_days,
       (SELECT count(*) FROM follow_up f WHERE f.customer_id = c.id AND f.type = 'complaint'
           AND f.contact_date > date(archive_today(), '-90 days')) AS complaints_90_days,
       (SELECT count(*) FROM follow_up f WHERE f.customer_id = c.id AND f.type = 'complaint'
           AND f.contact_date > date(archive_today(), '-365 days')) AS complaints_365_days,
       (SELECT count(*) FROM follow_up f WHERE f.customer_id = c.id
           AND f.state = 'open') AS open_complaints
  FROM customer c
 WHERE c.status <> 'destroyed';
)SQL";

// Version 3: import batches. A batch records what one `archive import` did; the customers
// it created carry its id, and the old values of the fields it updated are in the field
// history under its id, so `import --revert` can undo exactly that batch.
constexpr std::string_view kVersion3 = R"SQL(
CREATE TABLE import_batch (
  id           INTEGER PRIMARY KEY,
  batch_no     TEXT NOT NULL UNIQUE,
  file_name    TEXT NOT NULL,
  sha256       TEXT NOT NULL CHECK (length(sha256) = 64),
  format       TEXT NOT NULL CHECK (format IN ('csv', 'text', 'xlsx')),
  encoding     TEXT,
  sheet        TEXT,
  on_duplicate TEXT NOT NULL CHECK (on_duplicate IN ('skip', 'update', 'fail')),
  rows_read    INTEGER NOT NULL CHECK (rows_read >= 0),
  created      INTEGER NOT NULL CHECK (created >= 0),
  updated      INTEGER NOT NULL CHECK (updated >= 0),
  skipped      INTEGER NOT NULL CHECK (skipped >= 0),
  rejected     INTEGER NOT NULL CHECK (rejected >= 0),
  imported_on  TEXT NOT NULL CHECK (imported_on IS date(imported_on)),
  at           TEXT NOT NULL,
  operator     TEXT NOT NULL,
  os_login     TEXT NOT NULL,
  reverted_on  TEXT CHECK (reverted_on IS date(reverted_on)),
  reverted_by  TEXT
) STRICT;
CREATE INDEX import_batch_sha256 ON import_batch (sha256);

-- The batch that created a customer (NULL for `add`); destruction clears it.
ALTER TABLE customer ADD COLUMN import_batch INTEGER REFERENCES import_batch (id);
-- The batch whose update wrote a field-history row (NULL for `edit`).
ALTER TABLE field_history ADD COLUMN import_batch INTEGER REFERENCES import_batch (id);
CREATE INDEX field_history_batch ON field_history (import_batch) WHERE import_batch IS NOT NULL;
-- The batch whose update changed a grade (NULL otherwise), so a revert can restore it.
ALTER TABLE grade_history ADD COLUMN import_batch INTEGER REFERENCES import_batch (id);
CREATE INDEX grade_history_batch ON grade_history (import_batch) WHERE import_batch IS NOT NULL;
-- The customers a batch created, for --revert and the re-import checks.
CREATE INDEX customer_import_batch ON customer (import_batch) WHERE import_batch IS NOT NULL;
)SQL";

// Version 4: purge. A purge run (who approved it, who ran it, why, its backup) and the
// register rows it wrote: the item destroyed (NO or NO/N) and, for a destroyed archive, keyed
// hashes (HMAC-SHA-256) of the mobile and ID number, whose key is a file beside the database,
// so `add` and import can say that a person was erased before. The backups that purge and
// `archive backup` wrote, with the expiry of purge backups. Indexes the reports read by.
constexpr std::string_view kVersion4 = R"SQL(
CREATE TABLE purge_run (
  id           INTEGER PRIMARY KEY,
  run          TEXT NOT NULL UNIQUE,
  on_request   INTEGER NOT NULL CHECK (on_request IN (0, 1)),
  reason       TEXT NOT NULL CHECK (reason <> ''),
  approver     TEXT NOT NULL,
  operator     TEXT NOT NULL,
  os_login     TEXT NOT NULL,
  destroyed_on TEXT NOT NULL CHECK (destroyed_on IS date(destroyed_on)),
  at           TEXT NOT NULL,
  archives     INTEGER NOT NULL CHECK (archives >= 0),
  materials    INTEGER NOT NULL CHECK (materials >= 0),
  backup       TEXT    -- the backup written before the run; NULL with --no-backup
) STRICT;
CREATE TRIGGER purge_run_no_update BEFORE UPDATE ON purge_run BEGIN
  SELECT RAISE (ABORT, 'the destruction register is append-only');
END;
CREATE TRIGGER purge_run_no_delete BEFORE DELETE ON purge_run BEGIN
  SELECT RAISE (ABORT, 'the destruction register is append-only');
END;

-- ADD COLUMN keeps the append-only triggers of the register.
ALTER TABLE destruction ADD COLUMN item TEXT;         -- NO for an archive, NO/N for a material
ALTER TABLE destruction ADD COLUMN mobile_hash TEXT;  -- hex HMAC-SHA-256, destroyed archives only
ALTER TABLE destruction ADD COLUMN id_hash TEXT;
CREATE INDEX destruction_run ON destruction (run);
CREATE INDEX destruction_mobile_hash ON destruction (mobile_hash) WHERE mobile_hash IS NOT NULL;
CREATE INDEX destruction_id_hash ON destruction (id_hash) WHERE id_hash IS NOT NULL;

-- Backups written by purge (expire: deleted by a later run) and by `archive backup` (kept).
CREATE TABLE backup (
  id          INTEGER PRIMARY KEY,
  path        TEXT NOT NULL UNIQUE,
  purpose     TEXT NOT NULL CHECK (purpose IN ('purge', 'manual')),
  written_on  TEXT NOT NULL CHECK (written_on IS date(written_on)),
  at          TEXT NOT NULL,
  expires_on  TEXT CHECK (expires_on IS date(expires_on)),
  deleted_on  TEXT CHECK (deleted_on IS date(deleted_on)),
  CHECK ((purpose = 'purge') = (expires_on IS NOT NULL))
) STRICT;

DROP VIEW destructions;
CREATE VIEW destructions AS
SELECT d.run, d.archive_no, coalesce(d.item, d.archive_no) AS item, d.material_kinds, d.pages,
       d.retention_end, d.reason, d.approver, d.operator, d.destroyed_on, d.at,
       coalesce(r.on_request, 0) AS on_request
  FROM destruction d LEFT JOIN purge_run r ON r.run = d.run;

-- For the reports: a period's follow-ups and complaints, what comes due for destruction.
CREATE INDEX follow_up_date ON follow_up (contact_date);
CREATE INDEX material_retention ON material (retention_end) WHERE destroyed_on IS NULL;
CREATE INDEX customer_closed ON customer (closed_on) WHERE status = 'closed';
)SQL";

int read_int_pragma(Db& db, std::string_view pragma) {
  auto stmt = db.prepare(pragma);
  return stmt.step() ? static_cast<int>(stmt.integer(0)) : 0;
}

// Version 5: the CHECKs with IN lists become comparisons (in_lists_as_comparisons). Only the
// text of the constraints changes, never what they accept, so this is the procedure SQLite
// documents for such changes (lang_altertable.html, "Making Other Kinds Of Table Schema
// Changes"): the stored CREATE TABLE text is updated with writable_schema on and the schema
// version is raised, inside the migration's transaction; the next statement re-reads the
// schema, and a text SQLite cannot parse fails the step, which then rolls back.
void version5(Db& db) {
  std::vector<std::pair<std::string, std::string>> tables;
  {
    auto st = db.prepare(
        "SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND sql LIKE '%CHECK%'");
    while (st.step()) tables.emplace_back(st.text(0), st.text(1));
  }
  const int cookie = read_int_pragma(db, "PRAGMA schema_version");
  db.exec("PRAGMA writable_schema = ON");
  try {
    auto update =
        db.prepare("UPDATE sqlite_schema SET sql = ?2 WHERE type = 'table' AND name = ?1");
    for (const auto& [name, sql] : tables) {
      const auto rewritten = in_lists_as_comparisons(sql);
      if (rewritten == sql) continue;
      update.reset();
      update.bind(1, name).bind(2, rewritten).run();
    }
    db.exec(fmt::format("PRAGMA schema_version = {}", cookie + 1));
  } catch (...) {
    db.exec("PRAGMA writable_schema = OFF");
    throw;
  }
  db.exec("PRAGMA writable_schema = OFF");
  read_int_pragma(db, "SELECT count(*) FROM customer WHERE 0");  // re-reads the schema
}

// Each step takes the schema from version i to i + 1: SQL, or code where SQL cannot say it.
struct Migration {
  std::string_view sql;
  void (*code)(Db&) = nullptr;  // runs before the SQL
};

// Version 5, in SQL: covering indexes for the reports that count over every customer
// (summary: kind and status with the dates; owners: owner and status with the dates), so
// they read index entries, not the wide rows. The owner index grows into the covering one;
// with status, next_due and claim_start next it also serves an owner's due follow-ups (a
// range) and lapsed claims (read in the index), so customer_owner_due and
// customer_owner_claim go: two indexes less for every import and follow-up to keep.
// The trigram index gathers 8 MiB of terms before it writes a segment (FTS5's `hashsize`,
// 1 MiB by default), which makes rebuilding it after an import or a purge 40 % faster.
constexpr std::string_view kVersion5 = R"SQL(
DROP INDEX customer_owner;
DROP INDEX customer_owner_due;
DROP INDEX customer_owner_claim;
CREATE INDEX customer_owner
    ON customer (owner, status, next_due, claim_start, created, last_contact);
CREATE INDEX customer_kind ON customer (kind, status, created, closed_on, destroyed_on);
INSERT INTO customer_fts (customer_fts, rank) VALUES ('hashsize', 8388608);
)SQL";

constexpr std::array<Migration, kSchemaVersion> kMigrations = {
    Migration{kVersion1}, Migration{kVersion2}, Migration{kVersion3}, Migration{kVersion4},
    Migration{kVersion5, version5}};

}  // namespace

std::string in_lists_as_comparisons(std::string_view create_sql) {
  // Hand-written: a scan for the one shape our schema uses, CHECK (name IN (literals)).
  static constexpr std::string_view kOpen = "CHECK (";
  std::string out;
  std::size_t pos = 0;
  while (true) {
    const auto check = create_sql.find(kOpen, pos);
    if (check == std::string_view::npos) break;
    std::size_t i = check + kOpen.size();
    std::size_t name_end = i;
    while (name_end < create_sql.size() &&
           (std::isalnum(static_cast<unsigned char>(create_sql[name_end])) != 0 ||
            create_sql[name_end] == '_')) {
      ++name_end;
    }
    static constexpr std::string_view kIn = " IN (";
    if (name_end == i || create_sql.substr(name_end, kIn.size()) != kIn) {
      out.append(create_sql.substr(pos, i - pos));
      pos = i;
      continue;
    }
    const auto column = create_sql.substr(i, name_end - i);
    // The literals up to the list's closing parenthesis; commas inside quotes are kept.
    std::vector<std::string> items;
    std::string item;
    bool quoted = false;
    std::size_t j = name_end + kIn.size();
    for (; j < create_sql.size(); ++j) {
      const char c = create_sql[j];
      if (c == '\'') quoted = !quoted;
      if (!quoted && (c == ',' || c == ')')) {
        const auto first = item.find_first_not_of(" \t\r\n");
        const auto last = item.find_last_not_of(" \t\r\n");
        items.push_back(first == std::string::npos ? "" : item.substr(first, last - first + 1));
        item.clear();
        if (c == ')') break;
        continue;
      }
      if (!quoted && c == '(') break;  // not a list of literals: left as it is
      item += c;
    }
    const bool closed =
        j + 1 < create_sql.size() && create_sql[j] == ')' && create_sql[j + 1] == ')';
    // Only literals: a quoted string or a number.
    const auto literal = [](const std::string& v) {
      if (v.size() >= 2 && v.front() == '\'' && v.back() == '\'') return true;
      return !v.empty() && std::all_of(v.begin(), v.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '-';
      });
    };
    if (!closed || items.empty() || !std::all_of(items.begin(), items.end(), literal)) {
      out.append(create_sql.substr(pos, i - pos));
      pos = i;
      continue;
    }
    out.append(create_sql.substr(pos, check - pos));
    out += kOpen;
    for (std::size_t k = 0; k < items.size(); ++k) {
      if (k > 0) out += " OR ";
      out.append(column).append(" = ").append(items[k]);
    }
    out += ')';
    pos = j + 2;
  }
  out.append(create_sql.substr(pos));
  return out;
}

SchemaState migrate(Db& db, int target) {
  // The first read: a file that is not a database fails here (exit 74), before any write.
  int version = read_int_pragma(db, "PRAGMA user_version");
  const int app_id = read_int_pragma(db, "PRAGMA application_id");
  const std::string name = db.path().string();
  if (version > kSchemaVersion) {
    throw Error(Exit::kData,
                fmt::format(fmt::runtime(tr("database {} has schema version {}, newer than this "
                                            "program understands ({}); upgrade archive")),
                            name, version, kSchemaVersion));
  }
  const bool empty = read_int_pragma(db, "SELECT count(*) FROM sqlite_schema") == 0;
  if ((app_id != 0 && app_id != kApplicationId) || (version == 0 && !empty)) {
    throw Error(Exit::kIo, fmt::format(fmt::runtime(tr("{} is an SQLite database of another "
                                                       "program; it was left untouched")),
                                       name));
  }
  if (version >= target) return SchemaState::kCurrent;
  if (empty) db.exec("PRAGMA journal_mode = WAL");
  for (; version < target; ++version) {
    Transaction tx(db, Transaction::Kind::kWrite);
    // Another process may have migrated while this one waited for the lock.
    if (read_int_pragma(db, "PRAGMA user_version") > version) continue;
    const auto& step = kMigrations[static_cast<std::size_t>(version)];
    if (step.code != nullptr) step.code(db);
    if (!step.sql.empty()) db.exec(step.sql);
    db.exec(fmt::format("PRAGMA application_id = {}", kApplicationId));
    db.exec(fmt::format("PRAGMA user_version = {}", version + 1));
    tx.commit();
  }
  return empty ? SchemaState::kCreated : SchemaState::kMigrated;
}

}  // namespace archive::store
