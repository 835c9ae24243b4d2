// The audit log: append-only (triggers refuse UPDATE and DELETE); names archive numbers and
// field names, never personal values, so it outlives destruction.
#pragma once

#include <string>
#include <vector>

#include "archive/store/db.h"

namespace archive::store {

struct AuditEntry {
  std::string at;             // real time, UTC, "2026-03-12T08:30:00Z"
  std::string business_date;  // ISO
  std::string os_login;
  std::string op;          // the declared or mapped operator name
  std::string action;      // "add", "edit", "close", "reopen", "show", "unmask" …
  std::string archive_no;  // empty when the action concerns no one archive
  std::string detail;      // field names, counts; never values
};

struct AuditFilter {
  std::string archive_no;
  std::string from;  // business dates, inclusive; empty: open
  std::string to;
};

class AuditRepo {
 public:
  explicit AuditRepo(Db& db) : db_(db) {}
  void append(const AuditEntry& entry);
  std::vector<AuditEntry> list(const AuditFilter& filter);

 private:
  Db& db_;
};

}  // namespace archive::store
