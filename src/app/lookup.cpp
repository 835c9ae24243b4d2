// Archive lookup by typed number, shared by every use case.
#include "archive/app/lookup.h"

#include <fmt/format.h>

#include "archive/domain/check.h"
#include "archive/domain/text.h"
#include "archive/error.h"
#include "archive/i18n.h"

namespace archive::app {

std::string checked_archive_no(const std::string& raw) {
  auto result = domain::check_archive_no(raw);
  if (!result.ok()) {
    throw Error(Exit::kData,
                fmt::format(fmt::runtime(tr("archive number {} {}")),
                            domain::printable(domain::trim(raw)), tr_problem(result.problem)));
  }
  return result.value;
}

domain::Customer load_archive(store::CustomerRepo& repo, const std::string& raw_no) {
  const auto no = checked_archive_no(raw_no);
  auto customer = repo.find_by_no(no);
  if (!customer) throw Error(Exit::kNoInput, fmt::format(fmt::runtime(tr("no archive {}")), no));
  return *customer;
}

void refuse_destroyed(const domain::Customer& c) {
  if (c.status == "destroyed") {
    throw Error(Exit::kPolicy, fmt::format(fmt::runtime(tr("archive {} was destroyed on {}")),
                                           c.archive_no, c.destroyed_on));
  }
}

domain::Customer load_live_archive(store::CustomerRepo& repo, const std::string& raw_no) {
  auto customer = load_archive(repo, raw_no);
  refuse_destroyed(customer);
  return customer;
}

}  // namespace archive::app
