// Use cases of the loan register. Every check runs before anything is written; the loan, its
// items or renewal and the audit entry are one BEGIN IMMEDIATE transaction.
#include "archive/app/loans.h"
#include "archive/app/lookup.h"

#include <fmt/args.h>
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <optional>

#include "archive/domain/check.h"
#include "archive/domain/date.h"
#include "archive/domain/fields.h"
#include "archive/domain/lending.h"
#include "archive/domain/numbering.h"
#include "archive/domain/text.h"
#include "archive/error.h"
#include "archive/i18n.h"
#include "archive/store/customers.h"
#include "archive/store/loans.h"

namespace archive::app {

namespace {

using report::Cell;
using report::CellType;
using report::Table;

constexpr int kMaxDays = 36500;

// A free-text option: trimmed, no control characters, at most 200 characters (65).
std::string checked_text(const char* option, const std::string& raw) {
  if (domain::trim(raw).empty()) return {};
  domain::FieldDef def;
  def.key = option;
  def.label = option;
  auto result = domain::check_field(def, raw, domain::Date::from_days(0));
  if (!result.ok()) {
    throw Error(Exit::kData,
                fmt::format(fmt::runtime(tr("{}: {}")), option, tr_problem(result.problem)));
  }
  return result.value;
}

// `missing` is the msgid of the usage error when the value is empty.
std::string required_text(const char* option, const char* missing, const std::string& raw) {
  auto value = checked_text(option, raw);
  if (value.empty()) throw Error(Exit::kUsage, tr(missing));
  return value;
}

// People are recorded by display name: a login listed in [staff] becomes its name.
std::string person(const Session& session, const std::string& name) {
  auto it = session.config.staff.find(name);
  return it == session.config.staff.end() ? name : it->second;
}

int loan_days(const Session& session, int days) {
  if (days < 0 || days > kMaxDays) {
    throw Error(
        Exit::kUsage,
        fmt::format(fmt::runtime(tr("--days must be a whole number from 1 to {}")), kMaxDays));
  }
  return days == 0 ? session.config.loans.default_days : days;
}

std::optional<std::int64_t> parse_seq(std::string_view text) {
  std::int64_t n = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, n);
  if (text.empty() || ec != std::errc() || ptr != end || n <= 0) return std::nullopt;
  return n;
}

struct Target {
  std::string archive_no;
  std::optional<std::int64_t> seq;  // nothing: the whole archive
};

Target parse_target(const std::string& raw) {
  const std::string text = domain::trim(raw);
  const auto slash = text.find('/');
  Target t;
  auto no = domain::check_archive_no(text.substr(0, slash));
  if (!no.ok()) {
    throw Error(Exit::kData, fmt::format(fmt::runtime(tr("archive number {} {}")),
                                         text.substr(0, slash), tr_problem(no.problem)));
  }
  t.archive_no = no.value;
  if (slash != std::string::npos) {
    t.seq = parse_seq(text.substr(slash + 1));
    if (!t.seq) {
      throw Error(Exit::kData,
                  fmt::format(fmt::runtime(tr("{} is not a material id: expected NO/N, such as "
                                              "KH-000001/2")),
                              text));
    }
  }
  return t;
}

std::string material_id(const std::string& archive_no, std::int64_t seq) {
  return fmt::format("{}/{}", archive_no, seq);
}

std::string loan_key(const std::string& raw) { return domain::ascii_upper(domain::trim(raw)); }

store::Loan load_loan(store::LoanRepo& repo, const std::string& loan_no) {
  auto loan = repo.find(loan_no);
  if (!loan) throw Error(Exit::kNoInput, fmt::format(fmt::runtime(tr("no loan {}")), loan_no));
  return *loan;
}

void refuse_hold(store::LoanRepo& repo, std::int64_t customer_id, const std::string& archive_no) {
  auto hold = repo.legal_hold(customer_id);
  if (!hold) return;
  if (hold->since.empty()) {
    throw Error(Exit::kPolicy, fmt::format(fmt::runtime(tr("{} is under a legal hold: {}")),
                                           archive_no, hold->reason));
  }
  throw Error(Exit::kPolicy, fmt::format(fmt::runtime(tr("{} is under a legal hold since {}: {}")),
                                         archive_no, hold->since, hold->reason));
}

void apply(const domain::LendingDecision& decision) {
  if (decision.allowed()) return;
  fmt::dynamic_format_arg_store<fmt::format_context> args;
  for (const auto& a : decision.args) args.push_back(a);
  throw Error(Exit::kPolicy, fmt::vformat(tr(decision.message), args));
}

// The approver as recorded, and whether [roles] managers lists them (by the name typed, or
// the display name it stands for).
struct Approver {
  std::string name;
  bool manager = false;
};
Approver approver_of(const Session& session, const std::string& raw) {
  const auto typed = checked_text("--approved-by", raw);
  if (typed.empty()) return {};
  const auto name = person(session, typed);
  return {name, is_manager(session, typed) || is_manager(session, name)};
}

}  // namespace

