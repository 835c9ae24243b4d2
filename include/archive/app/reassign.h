// Use case of `archive reassign`: move customers to another rep, several reps in turn, or
// the pool (no owner).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "archive/app/session.h"
#include "archive/report/table.h"

namespace archive::app {

struct ReassignRequest {
  // Exactly one selection:
  std::string from;                  // the rep's active customers
  bool lapsed = false;               // active customers whose owner's claim has lapsed
  std::string lapsed_owner;          // with `lapsed`: only this owner's
  std::vector<std::string> numbers;  // named archives (closed ones too)
  // Exactly one destination:
  std::vector<std::string> to;        // one rep, or several dealt in turn
  bool pool = false;                  // clear the owner
  std::optional<std::uint64_t> seed;  // default: the business date's day number
  bool dry_run = false;
};

struct ReassignResult {
  report::Table changes;  // "reassign": archive_no, name, from, to
  std::size_t selected = 0;
  std::size_t count = 0;  // archives (that would be) reassigned
};

// Rep names that are OS logins listed in [staff] become display names. Usage errors (64): no
// or two selections or destinations, an empty or repeated rep, a destination that includes
// the --from rep. A named archive that does not exist is 66, a destroyed one 77. Customers
// already with the (or one of the) target reps stay where they are. Unless `dry_run`, each
// change sets the owner, restarts the claim on the business date, goes to the field history
// (reason "reassign") and the audit log; all in one transaction.
ReassignResult reassign(const Session& session, const ReassignRequest& request);

}  // namespace archive::app
