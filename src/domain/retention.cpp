// Retention end dates of materials and closed archives.
#include "archive/domain/retention.h"

namespace archive::domain {

Date retention_end(Date filed, int retention_years) { return filed.plus_years(retention_years); }

bool past_retention(Date end, Date today) { return today > end; }

}  // namespace archive::domain
