// Message translation: every user-facing string goes through tr(); msgids are English.
#pragma once

#include <libintl.h>

#include <string>

namespace archive {

inline constexpr const char* kTextDomain = "archive";

// Translates an English message through the "archive" gettext domain.
inline const char* tr(const char* msgid) { return ::dgettext(kTextDomain, msgid); }
inline std::string tr(const std::string& msgid) { return ::dgettext(kTextDomain, msgid.c_str()); }

// Marks a string for extraction without translating it where it stands (a table of
// messages translated later through tr()).
#define N_(text) text

// Translates a domain problem ("is not a mobile number"). Problems that carry data after a
// colon ("is not one of: male, female") have their fixed part translated and the data kept.
std::string tr_problem(const std::string& problem);

// Selects the message language and binds the catalogue directory. `lang` is a
// gettext language list ("zh_CN", "en", "zh_CN:en"); empty leaves the environment's choice.
// Works where no zh_CN locale is generated: only C.UTF-8 must exist.
void set_message_language(const std::string& lang, const std::string& locale_dir);

}  // namespace archive
