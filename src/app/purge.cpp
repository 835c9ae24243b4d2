// Use cases of purge: the plan, the real run (backup, erasure, register, clean-up,
// checkpoint), and the register look-up of `add` and import.
#include "archive/app/purge.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <system_error>

#include "archive/app/backup.h"
#include "archive/app/lookup.h"
#include "archive/domain/retention.h"
#include "archive/domain/text.h"
#include "archive/error.h"
#include "archive/fault.h"
#include "archive/i18n.h"
#include "archive/io/hmac.h"
#include "archive/store/customers.h"
#include "archive/store/import_batches.h"
#include "archive/store/purge.h"

namespace archive::app {

namespace {

namespace fs = std::filesystem;
using domain::Block;
using domain::DueItem;
using report::Cell;
using report::CellType;

// How long a checkpoint waits for readers before purge says it could not finish.
constexpr int kCheckpointWaitMs = 3000;
// The reason the register records for destruction by retention.
constexpr const char* kRetentionReason = "retention";

std::optional<domain::Date> date_of(const std::string& iso) {
  if (iso.empty()) return std::nullopt;
  return domain::Date::from_iso(iso);
}

std::map<std::string, int> kind_years(const config::Config& config) {
  std::map<std::string, int> out;
  for (const auto& k : config.materials) out[k.name] = k.retention_years;
  return out;
}

domain::MaterialFacts facts_of(const store::LiveMaterial& m,
                               const std::map<std::string, int>& years) {
  domain::MaterialFacts f;
  f.id = m.id;
  f.seq = m.seq;
  f.kind = m.kind;
  f.pages = m.pages;
  f.filed = *domain::Date::from_iso(m.filed);
  f.stored_end = *domain::Date::from_iso(m.retention_end);
  if (auto it = years.find(m.kind); it != years.end()) f.kind_years = it->second;
  f.open_loan = m.open_loan;
  return f;
}

domain::ArchiveFacts facts_of(const store::PurgeArchive& a,
                              const std::map<std::string, int>& years) {
  domain::ArchiveFacts f;
  f.id = a.id;
  f.archive_no = a.archive_no;
  f.status = a.status;
  f.closed_on = date_of(a.closed_on);
  f.held = a.held;
  f.open_complaint = a.open_complaint;
  for (const auto& m : a.materials) f.materials.push_back(facts_of(m, years));
  return f;
}

void sort_items(std::vector<DueItem>& items) {
  std::sort(items.begin(), items.end(), [](const DueItem& a, const DueItem& b) {
    return std::tie(a.archive_no, a.material_seq) < std::tie(b.archive_no, b.material_seq);
  });
}

struct StaleEnd {
  std::int64_t material_id;
  std::string end;
};

// What retention makes due today, inside the caller's transaction. With `stale`, also the
// materials whose stored end differs from the config's.
PurgePlan retention_plan(store::Db& db, const Session& session, std::vector<StaleEnd>* stale) {
  const auto years = kind_years(session.config);
  const int closed_years = session.config.archive.closed_retention_years;
  store::PurgeRepo repo(db);
  std::set<std::int64_t> candidates;
  repo.for_each_live_material([&](const store::LiveMaterial& m) {
    const auto f = facts_of(m, years);
    const auto end = domain::material_end(f);
    if (domain::past_retention(end, session.today)) candidates.insert(m.customer_id);
    if (stale && end != f.stored_end) stale->push_back({m.id, end.iso()});
  });
  // A superset of the closed archives past their end; the domain decides exactly.
  const auto cutoff = session.today.plus_years(-closed_years).plus_days(2);
  for (const auto id : repo.closed_on_or_before(cutoff.iso())) candidates.insert(id);
  PurgePlan plan;
  for (const auto id : candidates) {
    const auto a = repo.archive(id);
    if (!a) continue;
    for (auto& item :
         domain::due_for_destruction(facts_of(*a, years), closed_years, session.today)) {
      (item.block == Block::kNone ? plan.due : plan.blocked).push_back(std::move(item));
    }
  }
  sort_items(plan.due);
  sort_items(plan.blocked);
  return plan;
}

// The one archive an erasure on request destroys.
PurgePlan request_plan(store::Db& db, const Session& session, const std::string& archive_no) {
  store::CustomerRepo customers(db);
  const auto c = load_live_archive(customers, archive_no);
  const auto a = store::PurgeRepo(db).archive(c.id);
  if (!a) throw Error(Exit::kNoInput, fmt::format(fmt::runtime(tr("no archive {}")), archive_no));
  auto item = domain::erasure_on_request(facts_of(*a, kind_years(session.config)),
                                         session.config.archive.closed_retention_years);
  PurgePlan plan;
  (item.block == Block::kNone ? plan.due : plan.blocked).push_back(std::move(item));
  return plan;
}

PurgePlan make_plan(store::Db& db, const Session& session, const PurgeRequest& request,
                    std::vector<StaleEnd>* stale) {
  if (request.on_request) return request_plan(db, session, request.archive_no);
  return retention_plan(db, session, stale);
}

std::string block_text(const DueItem& item) {
  switch (item.block) {
    case Block::kHeld:
      return tr("legal hold");
    case Block::kOnLoan:
      return fmt::format(fmt::runtime(tr("on loan {}")), item.block_detail);
    case Block::kOpenComplaint:
      return fmt::format(fmt::runtime(tr("open complaint {}")), item.block_detail);
    case Block::kNone:
      break;
  }
  return {};
}

void check_usage(const PurgeRequest& request) {
  if (request.on_request && request.archive_no.empty()) {
    throw Error(Exit::kUsage, tr("--on-request needs the archive number: purge NO --on-request"));
  }
  if (!request.archive_no.empty() && !request.on_request) {
    throw Error(Exit::kUsage,
                tr("purge NO destroys one archive only on the customer's request: give "
                   "--on-request --reason TEXT"));
  }
  if (request.on_request && domain::trim(request.reason).empty()) {
    throw Error(Exit::kUsage, tr("an erasure on request needs a reason: give --reason"));
  }
}

// The approver as recorded: a login listed in [staff] becomes the display name.
std::string checked_approver(const Session& session, const std::string& raw) {
  std::string approver = domain::trim(raw);
  if (approver.empty()) throw Error(Exit::kUsage, tr("--approved-by needs a manager's name"));
  if (auto it = session.config.staff.find(approver); it != session.config.staff.end()) {
    approver = it->second;
  }
  if (!is_manager(session, approver) && !is_manager(session, domain::trim(raw))) {
    throw Error(Exit::kPolicy,
                fmt::format(fmt::runtime(tr("{} is not a manager: [roles] managers does not list "
                                            "them, so they cannot approve a purge")),
                            approver));
  }
  if (approver == session.op || domain::trim(raw) == session.os_login) {
    throw Error(Exit::kPolicy,
                fmt::format(fmt::runtime(tr("{} cannot approve their own purge: the approver and "
                                            "the operator must be two people")),
                            approver));
  }
  return approver;
}

void refuse_blocked_request(const PurgePlan& plan) {
  if (plan.blocked.empty()) return;
  const auto& item = plan.blocked.front();
  throw Error(Exit::kPolicy, fmt::format(fmt::runtime(tr("archive {} cannot be erased: {}")),
                                         item.archive_no, block_text(item)));
}

std::string join_kinds(const std::vector<std::string>& kinds) {
  return fmt::format("{}", fmt::join(kinds, ","));
}

// 32 random bytes as hex.
std::string new_key() {
  std::array<unsigned char, 32> bytes{};
  std::size_t got = 0;
  while (got < bytes.size()) {
    const ssize_t n = getrandom(bytes.data() + got, bytes.size() - got, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw Error(Exit::kIo, fmt::format(fmt::runtime(tr("cannot read random bytes: {}")),
                                         std::strerror(errno)));
    }
    got += static_cast<std::size_t>(n);
  }
  std::string hex;
  for (unsigned char b : bytes) hex += fmt::format("{:02x}", b);
  return hex;
}

// The key in `path`: 64 hex digits. Nothing when there is no file; `problem` says why a file
// that exists cannot be used.
std::optional<std::string> read_key(const fs::path& path, std::string& problem) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return std::nullopt;
  std::ifstream in(path);
  std::string key;
  if (!in || !std::getline(in, key)) {
    problem = fmt::format(fmt::runtime(tr("cannot read the register key {}")), path.string());
    return std::nullopt;
  }
  key = domain::trim(key);
  if (key.size() != 64 || key.find_first_not_of("0123456789abcdef") != std::string::npos) {
    problem = fmt::format(fmt::runtime(tr("the register key {} is damaged")), path.string());
    return std::nullopt;
  }
  return key;
}

// The key, created (0600, exclusively) when there is none yet.
std::string ensure_key(const fs::path& path) {
  std::string problem;
  if (auto key = read_key(path, problem)) return *key;
  if (!problem.empty()) throw Error(Exit::kIo, problem);
  const std::string key = new_key();
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    throw Error(Exit::kCantCreate,
                fmt::format(fmt::runtime(tr("cannot create the register key {}: {}")),
                            path.string(), std::strerror(errno)));
  }
  const std::string line = key + "\n";
  const bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!written || !synced) {
    std::error_code ec;
    fs::remove(path, ec);
    throw Error(Exit::kIo,
                fmt::format(fmt::runtime(tr("cannot write the register key {}")), path.string()));
  }
  return key;
}

