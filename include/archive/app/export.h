// `archive export`: customers selected as `find` selects them, as a table that `archive
// import` reads back unchanged (CSV) or as JSON.
#pragma once

#include "archive/app/session.h"
#include "archive/report/table.h"
#include "archive/store/customers.h"

namespace archive::app {

// The columns, keys as CSV headers: archive_no, every built-in field (builtin_fields()
// order), the custom fields of the config, grade_SCHEME per grade scheme, status, created,
// closed_on. Mobile and ID numbers are masked unless session.unmask (allowed by [roles]
// unmask, else 77; audited). Destroyed archives are left out unless the filter asks for
// them. Every exported archive of level confidential or secret is audited, as `show` does.
report::Table export_customers(const Session& session, const store::CustomerFilter& filter);

}  // namespace archive::app
