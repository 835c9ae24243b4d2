// Customer cards in SQLite: the customer table, custom values, grades and histories.
#include "archive/store/customers.h"

#include <algorithm>
#include <array>
#include <string_view>

#include "archive/error.h"

namespace archive::store {

namespace {

// The built-in card columns, in card order. Column names in SQL come only from this list,
// never from input.
// sms_opt_out is an INTEGER 0/1 column: 0 reads as "no value" and "no value" is stored as 0.
constexpr std::array<std::string_view, 22> kColumns = {
    "name",        "kind",    "gender",    "birthday",   "id_number", "company",
    "credit_code", "title",   "legal_rep", "mobile",     "phone",     "fax",
    "email",       "website", "address",   "postcode",   "region",    "owner",
    "source",      "level",   "note",      "sms_opt_out"};

bool is_column(std::string_view key) {
  return std::find(kColumns.begin(), kColumns.end(), key) != kColumns.end();
}

std::string reversed(std::string_view s) { return std::string(s.rbegin(), s.rend()); }

// Smallest string greater than every string that starts with `prefix` (byte order).
std::string prefix_end(std::string_view prefix) { return std::string(prefix) + "\xF4\x8F\xBF\xBF"; }

constexpr std::string_view kSelectCustomer = R"SQL(
SELECT id, archive_no, status, created, closed_on, destroyed_on,
       name, kind, gender, birthday, id_number, company, credit_code, title, legal_rep,
       mobile, phone, fax, email, website, address, postcode, region, owner, source, level, note,
       nullif(sms_opt_out, 0)
  FROM customer
)SQL";
constexpr int kFirstFieldColumn = 6;

domain::Customer read_customer(const Statement& st) {
  domain::Customer c;
  c.id = st.integer(0);
  c.archive_no = st.text(1);
  c.status = st.text(2);
  c.created = st.text(3);
  c.closed_on = st.text(4);
  c.destroyed_on = st.text(5);
  for (std::size_t i = 0; i < kColumns.size(); ++i) {
    const int col = kFirstFieldColumn + static_cast<int>(i);
    if (!st.is_null(col)) c.fields[std::string(kColumns[i])] = st.text(col);
  }
  return c;
}

void load_custom_values(Db& db, domain::Customer& c) {
  auto st = db.prepare("SELECT field, value FROM custom_value WHERE customer_id = ?1");
  st.bind(1, c.id);
  while (st.step()) c.fields[st.text(0)] = st.text(1);
}

}  // namespace

std::int64_t CustomerRepo::next_in_sequence(const std::string& sequence) {
  auto ins =
      db_.prepare("INSERT INTO sequence (name, next) VALUES (?1, 1) ON CONFLICT (name) DO NOTHING");
  ins.bind(1, sequence).run();
  auto upd = db_.prepare("UPDATE sequence SET next = next + 1 WHERE name = ?1 RETURNING next - 1");
  upd.bind(1, sequence);
  if (!upd.step()) throw Error(Exit::kInternal, "sequence " + sequence + " vanished");
  std::int64_t n = upd.integer(0);
  upd.run();
  return n;
}

bool CustomerRepo::archive_no_taken(const std::string& archive_no) {
  auto st = db_.prepare("SELECT 1 FROM customer WHERE archive_no = ?1");
  st.bind(1, archive_no);
  return st.step();
}

std::int64_t CustomerRepo::insert(const domain::Customer& c) {
  static constexpr std::string_view kInsert = R"SQL(
INSERT INTO customer (archive_no, status, created, closed_on, destroyed_on,
    name, kind, gender, birthday, id_number, company, credit_code, title, legal_rep,
    mobile, phone, fax, email, website, address, postcode, region, owner, source, level, note,
    sms_opt_out, mobile_rev, claim_start)
VALUES (?1, ?2, ?3, ?4, ?5,
    ?6, coalesce(?7, 'individual'), ?8, ?9, ?10, ?11, ?12, ?13, ?14,
    ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, coalesce(?25, 'public'), ?26,
    coalesce(?27, 0), ?28, ?3)
)SQL";
  auto st = db_.prepare(kInsert);
  st.bind(1, c.archive_no).bind(2, c.status).bind(3, c.created);
  st.bind_text_or_null(4, c.closed_on).bind_text_or_null(5, c.destroyed_on);
  for (std::size_t i = 0; i < kColumns.size(); ++i) {
    st.bind_text_or_null(kFirstFieldColumn + static_cast<int>(i), c.get(std::string(kColumns[i])));
  }
  st.bind_text_or_null(28, reversed(c.get("mobile")));
  st.run();
  const std::int64_t id = db_.last_insert_rowid();
  auto custom =
      db_.prepare("INSERT INTO custom_value (customer_id, field, value) VALUES (?1, ?2, ?3)");
  for (const auto& [key, value] : c.fields) {
    if (is_column(key) || value.empty()) continue;
    custom.bind(1, id).bind(2, key).bind(3, value).run();
    custom.reset();
  }
  return id;
}