std::string mobile_hash(const std::string& key, const std::string& mobile) {
  return mobile.empty() ? std::string() : io::hmac_sha256_hex(key, "mobile:" + mobile);
}

std::string id_hash(const std::string& key, const std::string& id_number) {
  return id_number.empty() ? std::string() : io::hmac_sha256_hex(key, "id:" + id_number);
}

// Removes the backup a run wrote unless the run committed (then it is recorded).
class BackupGuard {
 public:
  ~BackupGuard() {
    if (!path_.empty()) {
      std::error_code ec;
      fs::remove(path_, ec);
    }
  }
  void set(const fs::path& path) { path_ = path; }
  void release() { path_.clear(); }

 private:
  fs::path path_;
};

fs::path free_backup_path(const Session& session) {
  const fs::path dir = purge_backup_dir(session);
  const std::string name = purge_backup_name(session.db_path, session.now_utc);
  fs::path target = dir / name;
  std::error_code ec;
  for (int n = 2; fs::exists(target, ec); ++n) {
    target = dir / fmt::format("{}-{}.bak", name.substr(0, name.size() - 4), n);
  }
  return target;
}

}  // namespace

std::int64_t PurgePlan::archives() const {
  return std::count_if(due.begin(), due.end(), [](const DueItem& i) { return i.whole_archive(); });
}

