// Choosing the message language at run time, independent of which locales are generated.
#include "archive/i18n.h"

#include <cstdlib>

// glibc caches translations; bumping this counter is its documented way to drop the cache
// after LANGUAGE changes.
extern "C" int _nl_msg_cat_cntr;

namespace archive {

void set_message_language(const std::string& lang, const std::string& locale_dir) {
  ::bindtextdomain(kTextDomain, locale_dir.c_str());
  ::bind_textdomain_codeset(kTextDomain, "UTF-8");
  // LANGUAGE is honoured for any locale but plain "C"; main() selects C.UTF-8 over "C", so
  // the choice works where only C.UTF-8 exists (cron, containers).
  if (!lang.empty()) ::setenv("LANGUAGE", lang == "C" ? "en" : lang.c_str(), 1);
  ++_nl_msg_cat_cntr;
}

}  // namespace archive