std::optional<domain::Customer> CustomerRepo::find_by_no(const std::string& archive_no) {
  auto st = db_.prepare(std::string(kSelectCustomer) + " WHERE archive_no = ?1");
  st.bind(1, archive_no);
  if (!st.step()) return std::nullopt;
  auto c = read_customer(st);
  load_custom_values(db_, c);
  return c;
}

std::optional<MobileHolder> CustomerRepo::active_holder_of_mobile(const std::string& mobile,
                                                                  std::int64_t except_id) {
  auto st = db_.prepare(R"SQL(
SELECT archive_no, coalesce(owner, ''), created FROM customer
 WHERE mobile = ?1 AND status = 'active' AND id <> ?2
 ORDER BY id LIMIT 1
)SQL");
  st.bind(1, mobile).bind(2, except_id);
  if (!st.step()) return std::nullopt;
  return MobileHolder{st.text(0), st.text(1), st.text(2)};
}

std::vector<domain::Customer> CustomerRepo::search(const CustomerFilter& f,
                                                   const std::string& grade_scheme) {
  // Candidates come from indexes only: the trigram index for three characters or more,
  // prefix ranges on name, company and archive number, and the reversed mobile for tails.
  static constexpr std::string_view kMatchAll = "SELECT id FROM customer";
  static constexpr std::string_view kMatchText = R"SQL(
SELECT id FROM customer WHERE name >= :lo AND name < :hi
UNION SELECT id FROM customer WHERE company >= :lo AND company < :hi
UNION SELECT id FROM customer WHERE archive_no >= :nlo AND archive_no < :nhi
UNION SELECT id FROM customer WHERE mobile_rev >= :mlo AND mobile_rev < :mhi
)SQL";
  static constexpr std::string_view kMatchTrigram =
      "UNION SELECT rowid FROM customer_fts WHERE customer_fts MATCH :fts";
  static constexpr std::string_view kFilters = R"SQL(
   AND (:status = '' AND status <> 'destroyed' OR status = :status)
   AND (:owner = '' OR owner = :owner)
   AND (:kind = '' OR kind = :kind)
   AND (:region = '' OR region = :region)
   AND (:source = '' OR source = :source)
   AND (:scheme = '' OR EXISTS (SELECT 1 FROM customer_grade g WHERE g.customer_id = customer.id
                                 AND g.scheme = :scheme AND g.code = :code))
 ORDER BY archive_no
 LIMIT :limit
)SQL";

  const std::string& text = f.text;
  std::size_t characters = 0;
  for (unsigned char ch : text) characters += (ch & 0xC0) != 0x80;
  const bool all_digits = !text.empty() && std::all_of(text.begin(), text.end(), [](char ch) {
    return ch >= '0' && ch <= '9';
  });

  std::string sql(kSelectCustomer);
  sql.insert(sql.find("\n  FROM customer"),
             ",\n       (SELECT code FROM customer_grade d WHERE d.customer_id = customer.id"
             " AND d.scheme = :dscheme)");
  sql += " WHERE id IN (";
  if (text.empty()) {
    sql += kMatchAll;
  } else {
    sql += kMatchText;
    if (characters >= 3) sql += kMatchTrigram;
  }
  sql += ")";
  sql += kFilters;

  auto st = db_.prepare(sql);
  if (!text.empty()) {
    st.bind(":lo", text).bind(":hi", prefix_end(text));
    // Archive numbers are stored upper-case; only a well-formed prefix can match one.
    std::string upper = text;
    for (char& ch : upper) {
      if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
    }
    st.bind(":nlo", upper).bind(":nhi", prefix_end(upper));
    if (all_digits && text.size() >= 4) {
      const std::string tail = reversed(text);
      st.bind(":mlo", tail).bind(":mhi", tail + ":");  // ':' sorts right after '9'
    } else {
      st.bind(":mlo", "").bind(":mhi", "");  // an empty range
    }
    std::string phrase = "\"";
    for (char ch : text) phrase += ch == '"' ? std::string("\"\"") : std::string(1, ch);
    phrase += "\"";
    st.bind(":fts", phrase);
  }
  st.bind(":status", f.status).bind(":owner", f.owner).bind(":kind", f.kind);
  st.bind(":region", f.region).bind(":source", f.source);
  st.bind(":scheme", f.grade_scheme).bind(":code", f.grade_code);
  st.bind(":limit", f.limit > 0 ? f.limit : std::int64_t{-1});
  std::vector<domain::Customer> out;
  st.bind(":dscheme", grade_scheme);
  const int grade_column = kFirstFieldColumn + static_cast<int>(kColumns.size());
  while (st.step()) {
    out.push_back(read_customer(st));
    if (!st.is_null(grade_column)) {
      out.back().grades.push_back({grade_scheme, st.text(grade_column), ""});
    }
  }
  return out;
}

