// Loads the shipped configuration, merges the user's file over it and checks the result
// into one typed Config; every complaint names the file, line and column it is about.
#include "archive/config/config.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>
#include <system_error>
#include <utility>

#include "archive/domain/check.h"
#include "archive/domain/fields.h"
#include "archive/domain/numbering.h"
#include "archive/domain/text.h"
#include "archive/error.h"
#include "archive/i18n.h"

namespace archive::config {
namespace {

constexpr std::string_view kShippedName = "share/archive/config.toml (shipped)";

// Sections whose entries the user replaces whole rather than key by key: a half-merged
// grade scheme or report would be something nobody wrote.
constexpr std::array<std::string_view, 5> kWholeSections = {"grades", "materials", "fields",
                                                            "templates", "reports"};

// The built-in report names of archive-report(1); a custom report may not hide one.
constexpr std::array<std::string_view, 8> kBuiltinReports = {"summary",   "activity",   "pipeline",
                                                             "sources",   "complaints", "loans",
                                                             "retention", "destruction"};

// Keys the commands keep themselves; a custom field of that name would shadow them in
// CSV/JSON and in --set.
constexpr std::array<std::string_view, 4> kReservedFieldKeys = {"archive_no", "status", "created",
                                                                "grade"};

constexpr int kMaxDays = 36500;
constexpr int kMaxYears = 100;

std::string format_tr(const char* msgid, auto&&... args) {
  return fmt::format(fmt::runtime(tr(msgid)), std::forward<decltype(args)>(args)...);
}

// "FILE line L, column C: MESSAGE", or less when the source is not known.
[[noreturn]] void fail_at(const toml::source_region& where, const std::string& message) {
  if (where.path && where.begin) {
    throw Error(Exit::kConfig, format_tr("{} line {}, column {}: {}", *where.path, where.begin.line,
                                         where.begin.column, message));
  }
  if (where.path)
    throw Error(Exit::kConfig, fmt::format(fmt::runtime(tr("{}: {}")), *where.path, message));
  throw Error(Exit::kConfig, message);
}

// A key path as TOML would spell it: `staff."王 x"` quotes a key that is not bare.
std::string join(std::string_view path, std::string_view key) {
  const bool bare = !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
  const std::string spelled = bare ? std::string(key) : fmt::format("\"{}\"", key);
  return path.empty() ? spelled : fmt::format("{}.{}", path, spelled);
}

std::string indexed(std::string_view path, std::size_t i) { return fmt::format("{}[{}]", path, i); }

// --- The shape of a valid file: known keys and the type of each value. ---

enum class Type { kString, kInteger, kBoolean, kStrings, kTable, kTables };

struct Shape;

struct Member {
  std::string_view key;
  const Shape* shape;
  bool required = false;  // only for entries declared whole (a scheme, a rule, a field …)
};

struct Shape {
  Type type;
  std::vector<Member> members = {};  // kTable: the known keys
  const Shape* rest = nullptr;       // kTable: any other key; kTables: each element
};

const Shape& root_shape() {
  static const Shape kString{Type::kString};
  static const Shape kInteger{Type::kInteger};
  static const Shape kBoolean{Type::kBoolean};
  static const Shape kStrings{Type::kStrings};
  static const Shape kArchive{Type::kTable,
                              {{"number_pattern", &kString},
                               {"default_region", &kString},
                               {"closed_retention_years", &kInteger}}};
  static const Shape kStaff{Type::kTable, {}, &kString};
  static const Shape kRoles{Type::kTable, {{"managers", &kStrings}, {"unmask", &kStrings}}};
  static const Shape kGrade{
      Type::kTable,
      {{"code", &kString, true}, {"label", &kString, true}, {"follow_up_days", &kInteger}}};
  static const Shape kGradeList{Type::kTables, {}, &kGrade};
  static const Shape kScheme{Type::kTable, {{"label", &kString}, {"grades", &kGradeList, true}}};
  static const Shape kGrades{Type::kTable, {{"default_scheme", &kString}}, &kScheme};
  static const Shape kFollowUp{Type::kTable,
                               {{"visit_every_days", &kInteger}, {"owner_claim_days", &kInteger}}};
  static const Shape kRule{Type::kTable,
                           {{"name", &kString, true},
                            {"scheme", &kString},
                            {"grade", &kString},
                            {"when", &kString},
                            {"enabled", &kBoolean}}};
  static const Shape kRules{Type::kTables, {}, &kRule};
  static const Shape kField{
      Type::kTable, {{"label", &kString, true}, {"type", &kString, true}, {"values", &kStrings}}};
  static const Shape kFields{Type::kTable, {}, &kField};
  static const Shape kMaterial{Type::kTable,
                               {{"label", &kString, true}, {"retention_years", &kInteger, true}}};
  static const Shape kMaterials{Type::kTable, {}, &kMaterial};
  static const Shape kLoans{
      Type::kTable,
      {{"default_days", &kInteger}, {"max_days", &kInteger}, {"lend_secret", &kBoolean}}};
  static const Shape kPurge{Type::kTable, {{"backup_days", &kInteger}, {"backup_dir", &kString}}};
  static const Shape kTemplates{Type::kTable, {}, &kString};
  static const Shape kReport{
      Type::kTable,
      {{"title", &kString, true}, {"description", &kString}, {"sql", &kString, true}}};
  static const Shape kReports{Type::kTable, {}, &kReport};
  static const Shape kRoot{Type::kTable,
                           {{"lang", &kString},
                            {"archive", &kArchive},
                            {"staff", &kStaff},
                            {"roles", &kRoles},
                            {"grades", &kGrades},
                            {"follow_up", &kFollowUp},
                            {"grade_rules", &kRules},
                            {"fields", &kFields},
                            {"materials", &kMaterials},
                            {"loans", &kLoans},
                            {"purge", &kPurge},
                            {"templates", &kTemplates},
                            {"reports", &kReports}}};
  return kRoot;
}

const char* type_problem(Type type) {
  switch (type) {
    case Type::kString:
      return N_("{} must be a string");
    case Type::kInteger:
      return N_("{} must be a whole number");
    case Type::kBoolean:
      return N_("{} must be true or false");
    case Type::kStrings:
      return N_("{} must be a list of strings");
    case Type::kTable:
      return N_("{} must be a table");
    case Type::kTables:
      return N_("{} must be a list of tables");
  }
  return N_("{} has the wrong type");
}

// Rejects unknown keys, values of the wrong type and entries missing a required key, while
// the parsed document still knows where each node came from.
void check_shape(const toml::node& node, const Shape& shape, const std::string& path) {
  const auto wrong = [&](const toml::node& at) {
    fail_at(at.source(), format_tr(type_problem(shape.type), path));
  };
  switch (shape.type) {
    case Type::kString:
      if (!node.is_string()) wrong(node);
      return;
    case Type::kInteger:
      if (!node.is_integer()) wrong(node);
      return;
    case Type::kBoolean:
      if (!node.is_boolean()) wrong(node);
      return;
    case Type::kStrings: {
      const toml::array* array = node.as_array();
      if (array == nullptr) wrong(node);
      for (const toml::node& element : *array) {
        if (!element.is_string()) wrong(element);
      }
      return;
    }
    case Type::kTables: {
      const toml::array* array = node.as_array();
      if (array == nullptr) wrong(node);
      for (std::size_t i = 0; i < array->size(); ++i) {
        const toml::node& element = *array->get(i);
        if (!element.is_table()) wrong(element);
        check_shape(element, *shape.rest, indexed(path, i));
      }
      return;
    }
    case Type::kTable: {
      const toml::table* table = node.as_table();
      if (table == nullptr) wrong(node);
      for (const auto& [key, value] : *table) {
        const std::string name(key.str());
        const std::string key_path = join(path, name);
        const auto member = std::find_if(shape.members.begin(), shape.members.end(),
                                         [&](const Member& m) { return m.key == name; });
        if (member != shape.members.end()) {
          check_shape(value, *member->shape, key_path);
        } else if (shape.rest != nullptr) {
          check_shape(value, *shape.rest, key_path);
        } else {
          fail_at(key.source(), format_tr("unknown key {}", key_path));
        }
      }
      for (const Member& member : shape.members) {
        if (member.required && !table->contains(member.key)) {
          fail_at(node.source(), format_tr("{} is missing", join(path, member.key)));
        }
      }
      return;
    }
  }
}

std::string rule_name(const toml::node& rule) {
  return std::string(rule.at_path("name").value_or(std::string_view()));
}

// Within one file a second rule of a name is a mistake; across files it is an override.
void check_rule_names(const toml::table& document) {
  const toml::array* rules = document["grade_rules"].as_array();
  if (rules == nullptr) return;
  std::set<std::string> names;
  for (std::size_t i = 0; i < rules->size(); ++i) {
    const toml::node& rule = *rules->get(i);
    if (!names.insert(rule_name(rule)).second) {
      fail_at(rule.source(), format_tr("{}: a second rule named \"{}\"", indexed("grade_rules", i),
                                       rule_name(rule)));
    }
  }
}

toml::table parse(std::string_view text, std::string_view name) {
  try {
    toml::table document = toml::parse(text, name);
    check_shape(document, root_shape(), "");
    check_rule_names(document);
    return document;
  } catch (const toml::parse_error& e) {
    fail_at(e.source(), std::string(e.description()));
  }
}

// --- Merging ---

// The keys of `section` in the order they were written: toml::table sorts its keys, but a
// card's custom fields and a listing of schemes or kinds should follow the file.
std::vector<std::string> written_order(const toml::table& document, std::string_view section) {
  std::vector<std::pair<const toml::key*, std::string>> keys;
  if (const toml::table* table = document[section].as_table()) {
    for (const auto& [key, value] : *table) {
      if (value.is_table()) keys.emplace_back(&key, std::string(key.str()));
    }
  }
  std::stable_sort(keys.begin(), keys.end(), [](const auto& a, const auto& b) {
    const toml::source_position& pa = a.first->source().begin;
    const toml::source_position& pb = b.first->source().begin;
    return std::pair(pa.line, pa.column) < std::pair(pb.line, pb.column);
  });
  std::vector<std::string> names;
  for (auto& key : keys) names.push_back(std::move(key.second));
  return names;
}

struct Orders {
  std::vector<std::string> schemes, fields, materials, reports;
};

// Shipped order first, then the user's new names in the order the user wrote them.
std::vector<std::string> combined_order(const toml::table& shipped, const toml::table* user,
                                        std::string_view section) {
  std::vector<std::string> names = written_order(shipped, section);
  if (user != nullptr) {
    for (std::string& name : written_order(*user, section)) {
      if (std::find(names.begin(), names.end(), name) == names.end()) {
        names.push_back(std::move(name));
      }
    }
  }
  return names;
}

void merge_rules(toml::table& into, toml::array&& rules) {
  toml::array* merged = into["grade_rules"].as_array();
  if (merged == nullptr) {
    into.insert_or_assign("grade_rules", std::move(rules));
    return;
  }
  for (toml::node& rule : rules) {
    const std::string name = rule_name(rule);
    const auto same = std::find_if(merged->begin(), merged->end(),
                                   [&](const toml::node& r) { return rule_name(r) == name; });
    if (same != merged->end()) {
      merged->replace(same, std::move(*rule.as_table()));
    } else {
      merged->push_back(std::move(*rule.as_table()));
    }
  }
}

// Moves, never copies, the user's nodes in: toml++ keeps a node's source only on a move,
// and the checks after the merge must still name the file and line of every value.
void merge_into(toml::table& into, toml::table&& user, std::string_view path) {
  const bool whole =
      std::find(kWholeSections.begin(), kWholeSections.end(), path) != kWholeSections.end();
  for (auto&& [key, value] : user) {
    if (path.empty() && key.str() == "grade_rules") {
      merge_rules(into, std::move(*value.as_array()));
      continue;
    }
    toml::node* existing = into.get(key.str());
    if (!whole && existing != nullptr && existing->is_table() && value.is_table()) {
      merge_into(*existing->as_table(), std::move(*value.as_table()), join(path, key.str()));
    } else {
      into.insert_or_assign(key, std::move(value));
    }
  }
}

// --- Typed values, checked against each other ---

const toml::node& need(const toml::table& table, std::string_view key, std::string_view path) {
  const toml::node* node = table.get(key);
  if (node == nullptr) fail_at(table.source(), format_tr("{} is missing", join(path, key)));
  return *node;
}

const toml::table& need_table(const toml::table& root, std::string_view key) {
  return *need(root, key, "").as_table();
}

std::string need_string(const toml::table& table, std::string_view key, std::string_view path) {
  return std::string(need(table, key, path).as_string()->get());
}

std::string optional_string(const toml::table& table, std::string_view key) {
  return std::string(table[key].value_or(std::string_view()));
}

// A whole number in [low, high]; checked before narrowing so 1e12 cannot wrap around.
int need_int(const toml::table& table, std::string_view key, std::string_view path, int low,
             int high) {
  const toml::node& node = need(table, key, path);
  const std::int64_t value = node.as_integer()->get();
  if (value < low || value > high) {
    fail_at(node.source(), format_tr("{} must be between {} and {}", join(path, key), low, high));
  }
  return static_cast<int>(value);
}

std::vector<std::string> strings(const toml::table& table, std::string_view key) {
  std::vector<std::string> out;
  if (const toml::array* array = table[key].as_array()) {
    for (const toml::node& element : *array) out.emplace_back(element.as_string()->get());
  }
  return out;
}

void need_text(const toml::table& table, std::string_view key, std::string_view path) {
  const toml::node& node = need(table, key, path);
  if (domain::trim(node.as_string()->get()).empty()) {
    fail_at(node.source(), format_tr("{} must not be empty", join(path, key)));
  }
}

bool is_ascii_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Scheme, material kind, template and report names are typed on command lines
// ("intent:H", --kind, --template): a letter, then letters, digits, _ or -.
bool is_name(std::string_view name) {
  if (name.empty() || !is_ascii_alnum(name.front()) || (name.front() >= '0' && name.front() <= '9'))
    return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return is_ascii_alnum(c) || c == '_' || c == '-'; });
}

