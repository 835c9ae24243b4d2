// Choosing the message language at run time, independent of which locales are generated.
#include "archive/i18n.h"

#include <fmt/format.h>

#include <cstdlib>

// glibc caches translations; bumping this counter is its documented way to drop the cache
// after LANGUAGE changes.
extern "C" int _nl_msg_cat_cntr;

namespace archive {

namespace {

// Problems the domain builds from parts; listed here so the catalogue has their fixed parts.
[[maybe_unused]] constexpr const char* kComposedProblems[] = {
    N_("is not one of"),
    N_("has an unknown placeholder"),
    N_("may hold only letters, digits and hyphens outside placeholders"),
    N_("must contain {seq} exactly once"),
    N_("must not start or end with a hyphen or hold two in a row"),
};

}  // namespace

std::string tr_problem(const std::string& problem) {
  const auto colon = problem.find(": ");
  if (colon == std::string::npos) return tr(problem);
  return fmt::format(fmt::runtime(tr("{}: {}")), tr(problem.substr(0, colon)),
                     problem.substr(colon + 2));
}

void set_message_language(const std::string& lang, const std::string& locale_dir) {
  ::bindtextdomain(kTextDomain, locale_dir.c_str());
  ::bind_textdomain_codeset(kTextDomain, "UTF-8");
  // LANGUAGE is honoured for any locale but plain "C"; main() selects C.UTF-8 over "C", so
  // the choice works where only C.UTF-8 exists (cron, containers).
  if (!lang.empty()) ::setenv("LANGUAGE", lang == "C" ? "en" : lang.c_str(), 1);
  ++_nl_msg_cat_cntr;
}

}  // namespace archive
