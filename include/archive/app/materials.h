// Use cases of materials (归档材料) and legal holds: file, verify, hold, unhold.
#pragma once

#include <vector>

#include "archive/app/session.h"
#include "archive/domain/customer.h"
#include "archive/report/table.h"
#include "archive/store/db.h"

namespace archive::app {

// The tables `show` prints about a card's materials (location, state), inside show's
// transaction. Empty when the archive has none.
std::vector<report::Table> material_tables(store::Db& db, const Session& session,
                                           const domain::Customer& customer);

}  // namespace archive::app
