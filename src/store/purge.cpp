// Purge in SQLite: the facts retention decides on, the erasure itself, the destruction
// register, the backup records and the maintenance pragmas.
#include "archive/store/purge.h"

#include <fmt/format.h>

#include "archive/error.h"

namespace archive::store {

namespace {

constexpr std::string_view kLiveMaterials = R"SQL(
SELECT m.id, m.customer_id, m.seq, m.kind, coalesce(m.pages, 0), m.filed, m.retention_end
  FROM material m JOIN customer c ON c.id = m.customer_id
 WHERE m.destroyed_on IS NULL AND c.status <> 'destroyed'
)SQL";

constexpr std::string_view kArchive = R"SQL(
SELECT archive_no, status, closed_on, legal_hold IS NOT NULL, mobile, id_number,
       (SELECT follow_up_no FROM follow_up f
         WHERE f.customer_id = c.id AND f.state = 'open' ORDER BY f.id LIMIT 1)
  FROM customer c WHERE id = ?1 AND status <> 'destroyed'
)SQL";

constexpr std::string_view kArchiveMaterials = R"SQL(
SELECT m.id, m.seq, m.kind, coalesce(m.pages, 0), m.filed, m.retention_end,
       (SELECT l.loan_no FROM loan_item i JOIN loan l ON l.id = i.loan_id
         WHERE i.material_id = m.id AND i.returned_on IS NULL LIMIT 1)
  FROM material m
 WHERE m.customer_id = ?1 AND m.destroyed_on IS NULL
 ORDER BY m.seq
)SQL";

// Loans go first (their items reference the materials), then everything else of the card.
constexpr std::string_view kEraseArchive = R"SQL(
DELETE FROM loan WHERE customer_id = :id;
DELETE FROM material WHERE customer_id = :id;
DELETE FROM follow_up WHERE customer_id = :id;
DELETE FROM notice WHERE customer_id = :id;
DELETE FROM custom_value WHERE customer_id = :id;
DELETE FROM customer_grade WHERE customer_id = :id;
DELETE FROM grade_history WHERE customer_id = :id;
DELETE FROM field_history WHERE customer_id = :id;
)SQL";

// The tombstone keeps archive_no, region, kind, level, created, status and destroyed_on.
constexpr std::string_view kBlankCard = R"SQL(
UPDATE customer
   SET status = 'destroyed', destroyed_on = :on, closed_on = NULL,
       name = NULL, gender = NULL, birthday = NULL, id_number = NULL, company = NULL,
       credit_code = NULL, title = NULL, legal_rep = NULL, mobile = NULL, mobile_rev = NULL,
       phone = NULL, fax = NULL, email = NULL, website = NULL, address = NULL, postcode = NULL,
       owner = NULL, source = NULL, note = NULL, sms_opt_out = 0, legal_hold = NULL,
       legal_hold_since = NULL, last_contact = NULL, last_visit = NULL, next_due = NULL,
       next_due_explicit = 0, claim_start = NULL, dealt = 0, import_batch = NULL
 WHERE id = :id
)SQL";

constexpr std::string_view kInsertRun = R"SQL(
INSERT INTO purge_run (run, on_request, reason, approver, operator, os_login, destroyed_on, at,
                       archives, materials, backup)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
)SQL";

constexpr std::string_view kInsertDestruction = R"SQL(
INSERT INTO destruction (run, archive_no, item, material_kinds, pages, retention_end, reason,
                         approver, operator, destroyed_on, at, mobile_hash, id_hash)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
)SQL";

constexpr std::string_view kHits = R"SQL(
SELECT run, archive_no, destroyed_on, 'mobile' FROM destruction
 WHERE ?1 <> '' AND mobile_hash = ?1
UNION ALL
SELECT run, archive_no, destroyed_on, 'id_number' FROM destruction
 WHERE ?2 <> '' AND id_hash = ?2
 ORDER BY 3, 1
)SQL";

void run_named(Db& db, std::string_view sql, std::int64_t id, const std::string& on) {
  // Several statements: prepared one at a time, each bound by name.
  std::string rest(sql);
  while (true) {
    const auto start = rest.find_first_not_of(" \n");
    if (start == std::string::npos) break;
    const auto end = rest.find(';', start);
    const std::string one = rest.substr(start, end == std::string::npos ? end : end - start);
    auto st = db.prepare(one);
    st.bind(":id", id);
    if (!on.empty()) st.bind(":on", on);
    st.run();
    if (end == std::string::npos) break;
    rest = rest.substr(end + 1);
  }
}

}  // namespace