std::int64_t PurgePlan::materials() const {
  return static_cast<std::int64_t>(due.size()) - archives();
}

report::Table plan_table(const Session& session, const PurgePlan& plan) {
  report::Table t;
  t.name = "purge";
  t.title =
      fmt::format(fmt::runtime(tr("due for destruction on {}: {} archives, {} materials; "
                                  "{} blocked")),
                  session.today.iso(), plan.archives(), plan.materials(), plan.blocked.size());
  t.columns = {{"archive_no", tr("archive_no"), CellType::kText},
               {"item", tr("item"), CellType::kText},
               {"kinds", tr("kinds"), CellType::kText},
               {"retention_end", tr("retention_end"), CellType::kDate},
               {"pages", tr("pages"), CellType::kInteger},
               {"blocked", tr("blocked"), CellType::kText}};
  std::map<std::string, std::string> labels;
  for (const auto& k : session.config.materials) labels[k.name] = k.label;
  auto add = [&](const DueItem& item) {
    std::vector<std::string> kinds;
    for (const auto& k : item.kinds) kinds.push_back(labels.count(k) ? labels[k] : k);
    t.add_row({Cell::text(item.archive_no), Cell::text(item.item()),
               Cell::text_or_null(fmt::format("{}", fmt::join(kinds, ", "))),
               item.retention_end ? Cell::date(item.retention_end->iso()) : Cell::null(),
               item.pages > 0 ? Cell::integer(item.pages) : Cell::null(),
               Cell::text_or_null(block_text(item))});
  };
  for (const auto& item : plan.due) add(item);
  for (const auto& item : plan.blocked) add(item);
  return t;
}

PurgePlan plan_purge(const Session& session, const PurgeRequest& request) {
  check_usage(request);
  auto db = open_db(session, OpenMode::kExisting);
  store::Transaction tx(db, store::Transaction::Kind::kRead);
  return make_plan(db, session, request, nullptr);
}

