// The effective configuration: the shipped share/archive/config.toml with the user's file
// merged over it, as one typed value. Defaults live in the shipped file, nowhere else.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "archive/domain/fields.h"

namespace archive::config {

// The shipped file's text, compiled into the program (generated from share/archive/).
extern const std::string_view kShippedConfig;

struct Grade {
  std::string code;                   // "A"
  std::string label;                  // "贵宾客户"
  std::optional<int> follow_up_days;  // nothing: never (intent L)
};

struct GradeScheme {
  std::string name;           // "value"
  std::string label;          // "客户价值"
  std::vector<Grade> grades;  // in declared order
  // The grade of `code`, ignoring ASCII case; nullptr when there is none.
  const Grade* find(std::string_view code) const;
};

struct GradeRule {
  std::string name;
  std::string scheme;
  std::string grade;
  std::string when;  // an SQL condition over the facts view
};

struct MaterialKind {
  std::string name;   // "contract"
  std::string label;  // "合同"
  int retention_years = 0;
};

struct CustomReport {
  std::string name;
  std::string title;
  std::string description;
  std::string sql;
};

struct Config {
  std::string lang = "zh_CN";  // message language, whatever the locale

  struct Archive {
    std::string number_pattern;
    std::string default_region;
    int closed_retention_years = 0;
  } archive;

  std::map<std::string, std::string> staff;  // OS login -> display name

  struct Roles {
    std::vector<std::string> managers;  // names or logins
    std::vector<std::string> unmask;    // empty: anyone may --unmask
  } roles;

  std::string default_scheme;
  std::vector<GradeScheme> schemes;  // shipped order, then the user's new ones
  const GradeScheme* find_scheme(std::string_view name) const;

  struct FollowUp {
    int visit_every_days = 0;
    int owner_claim_days = 0;
  } follow_up;

  std::vector<GradeRule> grade_rules;
  std::vector<domain::FieldDef> fields;  // custom fields, custom = true
  std::vector<MaterialKind> materials;

  struct Loans {
    int default_days = 0;
    int max_days = 0;
    bool lend_secret = false;
  } loans;

  struct Purge {
    int backup_days = 0;
    std::string backup_dir;  // purge backups go here; empty: beside the database
  } purge;

  std::map<std::string, std::string> templates;
  std::vector<CustomReport> reports;

  // The merged document, for `archive config` (printed as TOML or JSON).
  toml::table effective;
};

// The `lang` of the shipped file: the message language before the user's file is read.
std::string shipped_lang();

// Builds the effective configuration from the shipped text and an optional user file.
// Merging is key by key; a grade scheme, material kind, custom field, template or report
// the user declares replaces the shipped one of the same name entirely; [[grade_rules]]
// are merged by name (a user rule replaces the shipped rule of its name, others are added).
// Throws archive::Error(kConfig) naming the file, line and column for a syntax error, an
// unknown key, a value of the wrong type or an inconsistent setting (a default_scheme that
// does not exist, a pattern without {seq}, duplicate grade codes …). A missing user file is
// an error only when `user_file_required` (it was named by --config or ARCHIVE_CONFIG).
Config load_config(const std::optional<std::filesystem::path>& user_file, bool user_file_required);

// The same from texts, for tests: `user_text` is parsed as if read from `user_name`.
Config load_config_text(std::string_view shipped_text, std::optional<std::string_view> user_text,
                        std::string_view user_name = "config.toml");

// Whether `person` (a display name or an OS login) is listed in `names`.
bool listed(const std::vector<std::string>& names, std::string_view name, std::string_view login);

}  // namespace archive::config
