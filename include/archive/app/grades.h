// Use cases of `archive grade`: one customer's grade by hand, and the grade rules of the
// config applied to every active customer (`--auto`).
#pragma once

#include <cstddef>
#include <string>

#include "archive/app/session.h"
#include "archive/report/table.h"

namespace archive::app {

struct GradeResult {
  std::string archive_no;
  std::string scheme;
  std::string from;  // empty: had no grade of the scheme
  std::string to;
  bool changed = false;  // false: the customer already had that grade; nothing was written
};

// `grade NO [SCHEME:]CODE`: resolves the grade (65 for an unknown scheme or code, listing the
// valid ones), refuses an unknown archive (66) and a closed or destroyed one (77), and sets
// the grade with its history entry and audit entry in one transaction.
GradeResult set_grade(const Session& session, const std::string& archive_no,
                      const std::string& grade, const std::string& reason);

struct AutoGradeResult {
  report::Table changes;  // "grade_auto": archive_no, name, scheme, from, to, rule
  std::size_t count = 0;
};

// `grade --auto`: evaluates every enabled rule (config order) over the facts of the active
// customers, first rule per scheme winning, never leaving a terminal grade (one without a
// follow-up interval, such as intent L). Every rule is evaluated before anything is written:
// a broken or non-read-only condition is Error(kConfig) naming the rule. Unless `dry_run`,
// the changes are applied with reason "rule NAME" and audited, in one transaction.
AutoGradeResult auto_grade(const Session& session, bool dry_run);

}  // namespace archive::app
