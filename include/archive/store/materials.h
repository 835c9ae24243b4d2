// The materials (归档材料) of archives and the legal hold on an archive: the material table,
// the open loan items that say where a material is, and customer.legal_hold(_since).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "archive/store/db.h"
#include "archive/store/loans.h"  // OpenLoan

namespace archive::store {

// One material as stored. Dates are ISO; empty strings are "no value".
struct Material {
  std::int64_t id = 0;  // storage identity; 0 before insertion
  std::int64_t customer_id = 0;
  std::int64_t seq = 0;  // N of the material id NO/N, per archive
  std::string title;
  std::string kind;        // a [materials.*] name
  std::int64_t pages = 0;  // 0: not given
  std::string location;
  std::string level;
  std::string filed;
  std::string retention_end;
  std::string path;    // electronic materials: the absolute path of the file
  std::string sha256;  // with path: 64 lower-case hex digits
  std::string destroyed_on;
};

// Where a material is: an open loan (returned_on NULL) names its borrower, else it is in the
// room (or destroyed, see Material::destroyed_on).
struct MaterialState {
  Material material;
  std::optional<OpenLoan> loan;
};

// An electronic material for `verify`, with its archive number.
struct ElectronicMaterial {
  std::string archive_no;
  std::int64_t seq = 0;
  std::string path;
  std::string sha256;
};

class MaterialRepo {
 public:
  explicit MaterialRepo(Db& db) : db_(db) {}

  // The next N of an archive: the highest seq so far + 1 (1 for the first material).
  std::int64_t next_seq(std::int64_t customer_id);
  // Inserts the material (seq included) and returns its id.
  std::int64_t insert(const Material& material);
  // An archive's materials in seq order, each with its open loan if any.
  std::vector<MaterialState> of_customer(std::int64_t customer_id);
  // Every electronic material (with a path) that is not destroyed, of archives that are not
  // destroyed, in archive-number and seq order.
  std::vector<ElectronicMaterial> electronic();

 private:
  Db& db_;
};

// A legal hold (法律冻结) on an archive: while it stands, nothing of the archive is lent or
// destroyed.
struct Hold {
  std::string reason;
  std::string since;  // ISO business date
};

// The hold on an archive, or nothing when there is none.
std::optional<Hold> hold_of(Db& db, std::int64_t customer_id);
// Places (a value) or lifts (nothing) the hold of an archive.
void set_hold(Db& db, std::int64_t customer_id, const std::optional<Hold>& hold);

}  // namespace archive::store
