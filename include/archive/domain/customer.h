// A customer card as the commands handle it: canonical field values by stable key.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace archive::domain {

// One entry of a customer's grade in one scheme.
struct GradeEntry {
  std::string scheme;
  std::string code;
  std::string since;  // ISO business date
};

struct Customer {
  std::int64_t id = 0;            // storage identity; 0 before insertion
  std::string archive_no;         // "SH-000123"; never changes
  std::string status = "active";  // active | closed | destroyed
  std::string created;            // ISO business date of registration
  std::string closed_on;          // ISO, empty unless closed
  std::string destroyed_on;       // ISO, empty unless destroyed
  // Built-in fields (builtin_fields() keys) and custom fields, canonical values; a missing
  // key or an empty value means "no value".
  std::map<std::string, std::string> fields;
  // Grades, where the query that loaded the card asked for them.
  std::vector<GradeEntry> grades;

  const std::string& get(const std::string& key) const {
    static const std::string kEmpty;
    auto it = fields.find(key);
    return it == fields.end() ? kEmpty : it->second;
  }
};

}  // namespace archive::domain
