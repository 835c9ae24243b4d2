// The one way a customer's grade changes (by hand, by a follow-up, by a rule), and the due
// date that follows from the grades. Both run inside the caller's write transaction.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "archive/app/customers.h"
#include "archive/app/session.h"
#include "archive/domain/customer.h"
#include "archive/store/db.h"

namespace archive::app {

// The shortest follow-up interval among `grades` (days), or nothing when no grade has one.
std::optional<int> shortest_interval(const config::Config& config,
                                     const std::vector<domain::GradeEntry>& grades);

// Sets `ref` as the customer's grade of its scheme: the grade table, a grade-history entry
// (from, to, business date, operator, reason) and, unless the latest follow-up fixed it, the
// next due date. Returns false and writes nothing when the customer already has that grade.
bool apply_grade(store::Db& db, const Session& session, std::int64_t customer_id,
                 const GradeRef& ref, const std::string& reason);

// Recomputes the next due date from the last contact (or registration) and the shortest
// interval of the current grades; an explicit due date from a follow-up is left alone.
void refresh_due(store::Db& db, const Session& session, std::int64_t customer_id);

}  // namespace archive::app
