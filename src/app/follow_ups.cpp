// Recording contacts and closing complaints: checks first, then one write transaction that
// inserts the follow-up, keeps the card's bookkeeping and writes the audit entry.
#include "archive/app/follow_ups.h"
#include "archive/app/lookup.h"

#include <fmt/format.h>

#include <algorithm>

#include "archive/app/customers.h"
#include "archive/app/grading.h"
#include "archive/domain/check.h"
#include "archive/domain/fields.h"
#include "archive/domain/follow_up.h"
#include "archive/domain/numbering.h"
#include "archive/domain/text.h"
#include "archive/error.h"
#include "archive/i18n.h"
#include "archive/store/customers.h"
#include "archive/store/follow_ups.h"

namespace archive::app {

namespace {

using domain::FollowUpEnum;

std::string checked_enum(FollowUpEnum kind, const char* option, const std::string& text) {
  auto result = domain::check_follow_up_enum(kind, text);
  if (!result.ok()) {
    throw Error(Exit::kData,
                fmt::format(fmt::runtime(tr("{} {}: {}")), option,
                            domain::printable(domain::trim(text)), tr_problem(result.problem)));
  }
  return result.value;
}

// Notes and outcomes follow the card's note rules: printable, several lines allowed,
// at most 1000 characters.
std::string checked_text(const char* option, const std::string& text, domain::Date today) {
  static const domain::FieldDef note = *domain::find_field("note", {});
  auto result = domain::check_field(note, text, today);
  if (!result.ok()) {
    throw Error(Exit::kData,
                fmt::format(fmt::runtime(tr("{}: {}")), option, tr_problem(result.problem)));
  }
  return result.value;
}

}  // namespace

FollowUpResult record_follow_up(const Session& session, const FollowUpRequest& request) {
  // Every value is checked before the database is touched.
  if (domain::trim(request.archive_no).empty()) {
    throw Error(Exit::kUsage, tr("which archive? give its number: archive follow-up NO …"));
  }
  if (domain::trim(request.channel).empty()) {
    throw Error(Exit::kUsage, tr("a follow-up needs a channel: give --channel (phone, visit, "
                                 "store, sms, wechat, email, other)"));
  }
  store::FollowUpRecord r;
  r.channel = checked_enum(FollowUpEnum::kChannel, "--channel", request.channel);
  r.type = request.type.empty() ? std::string("sales")
                                : checked_enum(FollowUpEnum::kType, "--type", request.type);
  if (!request.severity.empty() && r.type != "complaint") {
    throw Error(Exit::kUsage, tr("--severity is only for complaints: give --type complaint"));
  }
  if (r.type == "complaint") {
    r.severity = request.severity.empty()
                     ? std::string("normal")
                     : checked_enum(FollowUpEnum::kSeverity, "--severity", request.severity);
    r.state = "open";
  }
  const auto& today = session.today;
  domain::Date contact = today;
  r.contact_at = today.iso();
  if (!request.at.empty()) {
    auto at = domain::parse_contact_time(request.at);
    if (!at) {
      throw Error(Exit::kData,
                  fmt::format(fmt::runtime(tr("--at {}: not a date and time (YYYY-MM-DD "
                                              "[HH:MM])")),
                              domain::printable(domain::trim(request.at))));
    }
    if (at->date > today) {
      throw Error(Exit::kData,
                  fmt::format(fmt::runtime(tr("--at {}: the contact is after the business date "
                                              "{}")),
                              at->at, today.iso()));
    }
    contact = at->date;
    r.contact_at = at->at;
  }
  r.contact_date = contact.iso();
  if (!request.next.empty()) {
    auto next = domain::parse_date(request.next);
    if (!next) {
      throw Error(Exit::kData, fmt::format(fmt::runtime(tr("--next {}: not a date (YYYY-MM-DD)")),
                                           domain::printable(domain::trim(request.next))));
    }
    if (*next < contact) {
      throw Error(Exit::kData,
                  fmt::format(fmt::runtime(tr("--next {}: before the contact date {}")),
                              next->iso(), r.contact_date));
    }
    r.next_due = next->iso();
  }
  r.note = checked_text("--note", request.note, today);
  r.outcome = checked_text("--outcome", request.outcome, today);
  std::optional<GradeRef> grade;
  if (!request.grade.empty()) {
    grade = resolve_grade(session.config, request.grade);
    r.grade_scheme = grade->scheme;
    r.grade_code = grade->code;
  }
  r.op = session.op;
  const auto no = checked_archive_no(request.archive_no);

  auto db = open_db(session, OpenMode::kExisting);
  store::Transaction tx(db, store::Transaction::Kind::kWrite);
  store::CustomerRepo customers(db);
  const auto c = customers.find_by_no(no);
  if (!c) throw Error(Exit::kNoInput, fmt::format(fmt::runtime(tr("no archive {}")), no));
  if (c->status == "destroyed") {
    throw Error(Exit::kPolicy, fmt::format(fmt::runtime(tr("archive {} was destroyed on {}")),
                                           c->archive_no, c->destroyed_on));
  }
  if (c->status == "closed" && r.type != "service" && r.type != "complaint") {
    throw Error(Exit::kPolicy,
                fmt::format(fmt::runtime(tr("archive {} is closed (since {}); only service "
                                            "visits and complaints are recorded on a closed "
                                            "archive")),
                            c->archive_no, c->closed_on));
  }

  r.customer_id = c->id;
  r.follow_up_no = domain::format_id("F", customers.next_in_sequence("follow_up"));
  store::FollowUpRepo(db).insert(r);

  // The card's bookkeeping. A backdated contact (earlier than the last one) is kept in the
  // register but moves neither the last contact, the claim nor the next due date.
  FollowUpResult result{r.follow_up_no, r.contact_date, false, "", ""};
  auto state = customers.contact_state(c->id);
  const bool latest = state.last_contact.empty() || r.contact_date >= state.last_contact;
  if (latest) {
    state.last_contact = r.contact_date;
    state.claim_start = std::max(state.claim_start, r.contact_date);
    state.next_due_explicit = !r.next_due.empty();
    if (state.next_due_explicit) state.next_due = r.next_due;
  } else {
    result.backdated = true;
    result.last_contact = state.last_contact;
  }
  if (domain::is_visit_channel(r.channel)) {
    state.last_visit = std::max(state.last_visit, r.contact_date);
  }
  customers.set_contact_state(c->id, state);
  // The grade first, so that its interval counts for the due date computed next.
  if (grade) {
    apply_grade(db, session, c->id, *grade, fmt::format("follow-up {}", r.follow_up_no));
  }
  if (latest) refresh_due(db, session, c->id);
  result.next_due = customers.contact_state(c->id).next_due;
  audit(db, session, "follow-up", c->archive_no, r.follow_up_no);
  tx.commit();
  return result;
}

CloseResult close_complaint(const Session& session, const std::string& follow_up_no,
                            const std::string& note) {
  const std::string no = domain::ascii_upper(domain::trim(follow_up_no));
  const std::string close_note = checked_text("--note", note, session.today);

  auto db = open_db(session, OpenMode::kExisting);
  store::Transaction tx(db, store::Transaction::Kind::kWrite);
  store::FollowUpRepo repo(db);
  const auto f = repo.find_by_no(no);
  if (!f) {
    throw Error(Exit::kNoInput, fmt::format(fmt::runtime(tr("no follow-up {}")),
                                            domain::printable(domain::trim(follow_up_no))));
  }
  if (f->type != "complaint") {
    throw Error(Exit::kData,
                fmt::format(fmt::runtime(tr("{} is not a complaint (it is a {} follow-up of "
                                            "{})")),
                            f->follow_up_no, f->type, f->archive_no));
  }
  if (f->state != "open") {
    throw Error(Exit::kData,
                fmt::format(fmt::runtime(tr("complaint {} is already closed (since {})")),
                            f->follow_up_no, f->closed_on));
  }
  const auto c = store::CustomerRepo(db).find_by_no(f->archive_no);
  if (c && c->status == "destroyed") {
    throw Error(Exit::kPolicy, fmt::format(fmt::runtime(tr("archive {} was destroyed on {}")),
                                           c->archive_no, c->destroyed_on));
  }
  repo.close_complaint(f->id, session.today.iso(), close_note);
  audit(db, session, "complaint-close", f->archive_no, f->follow_up_no);
  tx.commit();
  return {f->follow_up_no, f->archive_no};
}

}  // namespace archive::app