std::vector<domain::Customer> CustomerRepo::active_of_owner(const std::string& owner) {
  auto st = db_.prepare(std::string(kSelectCustomer) +
                        " WHERE owner = ?1 AND status = 'active' ORDER BY archive_no");
  st.bind(1, owner);
  std::vector<domain::Customer> out;
  while (st.step()) out.push_back(read_customer(st));
  return out;
}

std::vector<domain::Customer> CustomerRepo::lapsed_claims(const std::string& cutoff,
                                                          const std::string& owner) {
  // A range of the partial index customer_claim, or for one owner of customer_owner.
  static constexpr std::string_view kLapsed = R"SQL(
 WHERE claim_start <= :cutoff AND owner IS NOT NULL AND status = 'active'
)SQL";
  auto st = db_.prepare(std::string(kSelectCustomer) + std::string(kLapsed) +
                        (owner.empty() ? "" : "   AND owner = :owner\n") + " ORDER BY archive_no");
  st.bind(":cutoff", cutoff).bind(":owner", owner);
  std::vector<domain::Customer> out;
  while (st.step()) out.push_back(read_customer(st));
  return out;
}

void CustomerRepo::set_field(std::int64_t id, const std::string& key, const std::string& value,
                             bool custom) {
  if (custom) {
    if (value.empty()) {
      auto st = db_.prepare("DELETE FROM custom_value WHERE customer_id = ?1 AND field = ?2");
      st.bind(1, id).bind(2, key).run();
    } else {
      auto st = db_.prepare(R"SQL(
INSERT INTO custom_value (customer_id, field, value) VALUES (?1, ?2, ?3)
ON CONFLICT (customer_id, field) DO UPDATE SET value = excluded.value
)SQL");
      st.bind(1, id).bind(2, key).bind(3, value).run();
    }
    return;
  }
  if (!is_column(key)) throw Error(Exit::kInternal, "not a card column: " + key);
  // The column name comes from kColumns, never from input.
  std::string sql =
      "UPDATE customer SET " + key + (key == "sms_opt_out" ? " = coalesce(?1, 0)" : " = ?1");
  if (key == "mobile") sql += ", mobile_rev = ?3";
  sql += " WHERE id = ?2";
  auto st = db_.prepare(sql);
  st.bind_text_or_null(1, value).bind(2, id);
  if (key == "mobile") st.bind_text_or_null(3, reversed(value));
  st.run();
}

void CustomerRepo::set_status(std::int64_t id, const std::string& status,
                              const std::string& closed_on) {
  auto st = db_.prepare("UPDATE customer SET status = ?1, closed_on = ?2 WHERE id = ?3");
  st.bind(1, status).bind_text_or_null(2, closed_on).bind(3, id).run();
}

ContactState CustomerRepo::contact_state(std::int64_t id) {
  auto st = db_.prepare(R"SQL(
SELECT created, last_contact, last_visit, next_due, next_due_explicit, claim_start
  FROM customer WHERE id = ?1
)SQL");
  st.bind(1, id);
  if (!st.step()) throw Error(Exit::kInternal, "no customer " + std::to_string(id));
  return {st.text(0), st.text(1), st.text(2), st.text(3), st.integer(4) != 0, st.text(5)};
}

