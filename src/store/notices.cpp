// The notice ledger and the message selections in SQLite.
#include "archive/store/notices.h"

namespace archive::store {

namespace {

std::vector<NoticeCandidate> candidates(Statement& st) {
  std::vector<NoticeCandidate> out;
  while (st.step()) out.push_back({st.text(0), st.text(1)});
  return out;
}

}  // namespace

std::optional<std::string> NoticeRepo::last_sent(const std::string& template_name) {
  auto st = db_.prepare("SELECT max(sent_on) FROM notice WHERE template = ?1");
  st.bind(1, template_name);
  if (!st.step() || st.is_null(0)) return std::nullopt;
  return st.text(0);
}

bool NoticeRepo::already_sent(std::int64_t customer_id, const std::string& template_name,
                              const std::string& occasion) {
  auto st = db_.prepare(R"SQL(
SELECT 1 FROM notice WHERE customer_id = ?1 AND template = ?2 AND occasion = ?3
)SQL");
  st.bind(1, customer_id).bind(2, template_name).bind(3, occasion);
  return st.step();
}

void NoticeRepo::record(std::int64_t customer_id, const std::string& template_name,
                        const std::string& occasion, const std::string& sent_on) {
  auto st = db_.prepare(R"SQL(
INSERT INTO notice (customer_id, template, occasion, sent_on) VALUES (?1, ?2, ?3, ?4)
)SQL");
  st.bind(1, customer_id).bind(2, template_name).bind(3, occasion).bind(4, sent_on).run();
}

std::vector<NoticeCandidate> NoticeRepo::birthdays_between(const std::string& from_mm_dd,
                                                           const std::string& to_mm_dd) {
  // The expression and the status term match the partial index customer_birthday.
  auto st = db_.prepare(R"SQL(
SELECT archive_no, birthday FROM customer
 WHERE status = 'active' AND substr(birthday, 6) BETWEEN ?1 AND ?2
 ORDER BY archive_no
)SQL");
  st.bind(1, from_mm_dd).bind(2, to_mm_dd);
  return candidates(st);
}

std::vector<NoticeCandidate> NoticeRepo::due_by(const std::string& today) {
  auto st = db_.prepare(R"SQL(
SELECT archive_no, next_due FROM customer
 WHERE status = 'active' AND next_due <= ?1
 ORDER BY next_due, archive_no
)SQL");
  st.bind(1, today);
  return candidates(st);
}

}  // namespace archive::store
