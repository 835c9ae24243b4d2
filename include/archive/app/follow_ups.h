// Use cases of the follow-up register: recording a contact (with its bookkeeping on the
// card: last contact, last visit, next due date, the owner's claim, an optional new grade)
// and closing a complaint. Each is one BEGIN IMMEDIATE transaction with its audit entry.
#pragma once

#include <optional>
#include <string>

#include "archive/app/session.h"

namespace archive::app {

// `archive follow-up NO …`, as typed; checked by record_follow_up.
struct FollowUpRequest {
  std::string archive_no;
  std::string channel;  // required: a code, label or alias
  std::string type;     // empty: sales
  std::string note;     // the summary
  std::string outcome;
  std::string grade;     // "[SCHEME:]CODE", empty: no change
  std::string next;      // a date, empty: from the grades
  std::string at;        // date [time], empty: the business date
  std::string severity;  // complaints only; empty: normal
};

struct FollowUpResult {
  std::string follow_up_no;  // "F-000123"
  std::string contact_date;
  bool backdated = false;    // earlier than the last contact: next due and claim unchanged
  std::string last_contact;  // when backdated: the later contact that stands
  std::string next_due;      // the customer's next due date afterwards (empty: none)
};

// Records a contact and returns its number. Refuses, before writing anything: a missing
// channel or a severity without --type complaint (64); an unknown channel, type, severity
// or grade, a malformed --at or --next, a contact after the business date, a --next before
// the contact date, bad note text (65); no such archive (66); a destroyed archive, or a
// closed one unless the type is service or complaint (77).
FollowUpResult record_follow_up(const Session& session, const FollowUpRequest& request);

struct CloseResult {
  std::string follow_up_no;
  std::string archive_no;
};
// Closes an open complaint on the business date. Refuses an unknown number (66), a
// follow-up that is not a complaint or a complaint already closed (65), and a destroyed
// archive (77).
CloseResult close_complaint(const Session& session, const std::string& follow_up_no,
                            const std::string& note);

}  // namespace archive::app
