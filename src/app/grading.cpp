// Grade changes and the due date they imply.
#include "archive/app/grading.h"

#include "archive/domain/date.h"
#include "archive/domain/follow_up.h"
#include "archive/store/customers.h"

namespace archive::app {

std::optional<int> shortest_interval(const config::Config& config,
                                     const std::vector<domain::GradeEntry>& grades) {
  std::optional<int> shortest;
  for (const auto& g : grades) {
    const auto* scheme = config.find_scheme(g.scheme);
    const auto* grade = scheme ? scheme->find(g.code) : nullptr;
    if (grade && grade->follow_up_days && (!shortest || *grade->follow_up_days < *shortest)) {
      shortest = grade->follow_up_days;
    }
  }
  return shortest;
}

void refresh_due(store::Db& db, const Session& session, std::int64_t customer_id) {
  store::CustomerRepo repo(db);
  auto state = repo.contact_state(customer_id);
  if (state.next_due_explicit) return;
  const auto interval = shortest_interval(session.config, repo.grades(customer_id));
  const auto from =
      domain::Date::from_iso(state.last_contact.empty() ? state.created : state.last_contact);
  state.next_due = interval && from ? from->plus_days(*interval).iso() : std::string();
  repo.set_contact_state(customer_id, state);
}

bool apply_grade(store::Db& db, const Session& session, std::int64_t customer_id,
                 const GradeRef& ref, const std::string& reason) {
  store::CustomerRepo repo(db);
  std::string from;
  for (const auto& g : repo.grades(customer_id)) {
    if (g.scheme == ref.scheme) from = g.code;
  }
  if (from == ref.code) return false;
  const auto today = session.today.iso();
  repo.set_grade(customer_id, ref.scheme, ref.code, today);
  repo.add_grade_history(customer_id, {ref.scheme, from, ref.code, today, session.op, reason});
  repo.set_dealt(customer_id, domain::is_dealt(repo.grades(customer_id)));
  refresh_due(db, session, customer_id);
  return true;
}

}  // namespace archive::app