std::string lend(const Session& session, const LendRequest& request) {
  const auto borrower = person(
      session,
      required_text("--to", N_("a loan needs a borrower: give --to BORROWER"), request.borrower));
  const auto dept = required_text(
      "--dept", N_("a loan needs the borrower's department: give --dept DEPT"), request.dept);
  const auto purpose = required_text("--purpose", N_("a loan needs a purpose: give --purpose TEXT"),
                                     request.purpose);
  const int days = loan_days(session, request.days);
  const auto letter = checked_text("--letter", request.letter);
  if (!letter.empty() && !request.external) {
    throw Error(Exit::kUsage, tr("--letter is for a borrower from outside the company: give "
                                 "--external too"));
  }
  const auto approver = approver_of(session, request.approver);
  const auto target = parse_target(request.target);

  auto db = open_db(session, OpenMode::kExisting);
  store::Transaction tx(db, store::Transaction::Kind::kWrite);
  store::CustomerRepo customers(db);
  store::LoanRepo loans(db);
  const auto c = load_live_archive(customers, target.archive_no);
  refuse_hold(loans, c.id, c.archive_no);

  std::vector<store::LendableMaterial> materials;
  if (target.seq) {
    auto m = loans.material(c.id, *target.seq);
    const auto id = material_id(c.archive_no, *target.seq);
    if (!m) throw Error(Exit::kNoInput, fmt::format(fmt::runtime(tr("no material {}")), id));
    if (!m->destroyed_on.empty()) {
      throw Error(Exit::kPolicy,
                  fmt::format(fmt::runtime(tr("{} was destroyed on {}")), id, m->destroyed_on));
    }
    materials.push_back(*m);
  } else {
    for (const auto& m : loans.materials(c.id)) {
      if (m.destroyed_on.empty()) materials.push_back(m);
    }
    if (materials.empty()) {
      throw Error(Exit::kData,
                  fmt::format(fmt::runtime(tr("{} has no materials to lend")), c.archive_no));
    }
  }

  domain::LendingCase lending;
  std::vector<std::string> ids;
  std::vector<std::int64_t> material_ids;
  for (const auto& m : materials) {
    const auto id = material_id(c.archive_no, m.seq);
    if (auto out = loans.open_loan_of(m.id)) {
      throw Error(Exit::kPolicy,
                  fmt::format(fmt::runtime(tr("{} is on loan to {} ({}) since {}, due {}")), id,
                              out->borrower, out->dept, out->lent_on, out->due));
    }
    lending.things.push_back({id, m.level});
    ids.push_back(id);
    material_ids.push_back(m.id);
  }
  // The folder of a whole archive carries the archive's own level.
  if (!target.seq) lending.things.push_back({c.archive_no, c.get("level")});
  lending.days = days;
  lending.max_days = session.config.loans.max_days;
  lending.lend_secret = session.config.loans.lend_secret;
  lending.approver = approver.name;
  lending.approver_is_manager = approver.manager;
  lending.borrower = borrower;
  lending.external = request.external;
  lending.letter = letter;
  apply(domain::decide_lending(lending));

  store::NewLoan loan;
  loan.loan_no = domain::format_id("L", customers.next_in_sequence("loan"));
  loan.customer_id = c.id;
  loan.whole = !target.seq;
  loan.borrower = borrower;
  loan.dept = dept;
  loan.purpose = purpose;
  loan.approver = approver.name;
  loan.external = request.external;
  loan.letter = letter;
  loan.lent_on = session.today.iso();
  loan.due = session.today.plus_days(days).iso();
  loan.op = session.op;
  loan.material_ids = material_ids;
  loans.insert(loan);
  audit(db, session, "lend", c.archive_no, fmt::format("{} {}", loan.loan_no, fmt::join(ids, ",")));
  tx.commit();
  return loan.loan_no;
}