void CustomerRepo::set_contact_state(std::int64_t id, const ContactState& s) {
  auto st = db_.prepare(R"SQL(
UPDATE customer SET last_contact = ?1, last_visit = ?2, next_due = ?3, next_due_explicit = ?4,
       claim_start = ?6
 WHERE id = ?5
)SQL");
  st.bind_text_or_null(1, s.last_contact).bind_text_or_null(2, s.last_visit);
  st.bind_text_or_null(3, s.next_due).bind(4, s.next_due_explicit ? 1 : 0).bind(5, id);
  st.bind_text_or_null(6, s.claim_start).run();
}

void CustomerRepo::set_dealt(std::int64_t id, bool dealt) {
  auto st = db_.prepare("UPDATE customer SET dealt = ?1 WHERE id = ?2");
  st.bind(1, dealt ? 1 : 0).bind(2, id).run();
}

std::vector<domain::GradeEntry> CustomerRepo::grades(std::int64_t id) {
  auto st = db_.prepare(
      "SELECT scheme, code, since FROM customer_grade WHERE customer_id = ?1 ORDER BY scheme");
  st.bind(1, id);
  std::vector<domain::GradeEntry> out;
  while (st.step()) out.push_back({st.text(0), st.text(1), st.text(2)});
  return out;
}

void CustomerRepo::set_grade(std::int64_t id, const std::string& scheme, const std::string& code,
                             const std::string& since) {
  if (code.empty()) {
    auto st = db_.prepare("DELETE FROM customer_grade WHERE customer_id = ?1 AND scheme = ?2");
    st.bind(1, id).bind(2, scheme).run();
    return;
  }
  auto st = db_.prepare(R"SQL(
INSERT INTO customer_grade (customer_id, scheme, code, since) VALUES (?1, ?2, ?3, ?4)
ON CONFLICT (customer_id, scheme) DO UPDATE SET code = excluded.code, since = excluded.since
)SQL");
  st.bind(1, id).bind(2, scheme).bind(3, code).bind(4, since).run();
}

void CustomerRepo::add_grade_history(std::int64_t id, const GradeChange& g) {
  auto st = db_.prepare(R"SQL(
INSERT INTO grade_history (customer_id, scheme, from_code, to_code, on_date, operator, reason)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
)SQL");
  st.bind(1, id).bind(2, g.scheme).bind_text_or_null(3, g.from_code);
  st.bind_text_or_null(4, g.to_code).bind(5, g.on_date).bind(6, g.op);
  st.bind_text_or_null(7, g.reason).run();
}

std::vector<GradeChange> CustomerRepo::grade_history(std::int64_t id) {
  auto st = db_.prepare(R"SQL(
SELECT scheme, from_code, to_code, on_date, operator, reason FROM grade_history
 WHERE customer_id = ?1 ORDER BY id
)SQL");
  st.bind(1, id);
  std::vector<GradeChange> out;
  while (st.step()) {
    out.push_back({st.text(0), st.text(1), st.text(2), st.text(3), st.text(4), st.text(5)});
  }
  return out;
}

void CustomerRepo::add_field_history(std::int64_t id, const FieldChange& c) {
  auto st = db_.prepare(R"SQL(
INSERT INTO field_history (customer_id, field, old_value, new_value, on_date, operator, reason)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
)SQL");
  st.bind(1, id).bind(2, c.field).bind_text_or_null(3, c.old_value);
  st.bind_text_or_null(4, c.new_value).bind(5, c.on_date).bind(6, c.op);
  st.bind_text_or_null(7, c.reason).run();
}

std::vector<FieldChange> CustomerRepo::field_history(std::int64_t id) {
  auto st = db_.prepare(R"SQL(
SELECT field, old_value, new_value, on_date, operator, reason FROM field_history
 WHERE customer_id = ?1 ORDER BY id
)SQL");
  st.bind(1, id);
  std::vector<FieldChange> out;
  while (st.step()) {
    out.push_back({st.text(0), st.text(1), st.text(2), st.text(3), st.text(4), st.text(5)});
  }
  return out;
}

}  // namespace archive::store
