// `archive reassign`: a leaving rep's customers, lapsed claims or named archives to other
// reps (dealt out by a seeded shuffle) or to the pool.
#include "archive/app/reassign.h"
#include "archive/app/lookup.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "archive/domain/check.h"
#include "archive/domain/deal.h"
#include "archive/domain/text.h"
#include "archive/error.h"
#include "archive/i18n.h"
#include "archive/store/customers.h"

namespace archive::app {

namespace {

using report::Cell;
using report::CellType;

std::string rep_name(const Session& session, const std::string& raw) {
  const auto name = domain::trim(raw);
  auto it = session.config.staff.find(name);
  return it == session.config.staff.end() ? name : it->second;
}

[[noreturn]] void usage(const std::string& message) { throw Error(Exit::kUsage, message); }

std::vector<std::string> target_reps(const Session& session, const ReassignRequest& r) {
  std::vector<std::string> reps;
  for (const auto& raw : r.to) {
    const auto name = rep_name(session, raw);
    if (name.empty()) usage(tr("--to: a rep's name is empty"));
    if (std::find(reps.begin(), reps.end(), name) != reps.end()) {
      usage(fmt::format(fmt::runtime(tr("--to names {} twice")), name));
    }
    reps.push_back(name);
  }
  return reps;
}

}  // namespace

ReassignResult reassign(const Session& session, const ReassignRequest& r) {
  // Every argument is checked before the database is opened.
  const int selections =
      (!r.from.empty() ? 1 : 0) + (r.lapsed ? 1 : 0) + (!r.numbers.empty() ? 1 : 0);
  if (selections != 1) {
    usage(tr("give exactly one of --from REP, --lapsed or archive numbers"));
  }
  if (!r.lapsed_owner.empty() && !r.lapsed) usage(tr("--owner goes with --lapsed"));
  if (r.to.empty() == !r.pool) usage(tr("give exactly one of --to REP[,REP...] or --pool"));
  const auto reps = target_reps(session, r);
  const auto from = r.from.empty() ? std::string() : rep_name(session, r.from);
  if (!r.from.empty() && from.empty()) usage(tr("--from: a rep's name is empty"));
  if (!from.empty() && std::find(reps.begin(), reps.end(), from) != reps.end()) {
    usage(fmt::format(fmt::runtime(tr("--to includes {}, whose customers --from moves")), from));
  }
  const auto lapsed_owner = rep_name(session, r.lapsed_owner);
  const std::uint64_t seed = r.seed ? *r.seed : static_cast<std::uint64_t>(session.today.days());

  auto db = open_db(session, OpenMode::kExisting);
  store::Transaction tx(
      db, r.dry_run ? store::Transaction::Kind::kRead : store::Transaction::Kind::kWrite);
  store::CustomerRepo repo(db);
  std::vector<domain::Customer> selected;
  if (!from.empty()) {
    selected = repo.active_of_owner(from);
  } else if (r.lapsed) {
    const auto cutoff = session.today.plus_days(-session.config.follow_up.owner_claim_days);
    selected = repo.lapsed_claims(cutoff.iso(), lapsed_owner);
  } else {
    std::set<std::string> seen;
    for (const auto& no : r.numbers) {
      auto c = load_live_archive(repo, no);
      if (seen.insert(c.archive_no).second) selected.push_back(std::move(c));
    }
    std::sort(selected.begin(), selected.end(),
              [](const auto& a, const auto& b) { return a.archive_no < b.archive_no; });
  }

  // Who goes where: the pool, the one rep, or a seeded deal over several.
  std::vector<std::string> owners;
  for (const auto& c : selected) owners.push_back(c.get("owner"));
  std::vector<std::optional<std::string>> targets(selected.size());
  if (r.pool) {
    for (std::size_t i = 0; i < selected.size(); ++i) {
      if (!owners[i].empty()) targets[i] = std::string();
    }
  } else {
    const auto dealt = domain::deal(owners, reps, seed);
    for (std::size_t i = 0; i < selected.size(); ++i) {
      if (dealt[i]) targets[i] = reps[*dealt[i]];
    }
  }

  ReassignResult result;
  result.selected = selected.size();
  auto& t = result.changes;
  t.name = "reassign";
  t.title = r.dry_run ? tr("archives that would be reassigned") : tr("archives reassigned");
  t.show_title = false;
  t.columns = {{"archive_no", tr("archive_no"), CellType::kText},
               {"name", tr("name"), CellType::kText},
               {"from", tr("old owner"), CellType::kText},
               {"to", tr("new owner"), CellType::kText}};
  const auto today = session.today.iso();
  for (std::size_t i = 0; i < selected.size(); ++i) {
    if (!targets[i]) continue;
    const auto& c = selected[i];
    const auto& to = *targets[i];
    t.add_row({Cell::text(c.archive_no), Cell::text_or_null(c.get("name")),
               Cell::text_or_null(owners[i]), Cell::text_or_null(to)});
    ++result.count;
    if (r.dry_run) continue;
    repo.set_field(c.id, "owner", to, false);
    auto state = repo.contact_state(c.id);
    state.claim_start = today;
    repo.set_contact_state(c.id, state);
    repo.add_field_history(c.id, {"owner", owners[i], to, today, session.op, "reassign"});
    audit(db, session, "reassign", c.archive_no, "owner");
  }
  if (!r.dry_run && result.count > 0) tx.commit();
  return result;
}

}  // namespace archive::app