PurgeOutcome run_purge(const Session& session, const PurgeRequest& request,
                       const std::function<bool(const PurgePlan&)>& confirm) {
  check_usage(request);
  const std::string approver = checked_approver(session, request.approved_by);
  const std::string reason = request.on_request ? domain::trim(request.reason) : kRetentionReason;

  auto db = open_db(session, OpenMode::kExisting);
  store::enable_secure_delete(db);
  PurgePlan shown;
  {
    store::Transaction tx(db, store::Transaction::Kind::kRead);
    shown = make_plan(db, session, request, nullptr);
  }
  if (request.on_request) refuse_blocked_request(shown);
  PurgeOutcome out;
  if (confirm && !shown.due.empty() && !confirm(shown)) {
    out.confirmed = false;
    return out;
  }

  BackupGuard guard;
  store::Transaction tx(db, store::Transaction::Kind::kWrite);
  store::PurgeRepo repo(db);
  if (!shown.due.empty() && !request.no_backup) {
    // A second connection reads the state this one holds the write lock on, so the copy is
    // exactly what the run starts from (VACUUM INTO cannot run inside a transaction).
    auto reader = store::Db::open(session.db_path, false, session.busy_timeout_ms);
    out.backup = free_backup_path(session);
    write_backup(reader, out.backup);
    guard.set(out.backup);
  }
  fault_point("purge.after_backup");

  // Under the lock: what is due now, and still confirmed, is destroyed.
  std::vector<StaleEnd> stale;
  const PurgePlan now = make_plan(db, session, request, request.on_request ? nullptr : &stale);
  if (request.on_request) refuse_blocked_request(now);
  std::set<std::string> shown_items;
  for (const auto& item : shown.due) shown_items.insert(item.item());
  std::vector<DueItem> destroy;
  std::set<std::string> destroyed_items;
  for (const auto& item : now.due) {
    if (shown_items.count(item.item())) {
      destroy.push_back(item);
      destroyed_items.insert(item.item());
    }
  }
  for (const auto& item : shown.due) {
    if (!destroyed_items.count(item.item())) out.skipped.push_back(item.item());
  }

  const std::string today = session.today.iso();
  if (!destroy.empty()) {
    out.run = fmt::format("P-{:06}", store::CustomerRepo(db).next_in_sequence("purge"));
    for (const auto& item : destroy) (item.whole_archive() ? out.archives : out.materials)++;
    repo.insert_run({out.run, request.on_request, reason, approver, session.op, session.os_login,
                     today, session.now_utc, out.archives, out.materials,
                     out.backup.empty() ? std::string() : out.backup.string()});
    std::string key;
    if (out.archives > 0) key = ensure_key(register_key_path(session.db_path));
    for (const auto& item : destroy) {
      store::DestructionRow row{out.run,
                                item.archive_no,
                                item.item(),
                                join_kinds(item.kinds),
                                item.pages,
                                item.retention_end ? item.retention_end->iso() : std::string(),
                                reason,
                                approver,
                                session.op,
                                today,
                                session.now_utc,
                                {},
                                {}};
      if (item.whole_archive()) {
        const auto a = repo.archive(item.archive_id);
        if (a) {
          row.mobile_hash = mobile_hash(key, a->mobile);
          row.id_hash = id_hash(key, a->id_number);
        }
        repo.destroy_archive(item.archive_id, today);
      } else {
        repo.destroy_material(item.material_id, today);
      }
      repo.insert_destruction(row);
      audit(db, session, "destroy", item.archive_no, out.run + " " + item.item());
      fault_point("purge.item");
    }
    if (out.archives > 0) repo.rebuild_search_index();
    repo.set_checkpoint_pending(out.run);
  }
  std::set<std::int64_t> destroyed_materials;
  for (const auto& item : destroy) {
    if (!item.whole_archive()) destroyed_materials.insert(item.material_id);
  }
  for (const auto& s : stale) {
    if (destroyed_materials.count(s.material_id)) continue;
    repo.set_retention_end(s.material_id, s.end);
    ++out.retention_refreshed;
  }

  // Backups: the new one recorded with its expiry; expired ones and the leftovers of killed
  // runs deleted while this run holds the write lock, so no other run's fresh backup (not
  // yet recorded) can be taken for a leftover.
  if (!out.backup.empty()) {
    repo.insert_backup(out.backup.string(), "purge", today, session.now_utc,
                       session.today.plus_days(session.config.purge.backup_days).iso());
  }
  std::set<std::string> live;
  for (const auto& b : repo.live_backups()) {
    if (b.purpose == "purge" && !b.expires_on.empty() && b.expires_on <= today) {
      repo.mark_backup_deleted(b.id, today);
      std::error_code ec;
      if (fs::remove(b.path, ec)) out.deleted_backups.emplace_back(b.path);
      continue;
    }
    live.insert(b.path);
  }
  std::error_code ec;
  const fs::path dir = purge_backup_dir(session);
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::path p = it->path();
    if (!is_purge_backup_name(session.db_path, p.filename().string())) continue;
    if (live.count(p.string()) || p == out.backup) continue;
    std::error_code rm;
    if (fs::remove(p, rm)) out.deleted_backups.push_back(p);
  }

  const bool changed =
      !destroy.empty() || out.retention_refreshed > 0 || !out.deleted_backups.empty();
  if (!changed) return out;  // nothing written: the transaction rolls back
  audit(db, session, "purge", "",
        fmt::format("{} archives={} materials={} retention_refreshed={} backups_deleted={}",
                    out.run.empty() ? "-" : out.run, out.archives, out.materials,
                    out.retention_refreshed, out.deleted_backups.size()));
  fault_point("purge.before_commit");
  tx.commit();
  guard.release();
  fault_point("purge.after_commit");

  if (!out.run.empty()) {
    out.checkpoint_done = store::checkpoint_truncate(db, kCheckpointWaitMs);
    if (out.checkpoint_done) {
      store::Transaction done(db, store::Transaction::Kind::kWrite);
      store::PurgeRepo(db).set_checkpoint_pending("");
      done.commit();
      store::checkpoint_truncate(db, kCheckpointWaitMs);
    }
  }
  return out;
}

