// archive add: register a customer card and print its archive number.
#include <fmt/format.h>

#include <filesystem>
#include <memory>
#include <ostream>

#include "archive/app/customers.h"
#include "archive/app/purge.h"
#include "archive/i18n.h"
#include "commands.h"

namespace archive::cli {

namespace {

struct AddOptions {
  // Built-in fields given by their own option, in card order: (key, value).
  std::vector<std::pair<std::string, std::string>> fields;
  std::vector<std::string> grades;
  std::vector<std::string> sets;
  std::string archive_no;
  bool duplicate_ok = false;
};

struct FieldOption {
  const char* flag;
  const char* key;
  const char* help;
};

// The card fields that have an option of their own; any other field goes through --set.
constexpr FieldOption kFieldOptions[] = {
    {"--name", "name", N_("the customer's name (required)")},
    {"--kind", "kind", N_("individual, company, government, special or partner")},
    {"--gender", "gender", N_("male or female")},
    {"--mobile", "mobile", N_("mobile number")},
    {"--phone", "phone", N_("landline number")},
    {"--email", "email", N_("e-mail address")},
    {"--company", "company", N_("company name")},
    {"--credit-code", "credit_code", N_("unified social credit code")},
    {"--address", "address", N_("address")},
    {"--region", "region",
     N_("region code of the archive number (default: [archive] "
        "default_region)")},
    {"--owner", "owner", N_("the responsible rep")},
    {"--source", "source", N_("walk-in, phone, referral, exhibition, web, cold-call or other")},
    {"--birthday", "birthday", N_("the day the customer celebrates")},
    {"--id-number", "id_number", N_("resident ID number (18 characters)")},
    {"--level", "level", N_("public, internal, confidential or secret")},
    {"--note", "note", N_("free text")},
};

}  // namespace

Runner install_add(CLI::App& sub) {
  auto opts = std::make_shared<AddOptions>();
  auto values = std::make_shared<std::vector<std::string>>(std::size(kFieldOptions));
  for (std::size_t i = 0; i < std::size(kFieldOptions); ++i) {
    auto* option = sub.add_option(kFieldOptions[i].flag, (*values)[i], tr(kFieldOptions[i].help));
    if (std::string_view(kFieldOptions[i].key) == "name") option->required();
  }
  sub.add_option("--grade", opts->grades, tr("a grade, [SCHEME:]CODE; may be repeated"));
  sub.add_option("--set", opts->sets, tr("any field, FIELD=VALUE; may be repeated"));
  sub.add_option("--no", opts->archive_no, tr("an explicit archive number (kept if free)"));
  sub.add_flag("--duplicate-ok", opts->duplicate_ok,
               tr("register even when an active archive has the same mobile"));
  return [opts, values, &sub](Context& ctx) {
    app::AddRequest request;
    for (std::size_t i = 0; i < std::size(kFieldOptions); ++i) {
      if (sub.count(kFieldOptions[i].flag) > 0) {
        request.fields.emplace_back(kFieldOptions[i].key, (*values)[i]);
      }
    }
    for (const auto& s : opts->sets) request.fields.push_back(app::split_assignment(s));
    request.grades = opts->grades;
    request.archive_no = opts->archive_no;
    request.duplicate_ok = opts->duplicate_ok;
    const bool existed = std::filesystem::exists(ctx.session.db_path);
    const auto no = app::add_customer(ctx.session, request);
    *ctx.out << no << '\n';
    if (!existed) {
      ctx.info(fmt::format(fmt::runtime(tr("created database {}")), ctx.session.db_path.string()));
    }
    // A person whose archive was destroyed (perhaps on their request) is flagged, not refused.
    for (const auto& m : app::register_matches(ctx.session, no)) {
      ctx.warn(app::register_warning(no, m));
    }
    return 0;
  };
}

}  // namespace archive::cli
