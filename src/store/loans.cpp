// The loan register in SQLite. "Is it in the room?" and the overdue list are index ranges:
// loan_item_open (open items by material) and loan_due (loans by due date).
#include "archive/store/loans.h"

#include <algorithm>
#include <string_view>

#include "archive/error.h"

namespace archive::store {

namespace {

constexpr std::string_view kSelectLoan = R"SQL(
SELECT l.id, l.loan_no, l.customer_id, c.archive_no, l.whole, l.borrower, l.dept, l.purpose,
       l.approver, l.external, l.letter, l.lent_on, l.due,
       (SELECT count(*) FROM loan_renewal r WHERE r.loan_id = l.id) AS renewals
  FROM loan l JOIN customer c ON c.id = l.customer_id)SQL";

constexpr std::string_view kSelectItems = R"SQL(
SELECT i.material_id, m.seq, m.level, i.returned_on, i.received_by, i.condition
  FROM loan_item i JOIN material m ON m.id = i.material_id
 WHERE i.loan_id = ?1
 ORDER BY m.seq
)SQL";

// Open loans: the partial index loan_item_open holds exactly the open items.
constexpr std::string_view kWhereOpen = R"SQL(
 WHERE l.id IN (SELECT i.loan_id FROM loan_item i WHERE i.returned_on IS NULL)
 ORDER BY l.id
)SQL";

// Overdue: a range of loan_due, then the open-item check per loan.
constexpr std::string_view kWhereOverdue = R"SQL(
 WHERE l.due < ?1
   AND EXISTS (SELECT 1 FROM loan_item i WHERE i.loan_id = l.id AND i.returned_on IS NULL)
 ORDER BY l.due, l.id
)SQL";

constexpr std::string_view kOrderAll = "\n ORDER BY l.id\n";

LendableMaterial read_material(const Statement& st) {
  return {st.integer(0), st.integer(1), st.text(2), st.text(3)};
}

}  // namespace

bool Loan::open() const {
  return std::any_of(items.begin(), items.end(),
                     [](const LoanItem& i) { return i.returned_on.empty(); });
}

std::string Loan::returned_on() const {
  std::string latest;
  for (const auto& i : items) {
    if (i.returned_on.empty()) return {};
    latest = std::max(latest, i.returned_on);
  }
  return latest;
}

std::optional<LegalHold> LoanRepo::legal_hold(std::int64_t customer_id) {
  auto st = db_.prepare(
      "SELECT legal_hold, legal_hold_since FROM customer WHERE id = ?1 AND legal_hold IS NOT NULL");
  st.bind(1, customer_id);
  if (!st.step()) return std::nullopt;
  return LegalHold{st.text(0), st.text(1)};
}

std::vector<LendableMaterial> LoanRepo::materials(std::int64_t customer_id) {
  auto st = db_.prepare(
      "SELECT id, seq, level, destroyed_on FROM material WHERE customer_id = ?1 ORDER BY seq");
  st.bind(1, customer_id);
  std::vector<LendableMaterial> out;
  while (st.step()) out.push_back(read_material(st));
  return out;
}

std::optional<LendableMaterial> LoanRepo::material(std::int64_t customer_id, std::int64_t seq) {
  auto st = db_.prepare(
      "SELECT id, seq, level, destroyed_on FROM material WHERE customer_id = ?1 AND seq = ?2");
  st.bind(1, customer_id).bind(2, seq);
  if (!st.step()) return std::nullopt;
  return read_material(st);
}

std::optional<OpenLoan> LoanRepo::open_loan_of(std::int64_t material_id) {
  static constexpr std::string_view kSql = R"SQL(
SELECT l.loan_no, l.borrower, l.dept, l.lent_on, l.due
  FROM loan_item i JOIN loan l ON l.id = i.loan_id
 WHERE i.material_id = ?1 AND i.returned_on IS NULL
)SQL";
  auto st = db_.prepare(kSql);
  st.bind(1, material_id);
  if (!st.step()) return std::nullopt;
  return OpenLoan{st.text(0), st.text(1), st.text(2), st.text(3), st.text(4)};
}

