// The notice ledger (table notice): which message template went to which customer for which
// occasion, so a cron job never sends the same greeting twice; and the selections of
// customers a message may be due to (birthdays, due follow-ups), through their indexes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "archive/store/db.h"

namespace archive::store {

// An active customer found by a selection: its archive number and the date it was found by
// (the birthday as stored, or the next due date).
struct NoticeCandidate {
  std::string archive_no;
  std::string date;
};

class NoticeRepo {
 public:
  explicit NoticeRepo(Db& db) : db_(db) {}

  // The latest sent_on of `template_name` (ISO), or nothing before its first message.
  std::optional<std::string> last_sent(const std::string& template_name);
  bool already_sent(std::int64_t customer_id, const std::string& template_name,
                    const std::string& occasion);
  // One ledger row; a second row for the same customer, template and occasion is a
  // constraint error (65), which the caller's checks rule out.
  void record(std::int64_t customer_id, const std::string& template_name,
              const std::string& occasion, const std::string& sent_on);

  // Active customers whose birthday's "MM-DD" lies in [from_mm_dd, to_mm_dd] (index
  // customer_birthday), in archive-number order.
  std::vector<NoticeCandidate> birthdays_between(const std::string& from_mm_dd,
                                                 const std::string& to_mm_dd);
  // Active customers whose next follow-up is due on or before `today` (index customer_due),
  // in order of due date, then archive number.
  std::vector<NoticeCandidate> due_by(const std::string& today);

 private:
  Db& db_;
};

}  // namespace archive::store
