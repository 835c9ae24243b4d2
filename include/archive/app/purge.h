// `archive purge`: destruction (销毁) of what is past its retention, or of one archive on the
// customer's request for erasure (PIPL), with a manager's approval; the destruction register
// and the check of new customers against it.
//
// A real run, in this order, changes nothing until every check has passed:
//   1. usage (64): a reason with --on-request; approver and operator (77: the approver must be
//      a manager of [roles] managers, and not the operator);
//   2. the plan, read in one snapshot, which the caller may confirm (a terminal prompt);
//   3. the write lock (BEGIN IMMEDIATE); under it the backup is written (VACUUM INTO a 0600
//      file, checked with quick_check; 73 when it cannot be created) unless --no-backup, and
//      the plan is computed again: only what is still due and unblocked, and was confirmed,
//      is destroyed, so a hold or loan that came in meanwhile wins;
//   4. one transaction erases, writes the register (run P-…, one row per item), records the
//      backup with its expiry, marks expired backups deleted, audits, and commits;
//   5. expired purge backups and files a killed run left behind are deleted, then the
//      write-ahead log is checkpointed and truncated (secure_delete is on for the run).
// A kill at any moment leaves the run's destruction all done or not done at all.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "archive/app/session.h"
#include "archive/domain/purge.h"
#include "archive/report/table.h"
#include "archive/store/db.h"

namespace archive::app {

struct PurgeRequest {
  std::string approved_by;  // empty: a dry run
  bool no_backup = false;
  // Erasure on request: the archive number and the reason (both required together).
  std::string archive_no;
  bool on_request = false;
  std::string reason;
};

// What a run would destroy (due and unblocked) and what is due but blocked.
struct PurgePlan {
  std::vector<domain::DueItem> due;      // not blocked
  std::vector<domain::DueItem> blocked;  // with their reason
  std::int64_t archives() const;         // whole archives in `due`
  std::int64_t materials() const;        // single materials in `due`
};

// The plan as a table "purge": archive_no, item, kinds (labels from the config), retention
// end, pages, blocked (empty when it would be destroyed, else why: "legal hold", "on loan
// L-000003", "open complaint F-000012"). Due items first, then blocked ones, each in
// archive-number order.
report::Table plan_table(const Session& session, const PurgePlan& plan);

// The dry run: what retention makes due today (or, with archive_no and on_request, the one
// archive erasure would destroy: 66 unknown, 77 destroyed). Reads only; also refreshes
// nothing. Usage errors as run_purge.
PurgePlan plan_purge(const Session& session, const PurgeRequest& request);

struct PurgeOutcome {
  bool confirmed = true;  // false: the confirmation was declined; nothing happened
  std::string run;        // "P-000001"; empty when nothing was destroyed
  std::int64_t archives = 0;
  std::int64_t materials = 0;
  std::filesystem::path backup;  // empty: none written
  // Items of the confirmed plan that were not destroyed because they changed meanwhile.
  std::vector<std::string> skipped;
  std::vector<std::filesystem::path> deleted_backups;  // expired or left by a killed run
  bool checkpoint_done = true;           // false: a reader kept the WAL checkpoint from finishing
  std::int64_t retention_refreshed = 0;  // materials whose stored end followed the config
};

// The real run (request.approved_by given). `confirm` is called with the plan before the
// write lock is taken, when it is set and the plan destroys something; returning false
// ends the run with nothing changed. Refusals: no approver or an empty reason with
// --on-request (64); approver not a manager, approver = operator, erasure of a held archive
// or one with a material on loan (77); no such archive (66); a destroyed one (77); the backup
// cannot be created (73). Audit: "destroy" per item (detail "P-000001 NO/N"), "purge" for
// the run (counts) — never a name.
PurgeOutcome run_purge(const Session& session, const PurgeRequest& request,
                       const std::function<bool(const PurgePlan&)>& confirm);

// The key of the register's keyed hashes: 32 random bytes, hex, in the 0600 file
// "<database>.key" beside the database (never inside it).
std::filesystem::path register_key_path(const std::filesystem::path& db_path);

// A person (by canonical mobile and ID number) found in the destruction register: an archive
// of theirs was destroyed, perhaps on their own request.
struct RegisterMatch {
  std::string run;
  std::string archive_no;
  std::string destroyed_on;
  std::string field;  // "mobile" | "id_number"
};

// Looks people up in the destruction register by the keyed hashes of their mobile and ID
// number. For `add` and `import`: they warn on stderr (never refuse) when a new card matches.
// Construct once per command (reads the key file); no key file means nothing was ever hashed
// and nothing matches. An unreadable or malformed key file makes matches() return nothing
// and key_problem() say why.
class DestructionRegister {
 public:
  explicit DestructionRegister(const std::filesystem::path& db_path);
  // `mobile` and `id_number` in canonical form (domain::check_mobile / check_id_number);
  // empty ones are not looked up. Runs inside the caller's transaction on `db`.
  std::vector<RegisterMatch> matches(store::Db& db, const std::string& mobile,
                                     const std::string& id_number) const;
  const std::string& key_problem() const { return problem_; }
  // Whether a key was read: without one nothing can match.
  bool has_key() const { return !key_.empty(); }

 private:
  std::string key_;
  std::string problem_;
};

// The warning `add` and `import` print for archive `archive_no` matching the register.
std::string register_warning(const std::string& archive_no, const RegisterMatch& match);

// For `add`: the register matches of the mobile and ID number of the live archive
// `archive_no` (just registered), in one read of the database; none when it has neither.
std::vector<RegisterMatch> register_matches(const Session& session, const std::string& archive_no);

// For `import`: the register matches of every customer the batch `batch_no` created, with
// the archive number each belongs to. Reads nothing per row unless the register holds hashes
// and the key file is there.
std::vector<std::pair<std::string, RegisterMatch>> batch_register_matches(
    const Session& session, const std::string& batch_no);

}  // namespace archive::app
