// Retention (保管期限): how long a material or a closed archive is kept. Pure date rules.
#pragma once

#include "archive/domain/date.h"

namespace archive::domain {

// The last day a material filed on `filed` must be kept: `filed` plus the kind's retention
// period in whole years (a material filed on 29 February ends on 28 February in a common
// year). The same rule gives a closed archive's end from its closing date and
// [archive] closed_retention_years.
Date retention_end(Date filed, int retention_years);

// Whether something whose retention ends on `end` is past it on `today` (the day after the
// end date at the earliest): only then may it be destroyed.
bool past_retention(Date end, Date today);

}  // namespace archive::domain