std::int64_t LoanRepo::insert(const NewLoan& loan) {
  static constexpr std::string_view kInsert = R"SQL(
INSERT INTO loan (loan_no, customer_id, whole, borrower, dept, purpose, approver, external,
                  letter, lent_on, due, operator)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
)SQL";
  auto st = db_.prepare(kInsert);
  st.bind(1, loan.loan_no)
      .bind(2, loan.customer_id)
      .bind(3, loan.whole ? 1 : 0)
      .bind(4, loan.borrower)
      .bind(5, loan.dept)
      .bind(6, loan.purpose)
      .bind_text_or_null(7, loan.approver)
      .bind(8, loan.external ? 1 : 0)
      .bind_text_or_null(9, loan.letter)
      .bind(10, loan.lent_on)
      .bind(11, loan.due)
      .bind(12, loan.op);
  st.run();
  const auto id = db_.last_insert_rowid();
  auto item = db_.prepare("INSERT INTO loan_item (loan_id, material_id) VALUES (?1, ?2)");
  for (const auto material_id : loan.material_ids) {
    item.reset();
    item.bind(1, id).bind(2, material_id);
    item.run();
  }
  return id;
}

void LoanRepo::load_items(Loan& loan) {
  auto st = db_.prepare(kSelectItems);
  st.bind(1, loan.id);
  while (st.step()) {
    loan.items.push_back(
        {st.integer(0), st.integer(1), st.text(2), st.text(3), st.text(4), st.text(5)});
  }
}

std::vector<Loan> LoanRepo::read_loans(Statement& st) {
  std::vector<Loan> out;
  while (st.step()) {
    Loan l;
    l.id = st.integer(0);
    l.loan_no = st.text(1);
    l.customer_id = st.integer(2);
    l.archive_no = st.text(3);
    l.whole = st.integer(4) != 0;
    l.borrower = st.text(5);
    l.dept = st.text(6);
    l.purpose = st.text(7);
    l.approver = st.text(8);
    l.external = st.integer(9) != 0;
    l.letter = st.text(10);
    l.lent_on = st.text(11);
    l.due = st.text(12);
    l.renewals = st.integer(13);
    out.push_back(std::move(l));
  }
  for (auto& l : out) load_items(l);
  return out;
}

std::optional<Loan> LoanRepo::find(const std::string& loan_no) {
  auto st = db_.prepare(std::string(kSelectLoan) + "\n WHERE l.loan_no = ?1\n");
  st.bind(1, loan_no);
  auto loans = read_loans(st);
  if (loans.empty()) return std::nullopt;
  return std::move(loans.front());
}

std::vector<Loan> LoanRepo::of_customer(std::int64_t customer_id) {
  auto st = db_.prepare(std::string(kSelectLoan) + "\n WHERE l.customer_id = ?1\n ORDER BY l.id\n");
  st.bind(1, customer_id);
  return read_loans(st);
}

std::vector<Loan> LoanRepo::select(LoanSelection selection, const std::string& today) {
  std::string sql(kSelectLoan);
  switch (selection) {
    case LoanSelection::kAll:
      sql += kOrderAll;
      break;
    case LoanSelection::kOpen:
      sql += kWhereOpen;
      break;
    case LoanSelection::kOverdue:
      sql += kWhereOverdue;
      break;
  }
  auto st = db_.prepare(sql);
  if (selection == LoanSelection::kOverdue) st.bind(1, today);
  return read_loans(st);
}

void LoanRepo::renew(const Renewal& r) {
  static constexpr std::string_view kInsert = R"SQL(
INSERT INTO loan_renewal (loan_id, renewed_on, old_due, new_due, approver, operator)
VALUES (?1, ?2, ?3, ?4, ?5, ?6)
)SQL";
  auto ins = db_.prepare(kInsert);
  ins.bind(1, r.loan_id)
      .bind(2, r.renewed_on)
      .bind(3, r.old_due)
      .bind(4, r.new_due)
      .bind_text_or_null(5, r.approver)
      .bind(6, r.op);
  ins.run();
  auto upd = db_.prepare("UPDATE loan SET due = ?2 WHERE id = ?1");
  upd.bind(1, r.loan_id).bind(2, r.new_due);
  upd.run();
}

bool LoanRepo::close_item(std::int64_t loan_id, std::int64_t material_id,
                          const std::string& returned_on, const std::string& received_by,
                          const std::string& condition) {
  static constexpr std::string_view kUpdate = R"SQL(
UPDATE loan_item SET returned_on = ?3, received_by = ?4, condition = ?5
 WHERE loan_id = ?1 AND material_id = ?2 AND returned_on IS NULL
)SQL";
  auto st = db_.prepare(kUpdate);
  st.bind(1, loan_id).bind(2, material_id).bind(3, returned_on).bind(4, received_by);
  st.bind_text_or_null(5, condition);
  st.run();
  return db_.changes() == 1;
}

}  // namespace archive::store