void PurgeRepo::for_each_live_material(const std::function<void(const LiveMaterial&)>& visit) {
  auto st = db_.prepare(kLiveMaterials);
  LiveMaterial m;
  while (st.step()) {
    m.id = st.integer(0);
    m.customer_id = st.integer(1);
    m.seq = st.integer(2);
    m.kind = st.text(3);
    m.pages = st.integer(4);
    m.filed = st.text(5);
    m.retention_end = st.text(6);
    visit(m);
  }
}

std::vector<std::int64_t> PurgeRepo::closed_on_or_before(const std::string& iso) {
  auto st = db_.prepare("SELECT id FROM customer WHERE status = 'closed' AND closed_on <= ?1");
  st.bind(1, iso);
  std::vector<std::int64_t> out;
  while (st.step()) out.push_back(st.integer(0));
  return out;
}

std::optional<PurgeArchive> PurgeRepo::archive(std::int64_t customer_id) {
  auto st = db_.prepare(kArchive);
  st.bind(1, customer_id);
  if (!st.step()) return std::nullopt;
  PurgeArchive a;
  a.id = customer_id;
  a.archive_no = st.text(0);
  a.status = st.text(1);
  a.closed_on = st.text(2);
  a.held = st.integer(3) != 0;
  a.mobile = st.text(4);
  a.id_number = st.text(5);
  a.open_complaint = st.text(6);
  auto ms = db_.prepare(kArchiveMaterials);
  ms.bind(1, customer_id);
  while (ms.step()) {
    LiveMaterial m;
    m.id = ms.integer(0);
    m.customer_id = customer_id;
    m.seq = ms.integer(1);
    m.kind = ms.text(2);
    m.pages = ms.integer(3);
    m.filed = ms.text(4);
    m.retention_end = ms.text(5);
    m.open_loan = ms.text(6);
    a.materials.push_back(std::move(m));
  }
  return a;
}

void PurgeRepo::set_retention_end(std::int64_t material_id, const std::string& iso) {
  auto st = db_.prepare("UPDATE material SET retention_end = ?2 WHERE id = ?1");
  st.bind(1, material_id).bind(2, iso).run();
}

void PurgeRepo::destroy_archive(std::int64_t customer_id, const std::string& destroyed_on) {
  run_named(db_, kEraseArchive, customer_id, "");
  run_named(db_, kBlankCard, customer_id, destroyed_on);
}

void PurgeRepo::destroy_material(std::int64_t material_id, const std::string& destroyed_on) {
  auto loans = db_.prepare("SELECT DISTINCT loan_id FROM loan_item WHERE material_id = ?1");
  loans.bind(1, material_id);
  std::vector<std::int64_t> loan_ids;
  while (loans.step()) loan_ids.push_back(loans.integer(0));
  db_.prepare("DELETE FROM loan_item WHERE material_id = ?1").bind(1, material_id).run();
  for (const auto loan_id : loan_ids) {
    db_.prepare(
           "DELETE FROM loan WHERE id = ?1 AND NOT EXISTS "
           "(SELECT 1 FROM loan_item WHERE loan_id = ?1)")
        .bind(1, loan_id)
        .run();
  }
  auto st = db_.prepare(
      "UPDATE material SET title = ?2, location = NULL, path = NULL, sha256 = NULL, "
      "destroyed_on = ?3 WHERE id = ?1");
  st.bind(1, material_id).bind(2, kDestroyedTitle).bind(3, destroyed_on).run();
}

void PurgeRepo::rebuild_search_index() {
  db_.exec("INSERT INTO customer_fts (customer_fts) VALUES ('rebuild')");
}

void PurgeRepo::insert_run(const PurgeRun& r) {
  auto st = db_.prepare(kInsertRun);
  st.bind(1, r.run).bind(2, r.on_request ? 1 : 0).bind(3, r.reason).bind(4, r.approver);
  st.bind(5, r.op).bind(6, r.os_login).bind(7, r.destroyed_on).bind(8, r.at);
  st.bind(9, r.archives).bind(10, r.materials).bind_text_or_null(11, r.backup);
  st.run();
}

void PurgeRepo::insert_destruction(const DestructionRow& d) {
  auto st = db_.prepare(kInsertDestruction);
  st.bind(1, d.run).bind(2, d.archive_no).bind(3, d.item).bind_text_or_null(4, d.material_kinds);
  st.bind(5, d.pages).bind_text_or_null(6, d.retention_end).bind(7, d.reason);
  st.bind(8, d.approver).bind(9, d.op).bind(10, d.destroyed_on).bind(11, d.at);
  st.bind_text_or_null(12, d.mobile_hash).bind_text_or_null(13, d.id_hash);
  st.run();
}