fs::path register_key_path(const fs::path& db_path) { return fs::path(db_path.string() + ".key"); }

DestructionRegister::DestructionRegister(const fs::path& db_path) {
  if (auto key = read_key(register_key_path(db_path), problem_)) key_ = *key;
}

std::vector<RegisterMatch> DestructionRegister::matches(store::Db& db, const std::string& mobile,
                                                        const std::string& id_number) const {
  std::vector<RegisterMatch> out;
  if (key_.empty() || (mobile.empty() && id_number.empty())) return out;
  for (auto& hit : store::PurgeRepo(db).hits(mobile_hash(key_, mobile), id_hash(key_, id_number))) {
    out.push_back({hit.run, hit.archive_no, hit.destroyed_on, hit.field});
  }
  return out;
}

std::string register_warning(const std::string& archive_no, const RegisterMatch& match) {
  const std::string what = match.field == "mobile" ? tr("mobile number") : tr("ID number");
  return fmt::format(fmt::runtime(tr("{}: the {} matches archive {}, destroyed on {} (purge "
                                     "run {}); make sure this person may be registered "
                                     "again")),
                     archive_no, what, match.archive_no, match.destroyed_on, match.run);
}

std::vector<RegisterMatch> register_matches(const Session& session, const std::string& archive_no) {
  DestructionRegister reg(session.db_path);
  auto db = open_db(session, OpenMode::kExisting);
  store::Transaction tx(db, store::Transaction::Kind::kRead);
  store::CustomerRepo customers(db);
  const auto c = load_live_archive(customers, archive_no);
  return reg.matches(db, c.get("mobile"), c.get("id_number"));
}

std::vector<std::pair<std::string, RegisterMatch>> batch_register_matches(
    const Session& session, const std::string& batch_no) {
  std::vector<std::pair<std::string, RegisterMatch>> out;
  DestructionRegister reg(session.db_path);
  if (!reg.has_key()) return out;
  auto db = open_db(session, OpenMode::kExisting);
  store::Transaction tx(db, store::Transaction::Kind::kRead);
  if (!store::PurgeRepo(db).any_hashes()) return out;
  store::ImportBatchRepo batches(db);
  const auto batch = batches.find(batch_no);
  if (!batch) return out;
  for (const auto& c : batches.created_contacts(batch->id)) {
    for (auto& m : reg.matches(db, c.mobile, c.id_number)) out.emplace_back(c.archive_no, m);
  }
  return out;
}

}  // namespace archive::app