// A custom field's key is also a CSV/JSON key and a --set name: [a-z][a-z0-9_]*.
bool is_field_key(std::string_view key) {
  if (key.empty() || key.front() < 'a' || key.front() > 'z') return false;
  return std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

const toml::key& key_of(const toml::table& table, std::string_view name) {
  return table.find(name)->first;
}

void check_names(const toml::table& section, std::string_view path) {
  for (const auto& [key, value] : section) {
    if (!is_name(key.str())) {
      fail_at(key.source(),
              format_tr("{} is not a valid name: use a letter, then letters, digits, _ or -",
                        join(path, key.str())));
    }
  }
}

bool is_shipped(const toml::node& node) {
  const auto& path = node.source().path;
  return path && *path == kShippedName;
}

// Of two values that contradict each other, the one the user wrote: pointing at the shipped
// line the user never touched would send them to the wrong file.
const toml::node& user_side(const toml::node& first, const toml::node& second) {
  return is_shipped(first) ? second : first;
}

void read_archive(const toml::table& root, Config& config) {
  const toml::table& archive = need_table(root, "archive");
  config.archive.number_pattern = need_string(archive, "number_pattern", "archive");
  if (const auto problem = domain::pattern_problem(config.archive.number_pattern)) {
    fail_at(archive.get("number_pattern")->source(),
            format_tr("archive.number_pattern \"{}\" {}", config.archive.number_pattern,
                      tr_problem(*problem)));
  }
  const std::string region = need_string(archive, "default_region", "archive");
  const domain::Checked checked = domain::check_region(region);
  if (!checked.ok()) {
    fail_at(archive.get("default_region")->source(),
            format_tr("archive.default_region \"{}\" {}", region, tr_problem(checked.problem)));
  }
  config.archive.default_region = checked.value;
  config.archive.closed_retention_years =
      need_int(archive, "closed_retention_years", "archive", 1, kMaxYears);
}

void read_grades(const toml::table& root, const std::vector<std::string>& order, Config& config) {
  const toml::table& grades = need_table(root, "grades");
  for (const std::string& name : order) {
    const toml::table& table = *grades.get(name)->as_table();
    const std::string path = join("grades", name);
    if (!is_name(name)) {
      fail_at(
          key_of(grades, name).source(),
          format_tr("{} is not a valid name: use a letter, then letters, digits, _ or -", path));
    }
    GradeScheme scheme{name, optional_string(table, "label"), {}};
    if (scheme.label.empty()) scheme.label = name;
    const toml::array& list = *table.get("grades")->as_array();
    if (list.empty()) fail_at(table.source(), format_tr("{}.grades must not be empty", path));
    for (std::size_t i = 0; i < list.size(); ++i) {
      const toml::table& entry = *list.get(i)->as_table();
      const std::string entry_path = indexed(path + ".grades", i);
      const toml::node& code_node = *entry.get("code");
      Grade grade{std::string(code_node.as_string()->get()), "", std::nullopt};
      if (grade.code.empty() ||
          !std::all_of(grade.code.begin(), grade.code.end(), is_ascii_alnum)) {
        fail_at(code_node.source(), format_tr("{}.code \"{}\" must be ASCII letters or digits",
                                              entry_path, grade.code));
      }
      // Codes are typed in either case ("grade NO a"), so "a" and "A" would be one code.
      if (scheme.find(grade.code) != nullptr) {
        fail_at(code_node.source(), format_tr("{}.code \"{}\" appears twice in scheme {}",
                                              entry_path, grade.code, name));
      }
      need_text(entry, "label", entry_path);
      grade.label = need_string(entry, "label", entry_path);
      if (entry.contains("follow_up_days")) {
        grade.follow_up_days = need_int(entry, "follow_up_days", entry_path, 1, kMaxDays);
      }
      scheme.grades.push_back(std::move(grade));
    }
    config.schemes.push_back(std::move(scheme));
  }
  config.default_scheme = need_string(grades, "default_scheme", "grades");
  if (config.find_scheme(config.default_scheme) == nullptr) {
    fail_at(grades.get("default_scheme")->source(),
            format_tr("grades.default_scheme \"{}\" is not a scheme under [grades]",
                      config.default_scheme));
  }
}

void read_rules(const toml::table& root, Config& config) {
  const toml::array* rules = root["grade_rules"].as_array();
  if (rules == nullptr) return;
  for (std::size_t i = 0; i < rules->size(); ++i) {
    const toml::table& entry = *rules->get(i)->as_table();
    const std::string path = indexed("grade_rules", i);
    need_text(entry, "name", path);
    const std::string name = need_string(entry, "name", path);
    // A switched-off rule needs nothing else, so `name = "dormant"` and `enabled = false`
    // are enough to drop a shipped rule that no longer fits the user's schemes.
    if (!entry["enabled"].value_or(true)) continue;
    GradeRule rule{name, need_string(entry, "scheme", path), need_string(entry, "grade", path),
                   need_string(entry, "when", path)};
    const GradeScheme* scheme = config.find_scheme(rule.scheme);
    if (scheme == nullptr) {
      fail_at(entry.get("scheme")->source(),
              format_tr("{}.scheme \"{}\" is not a scheme under [grades]", path, rule.scheme));
    }
    const Grade* grade = scheme->find(rule.grade);
    if (grade == nullptr) {
      std::string message = format_tr("{} (\"{}\"): grade \"{}\" is not a grade of scheme {}", path,
                                      name, rule.grade, rule.scheme);
      // A shipped rule fails when the user redefined its scheme; the fix belongs in the
      // user's file, so say what to write there.
      if (is_shipped(entry)) {
        message += format_tr(
            "; switch the rule off in your file: [[grade_rules]] name = \"{}\" enabled = false",
            name);
      }
      fail_at(entry.get("grade")->source(), message);
    }
    rule.grade = grade->code;
    need_text(entry, "when", path);
    config.grade_rules.push_back(std::move(rule));
  }
}

void read_fields(const toml::table& root, const std::vector<std::string>& order, Config& config) {
  const toml::table* fields = root["fields"].as_table();
  if (fields == nullptr) return;
  static const std::array<std::pair<std::string_view, domain::FieldType>, 5> kTypes = {{
      {"text", domain::FieldType::kText},
      {"int", domain::FieldType::kInteger},
      {"date", domain::FieldType::kDate},
      {"money", domain::FieldType::kMoney},
      {"enum", domain::FieldType::kEnum},
  }};
  const auto& builtin = domain::builtin_fields();
  for (const std::string& name : order) {
    const toml::table& table = *fields->get(name)->as_table();
    const std::string path = join("fields", name);
    const toml::source_region& key_source = key_of(*fields, name).source();
    if (!is_field_key(name)) {
      fail_at(key_source,
              format_tr("{}: a field name is a lower-case letter, then lower-case letters, "
                        "digits or _",
                        path));
    }
    const bool reserved = std::find(kReservedFieldKeys.begin(), kReservedFieldKeys.end(), name) !=
                          kReservedFieldKeys.end();
    if (reserved || std::any_of(builtin.begin(), builtin.end(),
                                [&](const domain::FieldDef& f) { return f.key == name; })) {
      fail_at(key_source, format_tr("{}: {} is a built-in field", path, name));
    }
    domain::FieldDef field;
    field.key = name;
    need_text(table, "label", path);
    field.label = domain::trim(need_string(table, "label", path));
    const auto same_label = [&](const domain::FieldDef& f) { return f.label == field.label; };
    if (std::any_of(builtin.begin(), builtin.end(), same_label) ||
        std::any_of(config.fields.begin(), config.fields.end(), same_label)) {
      fail_at(
          table.get("label")->source(),
          format_tr("{}.label \"{}\" is already the label of another field", path, field.label));
    }
    const std::string type = need_string(table, "type", path);
    const auto known =
        std::find_if(kTypes.begin(), kTypes.end(), [&](const auto& t) { return t.first == type; });
    if (known == kTypes.end()) {
      fail_at(table.get("type")->source(),
              format_tr("{}.type \"{}\" must be one of text, int, date, money, enum", path, type));
    }
    field.type = known->second;
    field.values = strings(table, "values");
    if (field.type == domain::FieldType::kEnum) {
      if (field.values.empty()) {
        fail_at(table.source(), format_tr("{}: an enum field needs a non-empty values list", path));
      }
      std::set<std::string> seen;
      for (std::string& value : field.values) {
        value = domain::trim(value);
        if (value.empty() || !seen.insert(value).second) {
          fail_at(table.get("values")->source(),
                  format_tr("{}.values must be distinct, non-empty strings", path));
        }
      }
    } else if (table.contains("values")) {
      fail_at(table.get("values")->source(),
              format_tr("{}.values is only for fields of type enum", path));
    }
    field.custom = true;
    field.sensitive = false;
    field.editable = true;
    config.fields.push_back(std::move(field));
  }
}

void read_materials(const toml::table& root, const std::vector<std::string>& order,
                    Config& config) {
  const toml::table& materials = need_table(root, "materials");
  check_names(materials, "materials");
  for (const std::string& name : order) {
    const toml::table& table = *materials.get(name)->as_table();
    const std::string path = join("materials", name);
    need_text(table, "label", path);
    MaterialKind kind{name, domain::trim(need_string(table, "label", path)),
                      need_int(table, "retention_years", path, 1, kMaxYears)};
    // `file --kind` accepts the label too, so two kinds must not share one.
    if (std::any_of(config.materials.begin(), config.materials.end(),
                    [&](const MaterialKind& k) { return k.label == kind.label; })) {
      fail_at(table.get("label")->source(),
              format_tr("{}.label \"{}\" is already the label of another kind", path, kind.label));
    }
    config.materials.push_back(std::move(kind));
  }
  if (config.materials.empty()) {
    fail_at(materials.source(), tr("[materials] must declare at least one kind"));
  }
}

void read_reports(const toml::table& root, const std::vector<std::string>& order, Config& config) {
  const toml::table* reports = root["reports"].as_table();
  if (reports == nullptr) return;
  check_names(*reports, "reports");
  for (const std::string& name : order) {
    const toml::table& table = *reports->get(name)->as_table();
    const std::string path = join("reports", name);
    if (std::find(kBuiltinReports.begin(), kBuiltinReports.end(), name) != kBuiltinReports.end()) {
      fail_at(key_of(*reports, name).source(),
              format_tr("{}: {} is a built-in report", path, name));
    }
    need_text(table, "title", path);
    need_text(table, "sql", path);
    config.reports.push_back({name, need_string(table, "title", path),
                              optional_string(table, "description"),
                              need_string(table, "sql", path)});
  }
}

Config build(toml::table merged, const Orders& orders) {
  Config config;
  const toml::node& lang = need(merged, "lang", "");
  config.lang = std::string(lang.as_string()->get());
  if (config.lang == "C") config.lang = "en";
  if (config.lang != "zh_CN" && config.lang != "en") {
    fail_at(lang.source(), format_tr("lang \"{}\" must be \"zh_CN\" or \"en\"", config.lang));
  }

  read_archive(merged, config);

  if (const toml::table* staff = merged["staff"].as_table()) {
    for (const auto& [login, name] : *staff) {
      // An empty name would make the operator, and so the audit log's "who", blank.
      if (domain::trim(name.as_string()->get()).empty()) {
        fail_at(name.source(), format_tr("{} must not be empty", join("staff", login.str())));
      }
      config.staff.emplace(login.str(), name.as_string()->get());
    }
  }
  const toml::table& roles = need_table(merged, "roles");
  config.roles.managers = strings(roles, "managers");
  config.roles.unmask = strings(roles, "unmask");

  read_grades(merged, orders.schemes, config);

  const toml::table& follow_up = need_table(merged, "follow_up");
  config.follow_up.visit_every_days =
      need_int(follow_up, "visit_every_days", "follow_up", 1, kMaxDays);
  config.follow_up.owner_claim_days =
      need_int(follow_up, "owner_claim_days", "follow_up", 1, kMaxDays);

  read_rules(merged, config);
  read_fields(merged, orders.fields, config);
  read_materials(merged, orders.materials, config);

  const toml::table& loans = need_table(merged, "loans");
  config.loans.default_days = need_int(loans, "default_days", "loans", 1, kMaxDays);
  config.loans.max_days = need_int(loans, "max_days", "loans", 1, kMaxDays);
  if (config.loans.max_days < config.loans.default_days) {
    fail_at(user_side(*loans.get("max_days"), *loans.get("default_days")).source(),
            format_tr("loans.max_days ({}) must not be less than loans.default_days ({})",
                      config.loans.max_days, config.loans.default_days));
  }
  config.loans.lend_secret = need(loans, "lend_secret", "loans").as_boolean()->get();

  config.purge.backup_days =
      need_int(need_table(merged, "purge"), "backup_days", "purge", 1, kMaxDays);
  config.purge.backup_dir = need_string(need_table(merged, "purge"), "backup_dir", "purge");

  if (const toml::table* templates = merged["templates"].as_table()) {
    check_names(*templates, "templates");
    for (const auto& [name, text] : *templates) {
      if (domain::trim(text.as_string()->get()).empty()) {
        fail_at(text.source(), format_tr("templates.{} must not be empty", name.str()));
      }
      config.templates.emplace(name.str(), text.as_string()->get());
    }
  }
  read_reports(merged, orders.reports, config);

  config.effective = std::move(merged);
  return config;
}

}  // namespace

