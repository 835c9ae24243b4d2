// The neutral Table's small helpers; renderers live in render.cpp.
#include "archive/report/table.h"

namespace archive::report {

void Table::add_row(Row row) {
  if (groups.empty()) groups.emplace_back();
  groups.back().rows.push_back(std::move(row));
}

std::size_t Table::row_count() const {
  std::size_t count = 0;
  for (const Group& group : groups) count += group.rows.size();
  return count;
}

}  // namespace archive::report