std::string renew(const Session& session, const RenewRequest& request) {
  const auto loan_no = loan_key(request.loan_no);
  const int days = loan_days(session, request.days);
  const auto approver = approver_of(session, request.approver);

  auto db = open_db(session, OpenMode::kExisting);
  store::Transaction tx(db, store::Transaction::Kind::kWrite);
  store::LoanRepo loans(db);
  const auto loan = load_loan(loans, loan_no);
  if (!loan.open()) {
    throw Error(Exit::kData, fmt::format(fmt::runtime(tr("{} was returned on {}")), loan.loan_no,
                                         loan.returned_on()));
  }
  refuse_hold(loans, loan.customer_id, loan.archive_no);

  domain::LendingCase lending;
  for (const auto& i : loan.items) {
    if (i.returned_on.empty())
      lending.things.push_back({material_id(loan.archive_no, i.seq), i.level});
  }
  lending.days = days;
  lending.max_days = session.config.loans.max_days;
  lending.lend_secret = session.config.loans.lend_secret;
  lending.approver = approver.name;
  lending.approver_is_manager = approver.manager;
  lending.borrower = loan.borrower;
  lending.loan_no = loan.loan_no;
  if (loan.due < session.today.iso()) lending.overdue_due = loan.due;
  apply(domain::decide_lending(lending));

  const auto new_due = session.today.plus_days(days).iso();
  if (new_due <= loan.due) {
    throw Error(Exit::kData,
                fmt::format(fmt::runtime(tr("{} is due on {} already: a renewal of {} days would "
                                            "end on {}")),
                            loan.loan_no, loan.due, days, new_due));
  }
  loans.renew({loan.id, session.today.iso(), loan.due, new_due, approver.name, session.op});
  audit(db, session, "renew", loan.archive_no,
        fmt::format("{} due {} -> {}", loan.loan_no, loan.due, new_due));
  tx.commit();
  return loan.loan_no;
}

ReturnResult return_loan(const Session& session, const ReturnRequest& request) {
  const auto loan_no = loan_key(request.loan_no);
  auto received_by = person(session, checked_text("--received-by", request.received_by));
  if (received_by.empty()) received_by = session.op;
  const auto condition = checked_text("--condition", request.condition);

  auto db = open_db(session, OpenMode::kExisting);
  store::Transaction tx(db, store::Transaction::Kind::kWrite);
  store::LoanRepo loans(db);
  const auto loan = load_loan(loans, loan_no);

  std::vector<const store::LoanItem*> closing;
  const std::string wanted = domain::trim(request.material);
  if (!wanted.empty()) {
    // "N", or the full "NO/N" of this loan's archive.
    std::optional<std::int64_t> seq = parse_seq(wanted);
    if (!seq) {
      const auto slash = wanted.find('/');
      if (slash != std::string::npos &&
          domain::ascii_upper(wanted.substr(0, slash)) == loan.archive_no) {
        seq = parse_seq(std::string_view(wanted).substr(slash + 1));
      }
    }
    const auto it = std::find_if(loan.items.begin(), loan.items.end(),
                                 [&](const store::LoanItem& i) { return seq && i.seq == *seq; });
    if (it == loan.items.end()) {
      throw Error(Exit::kNoInput, fmt::format(fmt::runtime(tr("material {} is not part of {}")),
                                              wanted, loan.loan_no));
    }
    if (!it->returned_on.empty()) {
      throw Error(Exit::kData, fmt::format(fmt::runtime(tr("{} of {} was returned on {}")),
                                           material_id(loan.archive_no, it->seq), loan.loan_no,
                                           it->returned_on));
    }
    closing.push_back(&*it);
  } else {
    for (const auto& i : loan.items) {
      if (i.returned_on.empty()) closing.push_back(&i);
    }
    if (closing.empty()) {
      throw Error(Exit::kData, fmt::format(fmt::runtime(tr("{} was returned on {}")), loan.loan_no,
                                           loan.returned_on()));
    }
  }

  ReturnResult result;
  result.loan_no = loan.loan_no;
  for (const auto* i : closing) {
    if (!loans.close_item(loan.id, i->material_id, session.today.iso(), received_by, condition)) {
      throw Error(Exit::kInternal, "loan item vanished: " + loan.loan_no);
    }
    result.returned.push_back(material_id(loan.archive_no, i->seq));
  }
  for (const auto& i : loan.items) {
    if (i.returned_on.empty()) ++result.still_out;
  }
  result.still_out -= closing.size();
  audit(db, session, "return", loan.archive_no,
        fmt::format("{} {}", loan.loan_no, fmt::join(result.returned, ",")));
  tx.commit();
  return result;
}

