// What is due for destruction (销毁) and what keeps something due from being destroyed:
// pure decisions over the facts of one archive, taking the business date as a parameter.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "archive/domain/date.h"

namespace archive::domain {

// A material that is not destroyed, as the retention rules see it.
struct MaterialFacts {
  std::int64_t id = 0;
  std::int64_t seq = 0;  // N of NO/N
  std::string kind;      // a [materials.*] name
  std::int64_t pages = 0;
  Date filed = Date::from_days(0);
  Date stored_end = Date::from_days(0);  // retention_end as recorded when it was filed
  // The kind's retention period in the current config; nothing when the kind is no longer
  // configured, and then the recorded end stands.
  std::optional<int> kind_years;
  std::string open_loan;  // the loan number that has it out; empty when in the room
};

// The retention end of a material under the current config: filed + the kind's years, so a
// changed config moves the end of everything not yet destroyed; the recorded end when the
// kind is gone from the config.
Date material_end(const MaterialFacts& m);

// An archive that is not destroyed, with its materials that are not destroyed.
struct ArchiveFacts {
  std::int64_t id = 0;
  std::string archive_no;
  std::string status;             // active | closed
  std::optional<Date> closed_on;  // with status closed
  bool held = false;              // under a legal hold
  std::string open_complaint;     // the id of an open complaint (F-…); empty when none
  std::vector<MaterialFacts> materials;
};

// Why something due is not destroyed, strongest first.
enum class Block { kNone, kHeld, kOnLoan, kOpenComplaint };

// One thing due for destruction: a whole archive (material_seq 0), or one material.
struct DueItem {
  std::int64_t archive_id = 0;
  std::string archive_no;
  std::int64_t material_id = 0;       // 0 for a whole archive
  std::int64_t material_seq = 0;      // 0 for a whole archive
  std::vector<std::string> kinds;     // distinct material kinds, in seq order of first use
  std::int64_t pages = 0;             // total pages (materials without a count add nothing)
  std::optional<Date> retention_end;  // nothing: an erasure on request of an archive that has
                                      // no end yet (active, without materials)
  Block block = Block::kNone;
  std::string block_detail;  // the loan number or complaint id that blocks it

  bool whole_archive() const { return material_seq == 0; }
  // "NO" or "NO/N"
  std::string item() const;
};

// What retention makes due in one archive on `today`:
// - the whole archive when it is closed, `today` is past closed_on + closed_years, and no
//   material is still within its retention; its end is the latest of those ends;
// - otherwise every material past its own end (material_end()), one item each.
// Each item is blocked by a legal hold on the archive, by a material of it being on loan,
// or by an open complaint of the archive, in that order. Nothing due: empty.
std::vector<DueItem> due_for_destruction(const ArchiveFacts& archive, int closed_years, Date today);

// A customer's request for erasure (PIPL): the whole archive, whatever its retention. Only a
// legal hold or a material on loan blocks it; an open complaint does not.
DueItem erasure_on_request(const ArchiveFacts& archive, int closed_years);

}  // namespace archive::domain
