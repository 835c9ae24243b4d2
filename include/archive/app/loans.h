// Use cases of the loan register (外借登记册): lend, renew, return, loans.
#pragma once

#include <vector>

#include "archive/app/session.h"
#include "archive/domain/customer.h"
#include "archive/report/table.h"
#include "archive/store/db.h"

namespace archive::app {

// The tables `show` prints about a card's loans (the loan history), inside show's
// transaction. Empty when the archive was never lent.
std::vector<report::Table> loan_tables(store::Db& db, const Session& session,
                                       const domain::Customer& customer);

}  // namespace archive::app