std::vector<RegisterHit> PurgeRepo::hits(const std::string& mobile_hash,
                                         const std::string& id_hash) {
  auto st = db_.prepare(kHits);
  st.bind(1, mobile_hash).bind(2, id_hash);
  std::vector<RegisterHit> out;
  while (st.step()) out.push_back({st.text(0), st.text(1), st.text(2), st.text(3)});
  return out;
}

bool PurgeRepo::any_hashes() {
  auto st = db_.prepare(
      "SELECT 1 FROM destruction WHERE mobile_hash IS NOT NULL OR id_hash IS NOT NULL LIMIT 1");
  return st.step();
}

void PurgeRepo::insert_backup(const std::string& path, const std::string& purpose,
                              const std::string& written_on, const std::string& at,
                              const std::string& expires_on) {
  auto st = db_.prepare(
      "INSERT INTO backup (path, purpose, written_on, at, expires_on) VALUES (?1, ?2, ?3, ?4, ?5) "
      "ON CONFLICT (path) DO UPDATE SET purpose = ?2, written_on = ?3, at = ?4, expires_on = ?5, "
      "deleted_on = NULL");
  st.bind(1, path)
      .bind(2, purpose)
      .bind(3, written_on)
      .bind(4, at)
      .bind_text_or_null(5, expires_on);
  st.run();
}

std::vector<BackupRecord> PurgeRepo::live_backups() {
  auto st = db_.prepare(
      "SELECT id, path, purpose, written_on, expires_on FROM backup WHERE deleted_on IS NULL "
      "ORDER BY id");
  std::vector<BackupRecord> out;
  while (st.step()) {
    out.push_back({st.integer(0), st.text(1), st.text(2), st.text(3), st.text(4)});
  }
  return out;
}

void PurgeRepo::mark_backup_deleted(std::int64_t id, const std::string& deleted_on) {
  db_.prepare("UPDATE backup SET deleted_on = ?2 WHERE id = ?1")
      .bind(1, id)
      .bind(2, deleted_on)
      .run();
}

std::string PurgeRepo::checkpoint_pending() {
  auto st = db_.prepare("SELECT value FROM meta WHERE key = 'checkpoint_pending'");
  return st.step() ? st.text(0) : std::string();
}

void PurgeRepo::set_checkpoint_pending(const std::string& run) {
  if (run.empty()) {
    db_.exec("DELETE FROM meta WHERE key = 'checkpoint_pending'");
    return;
  }
  db_.prepare(
         "INSERT INTO meta (key, value) VALUES ('checkpoint_pending', ?1) "
         "ON CONFLICT (key) DO UPDATE SET value = ?1")
      .bind(1, run)
      .run();
}

void enable_secure_delete(Db& db) { db.exec("PRAGMA secure_delete = ON"); }

bool checkpoint_truncate(Db& db, int wait_ms) {
  sqlite3_busy_timeout(db.handle(), wait_ms);
  int log_frames = 0;
  int checkpointed = 0;
  const int rc = sqlite3_wal_checkpoint_v2(db.handle(), nullptr, SQLITE_CHECKPOINT_TRUNCATE,
                                           &log_frames, &checkpointed);
  if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) return false;
  if (rc != SQLITE_OK) db.fail(rc, "wal_checkpoint");
  return true;
}

void vacuum_into(Db& db, const std::filesystem::path& target) {
  db.prepare("VACUUM INTO ?1").bind(1, target.string()).run();
}

std::string quick_check_file(const std::filesystem::path& path) {
  auto copy = Db::open(path, false, 1000);
  auto st = copy.prepare("PRAGMA quick_check(1)");
  return st.step() ? st.text(0) : std::string("no answer");
}

std::vector<std::string> integrity_check(Db& db, int limit) {
  auto st = db.prepare(fmt::format("PRAGMA integrity_check({})", limit));
  std::vector<std::string> out;
  while (st.step()) out.push_back(st.text(0));
  return out;
}

std::vector<std::string> foreign_key_violations(Db& db) {
  auto st = db.prepare("SELECT DISTINCT \"table\" FROM pragma_foreign_key_check ORDER BY 1");
  std::vector<std::string> out;
  while (st.step()) out.push_back(st.text(0));
  return out;
}

int user_version(Db& db) {
  auto st = db.prepare("PRAGMA user_version");
  return st.step() ? static_cast<int>(st.integer(0)) : 0;
}

std::vector<std::string> missing_triggers(Db& db, const std::vector<std::string>& names) {
  std::vector<std::string> out;
  auto st = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'trigger' AND name = ?1");
  for (const auto& name : names) {
    st.bind(1, name);
    if (!st.step()) out.push_back(name);
    st.reset();
  }
  return out;
}

}  // namespace archive::store
