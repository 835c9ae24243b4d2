// The morning lists: what is due per owner (`follow-up due`) and the birthdays ahead
// (`follow-up birthdays`). Read-only, except that --unmask is audited.
#pragma once

#include <string>

#include "archive/app/session.h"
#include "archive/report/table.h"

namespace archive::app {

struct DueRequest {
  std::string owner;  // a name or a [staff] login; empty: every owner
  int within = 0;     // also what falls due in the next `within` days (>= 0)
};

// `follow-up due`: rows of four kinds, grouped per owner (owners in order, the pool last),
// most overdue first, then by archive number:
//   follow-up due or overdue  next_due <= today + within
//   major complaint open      every list until the complaint is closed (due, late: null)
//   no visit                  value A/B and coalesce(last_visit, created) +
//                             [follow_up] visit_every_days <= today + within
//   owner claim lapsed        owner set and claim_start + owner_claim_days <= today + within
// Columns: archive_no, name, grade, due, late, why, and owner (CSV and JSON only).
// Only active archives, except that an open major complaint of a closed archive stays
// listed. An empty table when nothing is due.
report::Table follow_ups_due(const Session& session, const DueRequest& request);

// `follow-up birthdays`: active customers whose birthday is celebrated in
// [today, today + within] (29 February on 28 February in common years), grouped per owner,
// soonest first. Columns: archive_no, name, birthday, date, in_days, mobile (masked unless
// --unmask), owner (CSV and JSON only).
report::Table birthdays(const Session& session, int within);

}  // namespace archive::app
