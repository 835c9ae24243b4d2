// The follow-up register and the reminder queries in SQLite.
#include "archive/store/follow_ups.h"

#include <string_view>

#include "archive/error.h"

namespace archive::store {

namespace {

constexpr std::string_view kSelectFollowUp = R"SQL(
SELECT f.id, f.follow_up_no, f.customer_id, c.archive_no, f.contact_at, f.contact_date,
       f.channel, f.type, f.operator, f.note, f.outcome, f.grade_scheme, f.grade_code,
       f.next_due, f.severity, f.state, f.closed_on, f.close_note
  FROM follow_up f JOIN customer c ON c.id = f.customer_id
 WHERE f.follow_up_no = ?1
)SQL";

// The columns read_customer() expects, on a customer aliased c.
constexpr std::string_view kCustomerColumns = R"SQL(
SELECT c.id, c.archive_no, c.name, c.owner, c.status, c.created, c.last_contact, c.last_visit,
       c.next_due, c.claim_start, c.birthday, c.mobile,
       (SELECT group_concat(g.scheme || ':' || g.code, ' ') FROM customer_grade g
         WHERE g.customer_id = c.id) AS grades)SQL";
constexpr int kCustomerColumnCount = 13;

// "value:A intent:H" -> grade entries (scheme names and codes hold no spaces or colons).
std::vector<domain::GradeEntry> parse_grades(const std::string& text) {
  std::vector<domain::GradeEntry> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto end = text.find(' ', pos);
    if (end == std::string::npos) end = text.size();
    const auto item = text.substr(pos, end - pos);
    const auto colon = item.find(':');
    if (colon != std::string::npos)
      out.push_back({item.substr(0, colon), item.substr(colon + 1), ""});
    pos = end + 1;
  }
  return out;
}

// Each WHERE clause repeats its partial index's own condition (status = 'active' …) word
// for word, so the planner can use the index.
constexpr std::string_view kDue = R"SQL(
  FROM customer c
 WHERE c.status = 'active' AND c.next_due <= :limit)SQL";
constexpr std::string_view kVisit = R"SQL(
  FROM customer c
 WHERE c.status = 'active' AND c.dealt = 1 AND coalesce(c.last_visit, c.created) <= :cutoff)SQL";
constexpr std::string_view kClaim = R"SQL(
  FROM customer c
 WHERE c.status = 'active' AND c.owner IS NOT NULL AND c.claim_start <= :cutoff)SQL";
constexpr std::string_view kMajorComplaint = R"SQL(,
       f.follow_up_no, f.contact_date
  FROM follow_up f JOIN customer c ON c.id = f.customer_id
 WHERE f.state = 'open' AND f.severity = 'major' AND c.status <> 'destroyed')SQL";
constexpr std::string_view kBirthday = R"SQL(
  FROM customer c
 WHERE c.status = 'active' AND substr(c.birthday, 6) BETWEEN :from AND :to)SQL";
constexpr std::string_view kByOwner = "\n   AND c.owner = :owner";

ReminderCustomer read_customer(const Statement& st) {
  return {st.integer(0),
          st.text(1),
          st.text(2),
          st.text(3),
          st.text(4),
          st.text(5),
          st.text(6),
          st.text(7),
          st.text(8),
          st.text(9),
          st.text(10),
          st.text(11),
          parse_grades(st.text(12))};
}

std::vector<ReminderCustomer> customers(Statement& st) {
  std::vector<ReminderCustomer> out;
  while (st.step()) out.push_back(read_customer(st));
  return out;
}

}  // namespace

std::string reminder_sql(ReminderQuery query, bool by_owner) {
  std::string sql(kCustomerColumns);
  switch (query) {
    case ReminderQuery::kDue:
      sql += kDue;
      break;
    case ReminderQuery::kVisit:
      sql += kVisit;
      break;
    case ReminderQuery::kClaim:
      sql += kClaim;
      break;
    case ReminderQuery::kMajorComplaint:
      sql += kMajorComplaint;
      break;
    case ReminderQuery::kBirthday:
      sql += kBirthday;
      break;
  }
  if (by_owner) sql += kByOwner;
  return sql;
}