const Grade* GradeScheme::find(std::string_view code) const {
  for (const Grade& grade : grades) {
    if (grade.code == code) return &grade;
  }
  const std::string folded = domain::ascii_upper(code);
  for (const Grade& grade : grades) {
    if (domain::ascii_upper(grade.code) == folded) return &grade;
  }
  return nullptr;
}

const GradeScheme* Config::find_scheme(std::string_view name) const {
  for (const GradeScheme& scheme : schemes) {
    if (scheme.name == name) return &scheme;
  }
  return nullptr;
}

Config load_config_text(std::string_view shipped_text, std::optional<std::string_view> user_text,
                        std::string_view user_name) {
  toml::table merged = parse(shipped_text, kShippedName);
  std::optional<toml::table> user;
  if (user_text) user = parse(*user_text, user_name);
  const toml::table* user_table = user ? &*user : nullptr;
  Orders orders{combined_order(merged, user_table, "grades"),
                combined_order(merged, user_table, "fields"),
                combined_order(merged, user_table, "materials"),
                combined_order(merged, user_table, "reports")};
  if (user) merge_into(merged, std::move(*user), "");
  return build(std::move(merged), orders);
}

Config load_config(const std::optional<std::filesystem::path>& user_file, bool user_file_required) {
  if (!user_file) return load_config_text(kShippedConfig, std::nullopt);
  const std::string name = user_file->string();
  std::error_code ec;
  const auto status = std::filesystem::status(*user_file, ec);
  if (status.type() == std::filesystem::file_type::not_found) {
    if (user_file_required) {
      throw Error(Exit::kConfig, format_tr("config file {} does not exist", name));
    }
    return load_config_text(kShippedConfig, std::nullopt);
  }
  if (std::filesystem::is_directory(status)) {
    throw Error(Exit::kConfig, format_tr("config file {} is a directory", name));
  }
  std::ifstream in(*user_file, std::ios::binary);
  std::ostringstream text;
  if (in) text << in.rdbuf();
  if (!in || in.bad()) {
    throw Error(Exit::kConfig,
                format_tr("cannot read config file {}: {}", name, std::strerror(errno)));
  }
  return load_config_text(kShippedConfig, text.str(), name);
}

bool listed(const std::vector<std::string>& names, std::string_view name, std::string_view login) {
  return std::any_of(names.begin(), names.end(), [&](const std::string& entry) {
    return !entry.empty() && (entry == name || entry == login);
  });
}

std::string shipped_lang() {
  try {
    const auto table = toml::parse(kShippedConfig);
    return table["lang"].value_or(std::string("en"));
  } catch (const toml::parse_error&) {
    return "en";  // load_config() reports the broken shipped file
  }
}

}  // namespace archive::config
