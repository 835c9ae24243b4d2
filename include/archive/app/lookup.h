// Finding an archive by the number a person typed: the checks every use case shares.
#pragma once

#include <string>

#include "archive/domain/customer.h"
#include "archive/store/customers.h"

namespace archive::app {

// The canonical form of a typed archive number ("sh-000123" -> "SH-000123"); a malformed
// one is refused (65), with control characters shown as \xNN.
std::string checked_archive_no(const std::string& raw);

// The archive with that number; none is 66. A destroyed archive's tombstone is returned.
domain::Customer load_archive(store::CustomerRepo& repo, const std::string& raw_no);

// Refuses (77) a destroyed archive, saying when it was destroyed.
void refuse_destroyed(const domain::Customer& customer);

// load_archive() and refuse_destroyed(): an archive that commands may still change.
domain::Customer load_live_archive(store::CustomerRepo& repo, const std::string& raw_no);

}  // namespace archive::app