std::int64_t FollowUpRepo::insert(const FollowUpRecord& r) {
  auto st = db_.prepare(R"SQL(
INSERT INTO follow_up (follow_up_no, customer_id, contact_at, contact_date, channel, type,
    operator, note, outcome, grade_scheme, grade_code, next_due, severity, state)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
)SQL");
  st.bind(1, r.follow_up_no).bind(2, r.customer_id).bind(3, r.contact_at);
  st.bind(4, r.contact_date).bind(5, r.channel).bind(6, r.type).bind(7, r.op);
  st.bind_text_or_null(8, r.note).bind_text_or_null(9, r.outcome);
  st.bind_text_or_null(10, r.grade_scheme).bind_text_or_null(11, r.grade_code);
  st.bind_text_or_null(12, r.next_due).bind_text_or_null(13, r.severity);
  st.bind_text_or_null(14, r.state).run();
  return db_.last_insert_rowid();
}

std::optional<FollowUpRecord> FollowUpRepo::find_by_no(const std::string& follow_up_no) {
  auto st = db_.prepare(kSelectFollowUp);
  st.bind(1, follow_up_no);
  if (!st.step()) return std::nullopt;
  FollowUpRecord r;
  r.id = st.integer(0);
  r.follow_up_no = st.text(1);
  r.customer_id = st.integer(2);
  r.archive_no = st.text(3);
  r.contact_at = st.text(4);
  r.contact_date = st.text(5);
  r.channel = st.text(6);
  r.type = st.text(7);
  r.op = st.text(8);
  r.note = st.text(9);
  r.outcome = st.text(10);
  r.grade_scheme = st.text(11);
  r.grade_code = st.text(12);
  r.next_due = st.text(13);
  r.severity = st.text(14);
  r.state = st.text(15);
  r.closed_on = st.text(16);
  r.close_note = st.text(17);
  return r;
}

void FollowUpRepo::close_complaint(std::int64_t id, const std::string& closed_on,
                                   const std::string& note) {
  auto st = db_.prepare(R"SQL(
UPDATE follow_up SET state = 'closed', closed_on = ?2, close_note = ?3
 WHERE id = ?1 AND state = 'open'
)SQL");
  st.bind(1, id).bind(2, closed_on).bind_text_or_null(3, note).run();
  if (db_.changes() != 1) throw Error(Exit::kInternal, "complaint " + std::to_string(id));
}

std::vector<ReminderCustomer> FollowUpRepo::due_by(const std::string& limit,
                                                   const std::string& owner) {
  auto st = db_.prepare(reminder_sql(ReminderQuery::kDue, !owner.empty()));
  st.bind(":limit", limit).bind(":owner", owner);
  return customers(st);
}

std::vector<ReminderCustomer> FollowUpRepo::unvisited_since(const std::string& cutoff,
                                                            const std::string& owner) {
  auto st = db_.prepare(reminder_sql(ReminderQuery::kVisit, !owner.empty()));
  st.bind(":cutoff", cutoff).bind(":owner", owner);
  return customers(st);
}

std::vector<ReminderCustomer> FollowUpRepo::claims_started_by(const std::string& cutoff,
                                                              const std::string& owner) {
  auto st = db_.prepare(reminder_sql(ReminderQuery::kClaim, !owner.empty()));
  st.bind(":cutoff", cutoff).bind(":owner", owner);
  return customers(st);
}

std::vector<OpenComplaint> FollowUpRepo::open_major_complaints(const std::string& owner) {
  auto st = db_.prepare(reminder_sql(ReminderQuery::kMajorComplaint, !owner.empty()));
  st.bind(":owner", owner);
  std::vector<OpenComplaint> out;
  while (st.step()) {
    out.push_back(
        {read_customer(st), st.text(kCustomerColumnCount), st.text(kCustomerColumnCount + 1)});
  }
  return out;
}

std::vector<ReminderCustomer> FollowUpRepo::birthdays_between(const std::string& from,
                                                              const std::string& to) {
  auto st = db_.prepare(reminder_sql(ReminderQuery::kBirthday, false));
  st.bind(":from", from).bind(":to", to);
  return customers(st);
}

}  // namespace archive::store