report::Table loan_register(const Session& session, const LoansRequest& request) {
  auto db = open_db(session, OpenMode::kExisting);
  store::Transaction tx(db, store::Transaction::Kind::kRead);
  store::LoanRepo repo(db);
  const auto today = session.today.iso();
  const auto selection = request.overdue ? store::LoanSelection::kOverdue
                         : request.open  ? store::LoanSelection::kOpen
                                         : store::LoanSelection::kAll;
  const auto loans = repo.select(selection, today);

  Table t;
  t.show_title = false;
  if (request.overdue) {
    t.name = "loans_overdue";
    t.title = tr("overdue loans");
    t.columns = {{"id", tr("loan"), CellType::kText},
                 {"borrower", tr("borrower"), CellType::kText},
                 {"dept", tr("dept"), CellType::kText},
                 {"material", tr("material"), CellType::kText},
                 {"due", tr("due"), CellType::kDate},
                 {"days_overdue", tr("days overdue"), CellType::kInteger}};
    for (const auto& l : loans) {
      std::vector<std::string> out;
      for (const auto& i : l.items) {
        if (i.returned_on.empty()) out.push_back(material_id(l.archive_no, i.seq));
      }
      const auto due = domain::Date::from_iso(l.due);
      const auto late = due ? due->days_until(session.today) : 0;
      t.add_row({Cell::text(l.loan_no), Cell::text(l.borrower), Cell::text(l.dept),
                 Cell::text(fmt::format("{}", fmt::join(out, ","))), Cell::date(l.due),
                 Cell::integer(late)});
    }
    return t;
  }

  t.name = "loans";
  t.title = tr("loan register");
  t.columns = {{"id", tr("loan"), CellType::kText},
               {"archive_no", tr("archive_no"), CellType::kText},
               {"material", tr("material"), CellType::kText},
               {"borrower", tr("borrower"), CellType::kText},
               {"dept", tr("dept"), CellType::kText},
               {"purpose", tr("purpose"), CellType::kText},
               {"approver", tr("approver"), CellType::kText},
               {"lent_on", tr("lent_on"), CellType::kDate},
               {"due", tr("due"), CellType::kDate},
               {"returned_on", tr("returned_on"), CellType::kDate},
               {"state", tr("state"), CellType::kText}};
  for (const auto& l : loans) {
    std::vector<std::string> ids;
    for (const auto& i : l.items) ids.push_back(material_id(l.archive_no, i.seq));
    const auto returned = l.returned_on();
    const char* state = !l.open() ? "returned" : l.due < today ? "overdue" : "open";
    t.add_row({Cell::text(l.loan_no), Cell::text(l.archive_no),
               Cell::text(fmt::format("{}", fmt::join(ids, ","))), Cell::text(l.borrower),
               Cell::text(l.dept), Cell::text(l.purpose), Cell::text_or_null(l.approver),
               Cell::date(l.lent_on), Cell::date(l.due),
               returned.empty() ? Cell::null() : Cell::date(returned), Cell::text(state)});
  }
  return t;
}

std::vector<report::Table> loan_tables(store::Db& db, const Session&,
                                       const domain::Customer& customer) {
  store::LoanRepo repo(db);
  const auto loans = repo.of_customer(customer.id);
  if (loans.empty()) return {};
  Table t;
  t.name = "loans";
  t.title = tr("loan history");
  t.columns = {{"id", tr("loan"), CellType::kText},
               {"material", tr("material"), CellType::kText},
               {"borrower", tr("borrower"), CellType::kText},
               {"dept", tr("dept"), CellType::kText},
               {"lent_on", tr("lent_on"), CellType::kDate},
               {"due", tr("due"), CellType::kDate},
               {"returned_on", tr("returned_on"), CellType::kDate},
               {"received_by", tr("received_by"), CellType::kText},
               {"condition", tr("condition"), CellType::kText},
               {"renewals", tr("renewals"), CellType::kInteger}};
  for (const auto& l : loans) {
    for (const auto& i : l.items) {
      t.add_row({Cell::text(l.loan_no), Cell::text(material_id(l.archive_no, i.seq)),
                 Cell::text(l.borrower), Cell::text(l.dept), Cell::date(l.lent_on),
                 Cell::date(l.due),
                 i.returned_on.empty() ? Cell::null() : Cell::date(i.returned_on),
                 Cell::text_or_null(i.received_by), Cell::text_or_null(i.condition),
                 Cell::integer(l.renewals)});
    }
  }
  return {std::move(t)};
}

}  // namespace archive::app
